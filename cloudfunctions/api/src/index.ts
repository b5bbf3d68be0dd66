// The `api` cloud function: owners', staff's and managers' actions, routed by `action`.
// Production and CloudBase Local run this same code; only environment variables differ.
import tcb from '@cloudbase/node-sdk';
import cloud from 'wx-server-sdk';
import { handle } from '../../../server/api';
import type { Deps } from '../../../server/ports';

const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
// The typings declare the symbol wrongly as not assignable; it is the documented value.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const deps: Deps = {
  app,
  db: app.database(),
  now: () => new Date(),
  // security.msgSecCheck v2, scene 2 (comments): user text must be checked (wechat-platform.md).
  checkContent: async (openid, content) => {
    const res = (await cloud.openapi.security.msgSecCheck({ openid, scene: 2, version: 2, content })) as { result?: { suggest?: string } };
    const suggest = res.result?.suggest;
    return suggest === 'risky' ? 'risky' : suggest === 'review' ? 'review' : 'pass';
  },
};

export async function main(event: unknown): Promise<unknown> {
  return handle(deps, cloud.getWXContext().OPENID ?? '', event);
}
