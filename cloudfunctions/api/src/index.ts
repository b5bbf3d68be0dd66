// The `api` cloud function: owners', staff's and managers' actions, routed by `action`.
// Production and CloudBase Local run this same code; only environment variables differ.
import { handle } from '../../../server/api';
import { callerOpenid, cloudDeps } from '../../../server/runtime';

const deps = cloudDeps();

export async function main(event: unknown): Promise<unknown> {
  return handle(deps, callerOpenid(), event);
}
