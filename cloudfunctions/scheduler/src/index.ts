// The `scheduler` cloud function, run every minute by its timer trigger (config.json): deadlines,
// reminders, escalation, callback tasks, auto-close, and delivery of the outbox.
import tcb from '@cloudbase/node-sdk';
import cloud from 'wx-server-sdk';
import { runScheduler, type SchedulerDeps } from '../../../server/scheduler';

const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
// The typings declare the symbol wrongly as not assignable; it is the documented value.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const deps: SchedulerDeps = {
  app,
  db: app.database(),
  now: () => new Date(),
  checkContent: async () => 'pass',
  sendSubscription: async ({ touser, templateId, page, data }) => {
    try {
      await cloud.openapi.subscribeMessage.send({ touser, templateId, page, data, miniprogramState: 'formal' });
      return { errCode: 0, errMsg: 'ok' };
    } catch (e) {
      const err = e as { errCode?: number; errMsg?: string };
      return { errCode: err.errCode ?? -1, errMsg: err.errMsg ?? String(e) };
    }
  },
};

export async function main(): Promise<unknown> {
  return runScheduler(deps);
}
