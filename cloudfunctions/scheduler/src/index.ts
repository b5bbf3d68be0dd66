// The `scheduler` cloud function, run every minute by its timer trigger (cloudbaserc.json): deadlines,
// reminders, escalation, callback tasks, auto-close, and delivery of the outbox — for every kind of
// document listed here (a new module adds its SweptKind).
import { complaintSweep } from '../../../server/complaint-sweep';
import { cloudDeps } from '../../../server/runtime';
import { runScheduler } from '../../../server/scheduler';

const deps = cloudDeps();

export async function main(): Promise<unknown> {
  return runScheduler(deps, [complaintSweep]);
}
