// npm run deploy's plan against the management API's request shapes (@cloudbase/manager-node), run
// through the deploy's own I/O against an in-memory stand-in of that API: a new environment gets
// everything, a second run changes nothing, and drift is put right.
import path from 'path';
import { readCloudbaseRc } from '@wuye/cloudbase-local';
import { collections } from '../../database/schema';
import { applyStep, readState } from '../../scripts/deploy-apply';
import { CODE_HASH_VARIABLE, consoleChecklist, deployPlan, describe, NEW_ENVIRONMENT, type Step } from '../../scripts/deploy-plan';
import { FakeManager } from '../support/manager';

const root = path.resolve(__dirname, '../..');
const rc = { ...readCloudbaseRc(root)!, envId: 'wuye-prod-8g3k' };
const functionRootPath = path.join(root, 'cloudfunctions');
const hashes = { api: 'a'.repeat(64), scheduler: 'b'.repeat(64), events: 'c'.repeat(64) };
const env = { STAFF_GROUP_WEBHOOK: 'http://robot.invalid/send?key=1' };
const plan = (state: Parameters<typeof deployPlan>[0]['state'], codeHashes: Record<string, string> = hashes) => deployPlan({ rc, functionRootPath, codeHashes, collections, state, env });

async function deploy(m: FakeManager, codeHashes = hashes): Promise<Step[]> {
  const steps = plan(await readState(m, rc.functions.map((f) => f.name), collections), codeHashes);
  for (const s of steps) await applyStep(m, s);
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
        envVariables: { MINIPROGRAM_STATE: 'formal', STAFF_GROUP_WEBHOOK: env.STAFF_GROUP_WEBHOOK, [CODE_HASH_VARIABLE]: hashes.scheduler },
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
  expect(steps.find((s) => s.kind === 'modifyResourcePermission')).toEqual({ kind: 'modifyResourcePermission', request: { resourceType: 'collection', resource: 'complaints', permission: 'ADMINONLY' } });
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

it('says plainly what only the console can do', () => {
  expect(consoleChecklist(rc)[0]).toContain('wxa_media_check 事件推送到云函数 events');
  // The privacy guide's items are the declarations the mini-program is checked against.
  expect(consoleChecklist(rc)[2]).toContain('「选中的照片或视频信息」「选中的文件」「剪切板」「手机号」');
});
