// `npm run deploy`: from a built checkout to a live environment, in one command.
//   npm run deploy -- --dry-run       print the plan in Chinese, change nothing (the default without keys)
//   TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run deploy
//                                     functions (code, runtime, timeout, memory, variables, triggers),
//                                     collections, indexes, client permissions, storage permission
//   MINIPROGRAM_PRIVATE_KEY_PATH=…    also upload the mini-program (miniprogram-ci, 「开发版本」)
//   npm run deploy -- --mode test     also read .env.test (as `tcb … --mode test`)
// The environment is cloudbaserc.json's envId; the management SDK comes from scripts/manager.ts. The
// functions' variables come from the project's .env files, as the CLI reads them (scripts/env-files.ts).
// A required function variable left empty (scripts/function-variables.ts) refuses the deploy, and
// the dry run, before anything changes.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { readCloudbaseRc } from '@wuye/cloudbase-local';
import { collections } from '../database/schema';
import { applyStep, readState } from './deploy-apply';
import { modeArgument, readEnvFiles } from './env-files';
import { consoleChecklist, deployPlan, describe, NEW_ENVIRONMENT, plannedVariables } from './deploy-plan';
import { variableProblems, variableTable } from './function-variables';
import { manager } from './manager';
import { declaredPermissions, devToolsSteps, permissionFindings, probePermissions } from './openapi-permissions';

const root = path.resolve(__dirname, '..');

/** A function's deployed code: its bundle, package.json (the SDKs the cloud installs) and config.json. */
function codeHash(functionDir: string): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['index.js', 'package.json', 'config.json']) hash.update(fs.readFileSync(path.join(functionDir, file)));
  return hash.digest('hex');
}

async function uploadMiniprogram(appid: string, privateKeyPath: string): Promise<void> {
  const ci = (await import('miniprogram-ci')) as unknown as {
    Project: new (options: object) => unknown;
    upload(options: object): Promise<unknown>;
  };
  const project = new ci.Project({ appid, type: 'miniProgram', projectPath: root, privateKeyPath, ignores: ['node_modules/**/*', 'cloudfunctions/**/*'] });
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  await ci.upload({ project, version, desc: `npm run deploy ${new Date().toISOString().slice(0, 16)}`, setting: { useProjectConfig: true } });
  console.log(`小程序 ${version} 已上传为开发版本。`);
}

async function main(): Promise<void> {
  const rc = readCloudbaseRc(root);
  if (!rc) throw new Error('cloudbaserc.json is missing');
  const { TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey, MINIPROGRAM_PRIVATE_KEY_PATH: keyPath } = process.env;
  const credentials = !!(rc.envId && secretId && secretKey);
  const dryRun = process.argv.includes('--dry-run') || !credentials;
  const functionRootPath = path.resolve(root, rc.functionRoot);
  const codeHashes = Object.fromEntries(rc.functions.map((f) => [f.name, codeHash(path.join(functionRootPath, f.name))]));
  // `{{env.X}}` from the project's .env files, as `tcb` reads them (scripts/env-files.ts).
  const envFiles = readEnvFiles(root, modeArgument(process.argv));
  const variables = Object.fromEntries(rc.functions.map((f) => [f.name, plannedVariables(f, codeHashes[f.name]!, envFiles.values)]));
  const refusals = rc.functions.flatMap((f) => variableProblems(f, variables[f.name]!));
  const refuse = (outcome: string) => {
    for (const r of refusals) console.error(`✗ ${r}`);
    console.error(outcome);
    process.exitCode = 1;
  };

  console.log(dryRun ? `部署计划（未执行${credentials ? '' : '；没有密钥，按全新环境列出'}）——环境：${rc.envId || '（cloudbaserc.json 的 envId 未填）'}` : `部署到环境 ${rc.envId}`);
  console.log(`云函数将得到的环境变量（取自 ${envFiles.read.length ? envFiles.read.join('、') : '.env 文件（还没有）'}；部署会替换云端的整套变量；密钥只显示末两位）：`);
  for (const line of variableTable(variables)) console.log(line);
  if (refusals.length && !dryRun) return refuse('\n部署已拒绝：没有改动任何东西。');
  const m = credentials ? manager(root, rc.envId, secretId!, secretKey!) : null;
  const state = m ? await readState(m, rc.envId, rc.functions.map((f) => f.name), collections) : NEW_ENVIRONMENT;
  const steps = deployPlan({ rc, functionRootPath, codeHashes, collections, state, env: envFiles.values });
  console.log('步骤：');
  if (steps.length === 0) console.log('  环境已是最新，没有需要做的事。');
  for (const step of steps) {
    console.log(`  · ${describe(step)}`);
    if (!dryRun) await applyStep(m!, rc.envId, step);
  }
  // 云调用 permissions: no management API registers them (scripts/openapi-permissions.ts).
  const declared = declaredPermissions(rc, root);
  for (const line of devToolsSteps(declared)) console.log(`  · ${line}`);
  const appid = (JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8')) as { appid: string }).appid;
  if (keyPath) {
    if (dryRun) console.log(`  · 上传小程序（AppID ${appid}）为开发版本`);
    else await uploadMiniprogram(appid, keyPath);
  } else console.log('  （未设置 MINIPROGRAM_PRIVATE_KEY_PATH：小程序请用微信开发者工具上传，或设置上传密钥后重新运行）');
  console.log('\n只能在控制台完成的事（管理接口不提供）：');
  for (const item of consoleChecklist()) console.log(`  □ ${item}`);
  if (refusals.length) return refuse('\n这是演练：没有改动任何东西；按上面的提示设置后再部署，否则部署会被拒绝。');
  if (dryRun) return console.log('\n这是演练：没有改动任何东西。');
  // Not done until each function's live probe shows its permissions registered.
  const missing = permissionFindings(await probePermissions(tcb.init({ env: rc.envId, secretId, secretKey }), declared.map((d) => d.function))).filter((f) => f.level !== 'ok');
  if (missing.length === 0) return console.log('\n部署完成。运行 npm run doctor 检查上线条件与定时任务心跳。');
  console.log('\n部署尚未完成，还差在微信开发者工具中的一步：');
  for (const f of missing) console.log(`  ✗ ${f.text}`);
  process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
