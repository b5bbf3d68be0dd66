// Starts an in-memory CloudBase Local on an ephemeral port and points the real, unmodified
// @cloudbase/node-sdk at it through environment variables only.
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { sdkEnvironment, startCloudBaseLocal, type RunningCloudBase, type StartOptions } from '@wuye/cloudbase-local';
import { productPlugins } from '../../scripts/local-plugins';

/** The node SDK arms a 3 s "slow request" warning timer per database call unless SILENCE is set;
 * under load (and after a server is killed on purpose) those timers would log after a test ends. */
export const QUIET_SDK = { SILENCE: 'true' };

export interface LocalCloud {
  local: RunningCloudBase;
  url: string;
  env: string;
  /** The SDK's app and database, as a cloud function would use them. */
  app: ReturnType<typeof tcb.init>;
  db: ReturnType<ReturnType<typeof tcb.init>['database']>;
  /** POST a local-only endpoint. */
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/** CloudBase Local with this product's collections (database/schema.ts) unless a test gives its own. */
export async function startLocal(options: StartOptions = {}): Promise<LocalCloud> {
  const env = options.env ?? 'test-env';
  const local = await startCloudBaseLocal({ port: 0, dataDir: null, strict: true, projectRoot: path.resolve(__dirname, '../..'), collections: productPlugins().collections, ...options, env });
  Object.assign(process.env, sdkEnvironment(local.url, env), QUIET_SDK);
  const app = tcb.init({ env });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${local.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as T;
  };
  return {
    local,
    url: local.url,
    env,
    app,
    db: app.database(),
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    stop: () => local.stop(),
  };
}
