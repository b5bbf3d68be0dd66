// The management API (@cloudbase/manager-node) as the deploy and the doctor see it, kept in memory:
// the real environment is out of reach offline, so their I/O runs against this stand-in of its shapes.
import type { TriggerSpec } from '@wuye/cloudbase-local';
import type { CreateIndex } from '../../scripts/database-plan';
import type { ManagerPort, SafeRuleCall } from '../../scripts/deploy-apply';
import type { DeployedFunction, FunctionRequest } from '../../scripts/deploy-plan';

/** The management API as the deploy sees it, kept in memory; records every call. */
export class FakeManager implements ManagerPort {
  calls: string[] = [];
  deployed = new Map<string, DeployedFunction>();
  tables = new Map<string, Set<string>>();
  /** Each collection's security rule, as DescribeSafeRule answers it. */
  safeRules = new Map<string, { AclTag: string; Rule?: string }>();
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
  commonService = (service: 'tcb', version: '2018-06-08') => ({
    call: async (options: SafeRuleCall) => {
      if (service !== 'tcb' || version !== '2018-06-08') throw new Error(`unknown service ${service} ${version}`);
      const { CollectionName } = options.Param;
      if (!this.tables.has(CollectionName)) throw Object.assign(new Error('[ResourceNotFound] collection'), { code: 'ResourceNotFound' });
      if (options.Action === 'DescribeSafeRule') {
        // The cloud answers with the rule re-formatted, as its console shows it.
        const r = this.safeRules.get(CollectionName);
        return { AclTag: r?.AclTag ?? 'PRIVATE', Rule: r?.Rule ? JSON.stringify(JSON.parse(r.Rule), null, 2) : null };
      }
      this.calls.push(`safeRule ${CollectionName}`);
      this.safeRules.set(CollectionName, { AclTag: options.Param.AclTag, Rule: options.Param.Rule });
      return {};
    },
  });
  storage = {
    getStorageAcl: async () => this.storageAcl,
    setStorageAcl: async (acl: 'PRIVATE') => {
      this.calls.push('storageAcl');
      this.storageAcl = acl;
    },
  };
}
