// The `scheduler` cloud function, run every minute by its timer trigger (config.json): deadlines,
// reminders, escalation, callback tasks, auto-close, and delivery of the outbox.
import { cloudDeps } from '../../../server/runtime';
import { runScheduler } from '../../../server/scheduler';

const deps = cloudDeps();

export async function main(): Promise<unknown> {
  return runScheduler(deps);
}
