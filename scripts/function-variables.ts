// The cloud functions' environment variables: what each is for, whether a function may run with it
// empty, and whether it is a secret. The one list the deploy (and its dry run) and the doctor judge
// by; which function gets which variable, and where its value comes from, stays in cloudbaserc.json.
import { shellVariables, type FunctionSpec } from '@wuye/cloudbase-local';
import { SETUP_CODE_MIN_LENGTH } from '../server/company/setup';
import { CODE_HASH_VARIABLE } from './deploy-plan';

export interface VariableRule {
  /** What it is for, in the words of the plan and the refusals. */
  purpose: string;
  /** Empty (or shorter than minLength) refuses the deploy and blocks going live. */
  required: boolean;
  /** Shown as ****ab: the plan gets pasted into chats and tickets. */
  secret: boolean;
  minLength?: number;
}

export const FUNCTION_VARIABLES: Record<string, VariableRule> = {
  // Empty, nobody can become the first administrator (server/company/setup.ts); too short, anyone
  // who guesses it takes the company.
  SETUP_CODE: { purpose: '公司开通码，负责人凭它成为第一位管理员', required: true, secret: true, minLength: SETUP_CODE_MIN_LENGTH },
  // Empty means the released version (server/kernel/runtime.ts).
  MINIPROGRAM_STATE: { purpose: '订阅消息打开的小程序版本，空即正式版', required: false, secret: false },
  [CODE_HASH_VARIABLE]: { purpose: '已部署代码的指纹，部署时自动填写', required: false, secret: false },
};

/** A secret keeps only its last two characters, enough to tell which one was set. */
const SHOWN_TAIL = 2;
/** Shorter secrets show nothing of themselves. */
const TAIL_FROM_LENGTH = 8;

export function shownValue(name: string, value: string): string {
  if (!value) return '（空）';
  // A variable nobody has described yet is treated as a secret until it is.
  if (FUNCTION_VARIABLES[name]?.secret === false) return value;
  return `****${value.length >= TAIL_FROM_LENGTH ? value.slice(-SHOWN_TAIL) : ''}`;
}

/** How a company sets the variable: in the project's .env.local when cloudbaserc.json takes it from the .env files, as the CLI does. */
function howToSet(spec: FunctionSpec, name: string, rule: VariableRule): string {
  const [fromEnvFile] = shellVariables(spec.envVariables[name] ?? '');
  const value = rule.minLength ? `至少${rule.minLength}位的值` : '…';
  return fromEnvFile ? `请在项目根目录的 .env.local 写一行 ${fromEnvFile}=${value} 后重新部署（.env.local 不进 git；tcb 命令行读取同一个文件）` : `请在 cloudbaserc.json 中云函数 ${spec.name} 的 envVariables 填写 ${name} 后重新部署`;
}

/** What is wrong with the variables a function gets (or has, in the environment): one Chinese sentence each. */
export function variableProblems(spec: FunctionSpec, values: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(spec.envVariables)) {
    const rule = FUNCTION_VARIABLES[name];
    const subject = `云函数 ${spec.name} 的环境变量 ${name}`;
    if (!rule) {
      problems.push(`${subject} 没有在 scripts/function-variables.ts 中说明用途与是否必填`);
      continue;
    }
    const value = values[name] ?? '';
    if (rule.required && value === '') problems.push(`${subject} 为空（${rule.purpose}）：${howToSet(spec, name, rule)}`);
    else if (rule.minLength && value !== '' && value.length < rule.minLength) problems.push(`${subject} 只有 ${value.length} 位，至少要 ${rule.minLength} 位（${rule.purpose}）：${howToSet(spec, name, rule)}`);
  }
  return problems;
}

/** The dry run's (and the log's) table: every variable each function gets, secrets masked. */
export function variableTable(values: Record<string, Record<string, string>>): string[] {
  return Object.entries(values).flatMap(([fn, vars]) => [
    `  云函数 ${fn}：`,
    ...Object.entries(vars).map(([name, value]) => {
      const rule = FUNCTION_VARIABLES[name];
      return `      ${name} = ${shownValue(name, value)}${rule ? `（${rule.required ? '必填' : '可选'}：${rule.purpose}）` : ''}`;
    }),
  ]);
}
