// The `events` cloud function: receives WeChat's message pushes (set in the console under 消息推送 →
// this function), today the `wxa_media_check` verdicts of complaint photos.
import { handleEvent } from '../../../server/events';
import { cloudDeps, openApiProbe } from '../../../server/kernel/runtime';
import config from '../config.json';

const deps = cloudDeps();

export async function main(event: unknown): Promise<unknown> {
  // npm run doctor asks whether the 云调用 permissions declared in config.json are registered.
  return (await openApiProbe(event, 'events', config.permissions.openapi)) ?? handleEvent(deps, event);
}
