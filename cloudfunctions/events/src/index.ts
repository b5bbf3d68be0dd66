// The `events` cloud function: receives WeChat's message pushes (set in the console under 消息推送 →
// this function), today the `wxa_media_check` verdicts of complaint photos.
import { handleEvent } from '../../../server/events';
import { cloudDeps } from '../../../server/runtime';

const deps = cloudDeps();

export async function main(event: unknown): Promise<unknown> {
  return handleEvent(deps, event);
}
