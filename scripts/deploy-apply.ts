// The deploy plan's I/O: read what an environment has, and carry out each step, through the parts of
// @cloudbase/manager-node's API named below (its own method names and request shapes), so the test
// can run the same code against an in-memory stand-in of the management API.
import type { TriggerSpec } from '@wuye/cloudbase-local';
import type { CollectionSpec } from '../database/schema';
import type { CreateIndex } from './database-plan';
import { deployedVariables, type DeployedFunction, type EnvState, type FunctionRequest, type Step } from './deploy-plan';

/** The slice of manager-node 5.6.5 the deploy uses. */
export interface ManagerPort {
  functions: {
    getFunctionDetail(name: string): Promise<DeployedFunction>;
    createFunction(param: { func: FunctionRequest; functionRootPath: string; force: boolean }): Promise<unknown>;
    updateFunctionCode(param: { func: FunctionRequest; functionRootPath: string }): Promise<unknown>;
    updateFunctionConfig(func: FunctionRequest): Promise<unknown>;
    createFunctionTriggers(name: string, triggers: TriggerSpec[]): Promise<unknown>;
    deleteFunctionTrigger(name: string, triggerName: string): Promise<unknown>;
  };
  database: {
    checkCollectionExists(name: string): Promise<{ Exists: boolean }>;
    checkIndexExists(collection: string, index: string): Promise<{ Exists: boolean }>;
    createCollectionIfNotExists(name: string): Promise<unknown>;
    updateCollection(collection: string, info: { CreateIndexes: CreateIndex[] }): Promise<unknown>;
  };
  /**
   * CloudBase's own API (tcb 2018-06-08) for what manager-node wraps no longer: a collection's
   * security rule is DescribeSafeRule / ModifySafeRule. manager-node 5.6.5 marks its
   * permission.describeResourcePermission / modifyResourcePermission deprecated (the gateway's
   * policies moved elsewhere), and its docs send security rules through commonService.
   */
  commonService(service: 'tcb', version: '2018-06-08'): { call(options: SafeRuleCall): Promise<{ AclTag?: string; Rule?: string | null }> };
  storage: {
    getStorageAcl(): Promise<string>;
    setStorageAcl(acl: 'PRIVATE'): Promise<unknown>;
  };
}

export type SafeRuleCall =
  | { Action: 'DescribeSafeRule'; Param: { EnvId: string; CollectionName: string } }
  | { Action: 'ModifySafeRule'; Param: { EnvId: string; CollectionName: string; AclTag: string; Rule?: string } };

/** manager-node reports a missing function as a ResourceNotFound error. */
function isNotFound(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: string; message?: string };
  return /NotFound/i.test(`${code ?? ''} ${message ?? ''}`);
}

/** Each function as the environment has it; undefined where it is not deployed. */
async function readFunctions(m: ManagerPort, functionNames: string[]): Promise<EnvState['functions']> {
  const functions: EnvState['functions'] = {};
  for (const name of functionNames) {
    functions[name] = await m.functions.getFunctionDetail(name).catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
  }
  return functions;
}

/** Each function's variables as the environment has them (undefined: not deployed): what the doctor checks. */
export async function readVariables(m: ManagerPort, functionNames: string[]): Promise<Record<string, Record<string, string> | undefined>> {
  const functions = await readFunctions(m, functionNames);
  return Object.fromEntries(Object.entries(functions).map(([name, d]) => [name, d && deployedVariables(d)]));
}

export async function readState(m: ManagerPort, envId: string, functionNames: string[], collections: CollectionSpec[]): Promise<EnvState> {
  const functions = await readFunctions(m, functionNames);
  const state: EnvState = { functions, collections: {}, storageAcl: await m.storage.getStorageAcl() };
  const tcb = m.commonService('tcb', '2018-06-08');
  for (const c of collections) {
    if (!(await m.database.checkCollectionExists(c.name)).Exists) continue;
    const indexes: string[] = [];
    for (const i of c.indexes) if ((await m.database.checkIndexExists(c.name, i.name)).Exists) indexes.push(i.name);
    const rule = await tcb.call({ Action: 'DescribeSafeRule', Param: { EnvId: envId, CollectionName: c.name } });
    state.collections[c.name] = { indexes, aclTag: rule.AclTag ?? null, rule: rule.Rule ?? null };
  }
  return state;
}

export async function applyStep(m: ManagerPort, envId: string, step: Step): Promise<void> {
  switch (step.kind) {
    case 'createFunction':
      await m.functions.createFunction(step.request);
      return;
    case 'updateFunctionCode':
      await m.functions.updateFunctionCode(step.request);
      return;
    case 'updateFunctionConfig':
      await m.functions.updateFunctionConfig(step.request);
      return;
    case 'deleteFunctionTrigger':
      await m.functions.deleteFunctionTrigger(step.name, step.triggerName);
      return;
    case 'createFunctionTriggers':
      await m.functions.createFunctionTriggers(step.name, step.triggers);
      return;
    case 'createCollection':
      await m.database.createCollectionIfNotExists(step.collection);
      return;
    case 'createIndexes':
      await m.database.updateCollection(step.collection, { CreateIndexes: step.indexes });
      return;
    case 'modifySafeRule':
      await m.commonService('tcb', '2018-06-08').call({ Action: 'ModifySafeRule', Param: { EnvId: envId, ...step.request } });
      return;
    case 'setStorageAcl':
      await m.storage.setStorageAcl(step.acl);
      return;
  }
}
