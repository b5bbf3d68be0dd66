// cloudbaserc.json, read as the CloudBase CLI reads it: the project's one deployment config (env id,
// function root, and per function runtime, timeout, memory, environment variables and triggers).
// CloudBase Local runs the functions with these settings, the deploy script applies them and the
// preflight (npm run doctor) checks them, so no value is written twice.
import fs from 'fs';
import path from 'path';

export interface TriggerSpec {
  name: string;
  type: 'timer';
  /** 7-field cron, UTC+8 (cloudbase-protocol.md). */
  config: string;
}

export interface FunctionSpec {
  name: string;
  /** e.g. Nodejs18.15: the bundle targets it (scripts/build.js) and may use nothing it lacks. */
  runtime: string;
  handler: string;
  /** Seconds, 1–60. */
  timeout: number;
  memorySize: number;
  installDependency: boolean;
  ignore: string[];
  /** Values may name a variable of the deploying shell as `{{env.NAME}}` (the CLI's syntax). */
  envVariables: Record<string, string>;
  triggers?: TriggerSpec[];
}

export interface CloudbaseRc {
  version: string;
  /** The CloudBase environment; empty until the company fills it in. */
  envId: string;
  functionRoot: string;
  functions: FunctionSpec[];
}

const CLOUDBASERC = 'cloudbaserc.json';

/** The project's cloudbaserc.json, or null for a project without one (e.g. test fixtures). */
export function readCloudbaseRc(projectRoot: string): CloudbaseRc | null {
  const file = path.join(projectRoot, CLOUDBASERC);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CloudbaseRc) : null;
}

/** `{{env.NAME}}`: a variable of the deploying shell (the CLI's syntax). */
const SHELL_VARIABLE = /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** `{{env.NAME}}` → that variable of `env` (empty when unset), as the CLI fills them in. */
export function resolveEnvVariables(vars: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.replace(SHELL_VARIABLE, (_m, name: string) => env[name] ?? '')]));
}

/** The deploying shell's variables a cloudbaserc.json value takes. */
export function shellVariables(value: string): string[] {
  return [...value.matchAll(SHELL_VARIABLE)].map((m) => m[1]!);
}

export interface FunctionSettings {
  /** Seconds; undefined = the cloud's default. */
  timeout?: number;
  triggers: TriggerSpec[];
  envVariables: Record<string, string>;
}

/**
 * A function's settings as the cloud applies them: from cloudbaserc.json when the functions root is
 * the project's (what a deployment sets), else from the function's own config.json (test fixtures).
 */
export function functionSettings(projectRoot: string, functionsRoot: string, name: string): FunctionSettings {
  const rc = readCloudbaseRc(projectRoot);
  if (rc && path.resolve(projectRoot, rc.functionRoot) === path.resolve(functionsRoot)) {
    const spec = rc.functions.find((f) => f.name === name);
    return { timeout: spec?.timeout, triggers: spec?.triggers ?? [], envVariables: resolveEnvVariables(spec?.envVariables ?? {}) };
  }
  const config = functionConfig(functionsRoot, name);
  return { timeout: config.timeout, triggers: config.triggers ?? [], envVariables: {} };
}

/** A function folder's config.json: WeChat's `permissions` and `triggers` (test fixtures may add a `timeout`). */
interface FunctionConfig {
  timeout?: number;
  triggers?: TriggerSpec[];
  permissions?: { openapi?: string[] };
}

function functionConfig(functionsRoot: string, name: string): FunctionConfig {
  const file = path.join(functionsRoot, name, 'config.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionConfig) : {};
}

/**
 * The open APIs (云调用) a function may call: its config.json's `permissions.openapi`, whatever the
 * deployment — WeChat reads them from the uploaded function folder (wechat-platform.md, -604101).
 */
export function declaredOpenApis(functionsRoot: string, name: string): string[] {
  return functionConfig(functionsRoot, name).permissions?.openapi ?? [];
}
