// What `npm run deploy` asks of CloudBase's management API (@cloudbase/manager-node), computed from
// the project's files (cloudbaserc.json, database/schema.ts) and what the environment already has.
// Pure and tested (tests/deploy/deploy-plan.test.ts): the requests are in the library's own shapes,
// and on an environment that is already up to date the plan is empty, so a second run changes nothing.
import type { CloudbaseRc, FunctionSpec, TriggerSpec } from '@wuye/cloudbase-local';
import { resolveEnvVariables } from '@wuye/cloudbase-local';
import type { CollectionSpec } from '../database/schema';
import privacyDeclarations from '../config/privacy-declarations.json';
import { databasePlan, type CreateIndex } from './database-plan';
import messagePush from '../config/message-push.json';

/**
 * manager-node's ICloudFunction (functions.createFunction / updateFunctionConfig): the fields we set
 * are exactly cloudbaserc.json's, with the `{{env.X}}` variables filled in and the code hash added.
 */
export type FunctionRequest = FunctionSpec;

/** A deployed function as functions.getFunctionDetail describes it (IFunctionInfo), the fields we compare. */
export interface DeployedFunction {
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  InstallDependency: 'TRUE' | 'FALSE';
  Environment: { Variables: Array<{ Key: string; Value: string }> };
  Triggers: Array<{ TriggerName: string; Type: string; TriggerDesc: string }>;
}

/** What the environment has now; a new environment has nothing. */
export interface EnvState {
  functions: Record<string, DeployedFunction | undefined>;
  /** Existing collections with their index names and client security rule (DescribeSafeRule: its tag, and the rule when CUSTOM). */
  collections: Record<string, { indexes: string[]; aclTag: string | null; rule: string | null } | undefined>;
  storageAcl: string | null;
}

export const NEW_ENVIRONMENT: EnvState = { functions: {}, collections: {}, storageAcl: null };

export type Step =
  | { kind: 'createFunction'; name: string; request: { func: FunctionRequest; functionRootPath: string; force: false } }
  | { kind: 'updateFunctionCode'; name: string; request: { func: FunctionRequest; functionRootPath: string } }
  | { kind: 'updateFunctionConfig'; name: string; request: FunctionRequest }
  | { kind: 'deleteFunctionTrigger'; name: string; triggerName: string }
  | { kind: 'createFunctionTriggers'; name: string; triggers: TriggerSpec[] }
  | { kind: 'createCollection'; collection: string }
  | { kind: 'createIndexes'; collection: string; indexes: CreateIndex[] }
  | { kind: 'modifySafeRule'; request: SafeRule & { CollectionName: string } }
  | { kind: 'setStorageAcl'; acl: 'PRIVATE' };

/** The deployed code's fingerprint travels as an environment variable, so an unchanged bundle is not uploaded again. */
export const CODE_HASH_VARIABLE = 'DEPLOYED_CODE_SHA256';
/**
 * Complaint photos: each user may write and read their own uploads; everyone else reaches them only
 * through short-lived links the api hands out after checking access (wechat-platform.md).
 */
const STORAGE_ACL = 'PRIVATE';

/** Every variable a function gets from this deploy: cloudbaserc.json's, filled in from the .env files' `env`, and the code hash. */
export function plannedVariables(spec: FunctionSpec, codeHash: string, env: NodeJS.ProcessEnv): Record<string, string> {
  return { ...resolveEnvVariables(spec.envVariables, env), [CODE_HASH_VARIABLE]: codeHash };
}

function request(spec: FunctionSpec, codeHash: string, env: NodeJS.ProcessEnv): FunctionRequest {
  return {
    name: spec.name,
    runtime: spec.runtime,
    handler: spec.handler,
    timeout: spec.timeout,
    memorySize: spec.memorySize,
    installDependency: spec.installDependency,
    ignore: spec.ignore,
    envVariables: plannedVariables(spec, codeHash, env),
    ...(spec.triggers ? { triggers: spec.triggers } : {}),
  };
}

/** The variables a deployed function runs with. */
export function deployedVariables(d: DeployedFunction): Record<string, string> {
  return Object.fromEntries(d.Environment.Variables.map((v) => [v.Key, v.Value]));
}

const sameVariables = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function functionSteps(spec: FunctionSpec, deployed: DeployedFunction | undefined, codeHash: string, functionRootPath: string, env: NodeJS.ProcessEnv): Step[] {
  const func = request(spec, codeHash, env);
  if (!deployed) return [{ kind: 'createFunction', name: spec.name, request: { func, functionRootPath, force: false } }];
  const steps: Step[] = [];
  const current = deployedVariables(deployed);
  if (current[CODE_HASH_VARIABLE] !== codeHash) steps.push({ kind: 'updateFunctionCode', name: spec.name, request: { func, functionRootPath } });
  const configDiffers =
    deployed.Runtime !== func.runtime ||
    deployed.Handler !== func.handler ||
    deployed.Timeout !== func.timeout ||
    deployed.MemorySize !== func.memorySize ||
    (deployed.InstallDependency === 'TRUE') !== func.installDependency ||
    !sameVariables(current, func.envVariables);
  if (configDiffers) steps.push({ kind: 'updateFunctionConfig', name: spec.name, request: func });
  const wanted = new Map((spec.triggers ?? []).map((t) => [t.name, t]));
  for (const t of deployed.Triggers) {
    const w = wanted.get(t.TriggerName);
    if (!w || w.type !== t.Type || w.config !== t.TriggerDesc) steps.push({ kind: 'deleteFunctionTrigger', name: spec.name, triggerName: t.TriggerName });
  }
  const missing = (spec.triggers ?? []).filter((w) => !deployed.Triggers.some((t) => t.TriggerName === w.name && t.Type === w.type && t.TriggerDesc === w.config));
  if (missing.length) steps.push({ kind: 'createFunctionTriggers', name: spec.name, triggers: missing });
  return steps;
}

/** A collection's client-side security rule as ModifySafeRule takes it. */
type SafeRule = { AclTag: 'ADMINONLY' } | { AclTag: 'CUSTOM'; Rule: string };

/** The client-side rule of a collection as CloudBase names it: closed is 「仅管理端可读写」. */
function safeRuleOf(c: CollectionSpec): SafeRule {
  return c.rules.read === false && c.rules.write === false ? { AclTag: 'ADMINONLY' } : { AclTag: 'CUSTOM', Rule: JSON.stringify(c.rules) };
}

/** Whether the environment's rule is the one wanted; a CUSTOM rule is compared as JSON, since the cloud may re-format it. */
function sameSafeRule(have: { aclTag: string | null; rule: string | null } | undefined, want: SafeRule): boolean {
  if (!have || have.aclTag !== want.AclTag) return false;
  if (want.AclTag !== 'CUSTOM') return true;
  try {
    return JSON.stringify(JSON.parse(have.rule ?? 'null')) === want.Rule;
  } catch {
    return false;
  }
}

/** `env`: the values `{{env.X}}` takes — the project's .env files (scripts/env-files.ts), never the shell. */
export function deployPlan(input: { rc: CloudbaseRc; functionRootPath: string; codeHashes: Record<string, string>; collections: CollectionSpec[]; state: EnvState; env: Record<string, string> }): Step[] {
  const { rc, state, env } = input;
  const steps: Step[] = rc.functions.flatMap((f) => functionSteps(f, state.functions[f.name], input.codeHashes[f.name]!, input.functionRootPath, env));
  const existing = Object.fromEntries(Object.entries(state.collections).flatMap(([name, c]) => (c ? [[name, c.indexes]] : [])));
  for (const c of input.collections) if (!state.collections[c.name]) steps.push({ kind: 'createCollection', collection: c.name });
  for (const p of databasePlan(input.collections, existing)) if (p.createIndexes.length) steps.push({ kind: 'createIndexes', collection: p.collection, indexes: p.createIndexes });
  for (const c of input.collections) {
    const wanted = safeRuleOf(c);
    if (!sameSafeRule(state.collections[c.name], wanted)) steps.push({ kind: 'modifySafeRule', request: { CollectionName: c.name, ...wanted } });
  }
  if (state.storageAcl !== STORAGE_ACL) steps.push({ kind: 'setStorageAcl', acl: STORAGE_ACL });
  return steps;
}

/** One Chinese line per step, for the dry run and the log. */
export function describe(step: Step): string {
  switch (step.kind) {
    case 'createFunction': {
      const f = step.request.func;
      return `创建云函数 ${f.name}：${f.runtime}，超时 ${f.timeout} 秒，内存 ${f.memorySize} MB，云端安装依赖${f.triggers?.length ? `，定时触发器 ${f.triggers.map((t) => `${t.name}（${t.config}）`).join('、')}` : ''}`;
    }
    case 'updateFunctionCode':
      return `更新云函数 ${step.name} 的代码`;
    case 'updateFunctionConfig':
      return `更新云函数 ${step.name} 的配置：${step.request.runtime}，超时 ${step.request.timeout} 秒，内存 ${step.request.memorySize} MB，环境变量 ${Object.keys(step.request.envVariables).join('、')}`;
    case 'deleteFunctionTrigger':
      return `删除云函数 ${step.name} 的旧触发器 ${step.triggerName}`;
    case 'createFunctionTriggers':
      return `为云函数 ${step.name} 创建触发器 ${step.triggers.map((t) => `${t.name}（${t.config}）`).join('、')}`;
    case 'createCollection':
      return `创建集合 ${step.collection}`;
    case 'createIndexes':
      return `为集合 ${step.collection} 创建索引 ${step.indexes.map((i) => i.IndexName).join('、')}`;
    case 'modifySafeRule':
      return `集合 ${step.request.CollectionName} 的安全规则设为${step.request.AclTag === 'ADMINONLY' ? '「仅管理端可读写」' : `自定义规则 ${step.request.Rule}`}`;
    case 'setStorageAcl':
      return '云存储权限设为「仅创建者可读写」（照片只通过云函数发放的临时链接给他人查看）';
  }
}

/** What only the consoles can do: printed after every run, said plainly. */
export function consoleChecklist(): string[] {
  return [
    `云开发控制台 → 设置 → 消息推送：把 ${messagePush.events.join('、')} 事件推送到云函数 ${messagePush.function}（照片内容检测的结果靠它送达；管理接口不提供这项设置）`,
    '微信公众平台 → 订阅消息：选用「投诉受理通知」「投诉处理进度通知」「投诉处理结果通知」「工单任务提醒」「小区公告通知」「意见建议回复通知」「满意度调查邀请」七个模板，把模板 id 填入 config/subscription-templates.json，再运行 npm run doctor 核对字段',
    `微信公众平台 → 设置 → 服务内容声明 → 用户隐私保护指引：逐项声明${privacyDeclarations.map((d) => `「${d.name}」`).join('')}，用途照 README「用户隐私保护指引」一节填写（config/privacy-declarations.json；未声明的接口会以 errno 112 失败）`,
    '微信公众平台 → 版本管理：上传的版本提交审核并发布（miniprogram-ci 只能上传到「开发版本」）',
  ];
}
