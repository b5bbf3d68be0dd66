// `npm run doctor`: the go-live preflight, run before going live and after each change. Reads the
// project's own files, and the scheduler's heartbeat when an environment is reachable:
//   CLOUDBASE_LOCAL_URL=http://127.0.0.1:3030   a running `npm start`
//   TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=…   the environment in cloudbaserc.json
// Prints one Chinese line per check; exits 1 when anything blocks going live.
import fs from 'fs';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { readCloudbaseRc } from '../cloudbase-local/cloudbaserc';
import { sdkEnvironment } from '../cloudbase-local/sdk-env';
import { DEFAULT_POLICY } from '../domain/policy';
import type { CloudApp } from '../server/ports';
import { lastSchedulerRun } from '../server/scheduler';
import { declaredPermissions, permissionFindings, probePermissions } from './openapi-permissions';
import { preflight, type Finding, type PreflightInput } from './preflight';

const root = path.resolve(__dirname, '..');
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

function benchFigures(): PreflightInput['bench'] {
  const file = path.join(root, 'bench', 'functions.json');
  if (!fs.existsSync(file)) return null;
  const b = JSON.parse(fs.readFileSync(file, 'utf8')) as { scaling: Array<{ firstSweepMs: number; sweepMsMedian: number; statsMs: number }>; latency: { runs: Array<{ submit: { p95: number }; change: { p95: number } }> } };
  return {
    worstSweepMs: Math.max(...b.scaling.map((s) => Math.max(s.firstSweepMs, s.sweepMsMedian))),
    worstApiMs: Math.max(...b.scaling.map((s) => s.statsMs), ...b.latency.runs.flatMap((r) => [r.submit.p95, r.change.p95])),
  };
}

/** The environment to check live, with the keys of an administrator (no WeChat user); null when none is reachable. */
function environment(envId: string): CloudApp | null {
  const local = process.env.CLOUDBASE_LOCAL_URL;
  if (local) {
    Object.assign(process.env, sdkEnvironment(local, process.env.CLOUDBASE_LOCAL_ENV ?? 'local-env'));
    return tcb.init({ env: process.env.CLOUDBASE_LOCAL_ENV ?? 'local-env' });
  }
  const { TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey } = process.env;
  if (!envId || !secretId || !secretKey) return null;
  return tcb.init({ env: envId, secretId, secretKey });
}

async function main(): Promise<void> {
  const rc = readCloudbaseRc(root);
  if (!rc) throw new Error('cloudbaserc.json is missing');
  const functionsRoot = path.join(root, rc.functionRoot);
  const functionFolders = fs.readdirSync(functionsRoot).filter((n) => fs.existsSync(path.join(functionsRoot, n, 'src', 'index.ts')));
  const bundles = Object.fromEntries(
    functionFolders.filter((n) => fs.existsSync(path.join(functionsRoot, n, 'index.js'))).map((n) => [n, fs.readFileSync(path.join(functionsRoot, n, 'index.js'), 'utf8')]),
  );
  const app = environment(rc.envId);
  const findings = preflight({
    appid: read<{ appid: string }>('project.config.json').appid,
    rc,
    templates: read('config/subscription-templates.json'),
    functionFolders,
    bundles,
    policy: DEFAULT_POLICY,
    now: new Date(),
    bench: benchFigures(),
    heartbeat: app
      ? await lastSchedulerRun(app.database()).catch((e: unknown) => {
          console.log(`! 读取定时任务心跳失败：${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        })
      : undefined,
  });
  // The live probe: are the 云调用 permissions each function declares registered (DevTools upload)?
  const declared = declaredPermissions(rc, root);
  if (app) findings.push(...permissionFindings(await probePermissions(app, declared.map((d) => d.function))));
  else findings.push({ level: 'warning', text: `未连接云环境，没有检查云调用权限是否已登记（${declared.map((d) => d.function).join('、')}）` });
  const mark: Record<Finding['level'], string> = { ok: '✓', warning: '!', blocker: '✗' };
  for (const f of findings) console.log(`${mark[f.level]} ${f.text}`);
  const blockers = findings.filter((f) => f.level === 'blocker').length;
  console.log(blockers ? `\n有 ${blockers} 项必须处理后才能上线。` : '\n可以上线。');
  process.exitCode = blockers ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
