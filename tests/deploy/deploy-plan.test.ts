// npm run deploy's plan against the management API's request shapes (@cloudbase/manager-node), run
// through the deploy's own I/O against an in-memory stand-in of that API: a new environment gets
// everything, a second run changes nothing, and drift is put right.
import path from 'path';
import { readCloudbaseRc, type TriggerSpec } from '../../cloudbase-local/cloudbaserc';
import { collections } from '../../database/schema';
import type { CreateIndex } from '../../scripts/database-plan';
import { applyStep, readState, type ManagerPort } from '../../scripts/deploy-apply';
import { CODE_HASH_VARIABLE, consoleChecklist, deployPlan, describe, NEW_ENVIRONMENT, type DeployedFunction, type FunctionRequest, type Step } from '../../scripts/deploy-plan';

const root = path.resolve(__dirname, '../..');
const rc = { ...readCloudbaseRc(root)!, envId: 'wuye-prod-8g3k' };
const functionRootPath = path.join(root, 'cloudfunctions');
const hashes = { api: 'a'.repeat(64), scheduler: 'b'.repeat(64), events: 'c'.repeat(64) };
const env = { STAFF_GROUP_WEBHOOK: 'http://robot.invalid/send?key=1' };
const plan = (state: Parameters<typeof deployPlan>[0]['state'], codeHashes: Record<string, string> = hashes) => deployPlan({ rc, functionRootPath, codeHashes, collections, state, env });

/** The management API as the deploy sees it, kept in memory; records every call. */
class FakeManager implements ManagerPort {
  calls: string[] = [];
  deployed = new Map<string, DeployedFunction>();
  tables = new Map<string, Set<string>>();
  acl = new Map<string, string>();
  storageAcl = 'READONLY';
  private toDeployed(f: FunctionRequest, triggers: TriggerSpec[]): DeployedFunction {
    return {
      Runtime: f.runtime,
      Handler: f.handler,
      Timeout: f.timeout,
      MemorySize: f.memorySize,
      InstallDependency: f.installDependency ? 'TRUE' : 'FALSE',
      Environment: { Variables: Object.entries(f.envVariables).map(([Key, Value]) => ({ Key, Value })) },
      Triggers: triggers.map((t) => ({ TriggerName: t.name, Type: t.type, TriggerDesc: t.config })),
    };
  }
  functions = {
    getFunctionDetail: async (name: string) => {
      const f = this.deployed.get(name);
      if (!f) throw Object.assign(new Error(`[ResourceNotFound.Function] 未找到指定的Function`), { code: 'ResourceNotFound.Function' });
      return f;
    },
    createFunction: async ({ func }: { func: FunctionRequest; functionRootPath: string; force: boolean }) => {
      this.calls.push(`createFunction ${func.name}`);
      this.deployed.set(func.name, this.toDeployed(func, func.triggers ?? []));
    },
    updateFunctionCode: async ({ func }: { func: FunctionRequest }) => {
      this.calls.push(`updateFunctionCode ${func.name}`);
    },
    updateFunctionConfig: async (func: FunctionRequest) => {
      this.calls.push(`updateFunctionConfig ${func.name}`);
      const triggers = this.deployed.get(func.name)!.Triggers;
      this.deployed.set(func.name, { ...this.toDeployed(func, []), Triggers: triggers });
    },
    createFunctionTriggers: async (name: string, triggers: TriggerSpec[]) => {
      this.calls.push(`createFunctionTriggers ${name}`);
      this.deployed.get(name)!.Triggers.push(...triggers.map((t) => ({ TriggerName: t.name, Type: t.type, TriggerDesc: t.config })));
    },
    deleteFunctionTrigger: async (name: string, triggerName: string) => {
      this.calls.push(`deleteFunctionTrigger ${name} ${triggerName}`);
      const f = this.deployed.get(name)!;
      f.Triggers = f.Triggers.filter((t) => t.TriggerName !== triggerName);
    },
  };
  database = {
    checkCollectionExists: async (name: string) => ({ Exists: this.tables.has(name) }),
    checkIndexExists: async (collection: string, index: string) => ({ Exists: this.tables.get(collection)?.has(index) ?? false }),
    createCollectionIfNotExists: async (name: string) => {
      this.calls.push(`createCollection ${name}`);
      if (!this.tables.has(name)) this.tables.set(name, new Set());
    },
    updateCollection: async (collection: string, info: { CreateIndexes: CreateIndex[] }) => {
      this.calls.push(`createIndexes ${collection}`);
      for (const i of info.CreateIndexes) this.tables.get(collection)!.add(i.IndexName);
    },
  };
  permission = {
    describeResourcePermission: async ({ resources }: { resources: string[] }) => ({ Data: { PermissionList: resources.filter((r) => this.acl.has(r)).map((r) => ({ Resource: r, Permission: this.acl.get(r) })) } }),
    modifyResourcePermission: async ({ resource, permission }: { resource: string; permission: string }) => {
      this.calls.push(`permission ${resource}`);
      this.acl.set(resource, permission);
    },
  };
  storage = {
    getStorageAcl: async () => this.storageAcl,
    setStorageAcl: async (acl: 'PRIVATE') => {
      this.calls.push('storageAcl');
      this.storageAcl = acl;
    },
  };
}

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
