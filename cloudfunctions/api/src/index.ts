// The `api` cloud function: owners', staff's and managers' actions, routed by `action`.
// Production and CloudBase Local run this same code; only environment variables differ.
import { handle } from '../../../server/api';
import { callerOpenid, cloudDeps, openApiProbe } from '../../../server/kernel/runtime';
import config from '../config.json';

const deps = cloudDeps();

export async function main(event: unknown): Promise<unknown> {
  // npm run doctor asks whether the 云调用 permissions declared in config.json are registered.
  return (await openApiProbe(event, 'api', config.permissions.openapi)) ?? handle(deps, callerOpenid(), event);
}
