// The values `{{env.NAME}}` takes in cloudbaserc.json, read as the CloudBase CLI reads them: from the
// project's .env files — `.env`, then `.env.local`, then `.env.<mode>` when a mode is given (as
// `tcb … --mode <mode>`), a later file winning — and never from the shell. So `npm run deploy` and
// `tcb fn deploy` give a function the same variables from the same one file (docs.cloudbase.net,
// CLI 配置文件 → 环境变量). The files are git-ignored: they hold secrets (SETUP_CODE, robot keys).
import fs from 'fs';
import path from 'path';
import { parseEnv } from 'util';

/** A mode names a file; nothing that could step out of the project. */
const MODE = /^[A-Za-z0-9_-]{1,40}$/;

export interface EnvFiles {
  values: Record<string, string>;
  /** The files read, in order, relative to the project. */
  read: string[];
}

export function readEnvFiles(root: string, mode?: string): EnvFiles {
  if (mode !== undefined && !MODE.test(mode)) throw new Error(`--mode 只能是字母、数字、- 或 _：${mode}`);
  const names = ['.env', '.env.local', ...(mode ? [`.env.${mode}`] : [])];
  const values: Record<string, string> = {};
  const read: string[] = [];
  for (const name of names) {
    const file = path.join(root, name);
    if (!fs.existsSync(file)) continue;
    Object.assign(values, parseEnv(fs.readFileSync(file, 'utf8')));
    read.push(name);
  }
  return { values, read };
}

/** `--mode <mode>` of the command line, as the CLI takes it. */
export function modeArgument(argv: string[]): string | undefined {
  const at = argv.indexOf('--mode');
  return at >= 0 ? argv[at + 1] : undefined;
}
