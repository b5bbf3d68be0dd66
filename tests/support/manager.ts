// The management API (@cloudbase/manager-node) as the deploy and the doctor see it, kept in memory:
// the real environment is out of reach offline, so their I/O runs against this stand-in of its shapes.
import type { TriggerSpec } from '@wuye/cloudbase-local';
import type { CreateIndex } from '../../scripts/database-plan';
import type { ManagerPort } from '../../scripts/deploy-apply';
import type { DeployedFunction, FunctionRequest } from '../../scripts/deploy-plan';

/** The management API as the deploy sees it, kept in memory; records every call. */
export class FakeManager implements ManagerPort {
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
