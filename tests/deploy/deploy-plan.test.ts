// npm run deploy's plan against the management API's request shapes (@cloudbase/manager-node), run
// through the deploy's own I/O against an in-memory stand-in of that API: a new environment gets
// everything, a second run changes nothing, and drift is put right.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parseEnv } from 'util';
import { readCloudbaseRc, shellVariables } from '@wuye/cloudbase-local';
import { collections } from '../../database/schema';
import { applyStep, readState } from '../../scripts/deploy-apply';
import { CODE_HASH_VARIABLE, consoleChecklist, deployPlan, describe, NEW_ENVIRONMENT, type Step } from '../../scripts/deploy-plan';
import { readEnvFiles } from '../../scripts/env-files';
import { FakeManager } from '../support/manager';

const root = path.resolve(__dirname, '../..');
const rc = { ...readCloudbaseRc(root)!, envId: 'wuye-prod-8g3k' };
const functionRootPath = path.join(root, 'cloudfunctions');
const hashes = { api: 'a'.repeat(64), scheduler: 'b'.repeat(64), events: 'c'.repeat(64) };
// No function variable is read from the deployer's terminal but the api's SETUP_CODE (not in these plans' checks).
const env = {};
const plan = (state: Parameters<typeof deployPlan>[0]['state'], codeHashes: Record<string, string> = hashes) => deployPlan({ rc, functionRootPath, codeHashes, collections, state, env });

async function deploy(m: FakeManager, codeHashes = hashes): Promise<Step[]> {
  const steps = plan(await readState(m, rc.envId, rc.functions.map((f) => f.name), collections), codeHashes);
  for (const s of steps) await applyStep(m, rc.envId, s);
  return steps;
}

it('a new environment gets every function with its runtime, timeout, variables and trigger, in manager-node’s shape', () => {
  const steps = plan(NEW_ENVIRONMENT);
  const scheduler = steps.find((s) => s.kind === 'createFunction' && s.name === 'scheduler');
  expect(scheduler).toEqual({
    kind: 'createFunction',
    name: 'scheduler',
    request: {
      functionRootPath,
      force: false,
      func: {
        name: 'scheduler',
        runtime: 'Nodejs18.15',
        handler: 'index.main',
        timeout: 60,
        memorySize: 256,
        installDependency: true,
        ignore: ['src', 'node_modules'],
        envVariables: { MINIPROGRAM_STATE: 'formal', [CODE_HASH_VARIABLE]: hashes.scheduler },
        triggers: [{ name: 'sweep', type: 'timer', config: '0 * * * * * *' }],
      },
    },
  });
  expect(steps.filter((s) => s.kind === 'createFunction').map((s) => s.kind === 'createFunction' && [s.name, s.request.func.timeout])).toEqual([
    ['api', 20],
    ['scheduler', 60],
    ['events', 10],
  ]);
  expect(steps.filter((s) => s.kind === 'createCollection')).toHaveLength(collections.length);
  expect(steps.find((s) => s.kind === 'modifySafeRule')).toEqual({ kind: 'modifySafeRule', request: { CollectionName: 'complaints', AclTag: 'ADMINONLY' } });
  expect(steps.at(-1)).toEqual({ kind: 'setStorageAcl', acl: 'PRIVATE' });
  // Every step reads as a line of the Chinese plan.
  expect(describe(scheduler!)).toBe('创建云函数 scheduler：Nodejs18.15，超时 60 秒，内存 256 MB，云端安装依赖，定时触发器 sweep（0 * * * * * *）');
  expect(steps.map(describe).every((line) => /[\u4e00-\u9fa5]/.test(line))).toBe(true);
});

it('applied to an environment, a second run changes nothing', async () => {
  const m = new FakeManager();
  await deploy(m);
  expect(m.calls).toContain('createFunction scheduler');
  expect(m.deployed.get('scheduler')!.Triggers).toEqual([{ TriggerName: 'sweep', Type: 'timer', TriggerDesc: '0 * * * * * *' }]);
  m.calls = [];
  expect(await deploy(m)).toEqual([]);
  expect(m.calls).toEqual([]);
});

it('puts drift right: new code, a timeout changed in the console, a trigger edited by hand', async () => {
  const m = new FakeManager();
  await deploy(m);
  m.deployed.get('scheduler')!.Timeout = 3;
  m.deployed.get('scheduler')!.Triggers = [{ TriggerName: 'sweep', Type: 'timer', TriggerDesc: '0 0 * * * * *' }];
  m.calls = [];
  await deploy(m, { ...hashes, api: 'd'.repeat(64) });
  expect(m.calls).toEqual(['updateFunctionCode api', 'updateFunctionConfig api', 'updateFunctionConfig scheduler', 'deleteFunctionTrigger scheduler sweep', 'createFunctionTriggers scheduler']);
  expect(m.deployed.get('scheduler')).toMatchObject({ Timeout: 60, Triggers: [{ TriggerName: 'sweep', TriggerDesc: '0 * * * * * *' }] });
  m.calls = [];
  expect(await deploy(m, { ...hashes, api: 'd'.repeat(64) })).toEqual([]);
});

it('closes a collection someone opened in the console, through ModifySafeRule, not the deprecated permission calls', async () => {
  const m = new FakeManager();
  await deploy(m);
  expect(m.safeRules.get('complaints')).toEqual({ AclTag: 'ADMINONLY', Rule: undefined });
  m.safeRules.set('complaints', { AclTag: 'READONLY' });
  m.calls = [];
  await deploy(m);
  expect(m.calls).toEqual(['safeRule complaints']);
  expect(m.safeRules.get('complaints')).toEqual({ AclTag: 'ADMINONLY', Rule: undefined });
});

it('one file for the CLI and for us: the current schema version, and .env.example names every {{env.X}} the .env files fill in', () => {
  // The CLI's schema accepts only "2.1" and these top-level keys (docs.cloudbase.net, CLI 配置文件):
  // our own settings (the message-push function) live in config/, not beside them.
  expect(rc.version).toBe('2.1');
  const cli = ['version', 'envId', 'region', 'functionRoot', 'functions', 'integrations', 'app', 'gateway', 'hosting', 'database'];
  expect(Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'))).filter((k) => !cli.includes(k))).toEqual([]);
  const wanted = new Set(rc.functions.flatMap((f) => Object.values(f.envVariables).flatMap(shellVariables)));
  expect(Object.keys(parseEnv(fs.readFileSync(path.join(root, '.env.example'), 'utf8'))).sort()).toEqual([...wanted].sort());
});

it('reads {{env.X}} from .env, .env.local and .env.<mode>, a later file winning, never from the shell', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-files-'));
  fs.writeFileSync(path.join(dir, '.env'), 'SETUP_CODE=from-env\nMINIPROGRAM_STATE=trial\n');
  fs.writeFileSync(path.join(dir, '.env.local'), 'SETUP_CODE=from-local\n');
  fs.writeFileSync(path.join(dir, '.env.prod'), 'SETUP_CODE="from prod"\n');
  process.env.SHELL_ONLY_VARIABLE = 'shell';
  expect(readEnvFiles(dir)).toEqual({ values: { SETUP_CODE: 'from-local', MINIPROGRAM_STATE: 'trial' }, read: ['.env', '.env.local'] });
  expect(readEnvFiles(dir, 'prod').values).toEqual({ SETUP_CODE: 'from prod', MINIPROGRAM_STATE: 'trial' });
  expect(() => readEnvFiles(dir, '../etc/passwd')).toThrow('--mode');
  delete process.env.SHELL_ONLY_VARIABLE;
  fs.rmSync(dir, { recursive: true, force: true });
});

it('says plainly what only the console can do', () => {
  expect(consoleChecklist()[0]).toContain('wxa_media_check 事件推送到云函数 events');
  // The privacy guide's items are the declarations the mini-program is checked against.
  expect(consoleChecklist()[2]).toContain('「选中的照片或视频信息」「麦克风」「选中的文件」「剪切板」「手机号」');
});
