// The `scheduler` cloud function, run every minute by its timer trigger (cloudbaserc.json): deadlines,
// reminders, escalation, callback tasks, auto-close, and delivery of the outbox — for every kind of
// document listed here (a new module adds its SweptKind): complaints, notices, suggestions, survey invitations;
// then the statistics, registered as the run's last step.
import rc from '../../../cloudbaserc.json';
import { complaintSweep } from '../../../server/complaints/sweep';
import { checkUpcomingShifts } from '../../../server/company/duty-check';
import { noticeSweep } from '../../../server/communication/notices-store';
import { cloudDeps, openApiProbe } from '../../../server/kernel/runtime';
import { DEFAULT_LIMITS, runScheduler } from '../../../server/kernel/scheduler';
import { scheduleSummaries, summarySweep } from '../../../server/communication/summaries-store';
import { suggestionSweep } from '../../../server/communication/suggestions-store';
import { surveyInvitationSweep } from '../../../server/communication/survey-invitations';
import { keepStatistics } from '../../../server/statistics/totals';
import config from '../config.json';

const deps = cloudDeps();
/** The timeout this function is deployed with; a run takes on new work for a third of it, so it ends inside half. */
const timeoutSeconds = rc.functions.find((f) => f.name === 'scheduler')!.timeout;
const limits = { ...DEFAULT_LIMITS, budgetMs: (timeoutSeconds * 1000) / 3 };

export async function main(event: unknown): Promise<unknown> {
  // npm run doctor asks whether the 云调用 permissions declared in config.json are registered.
  const probe = await openApiProbe(event, 'scheduler', config.permissions.openapi);
  if (probe) return probe;
  // Each community's summary of this month waits for the month's end (业户沟通总结, seed 002 职责).
  const summariesScheduled = await scheduleSummaries(deps).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
  // Before each duty shift: can its person be reached by some rung with credit left (issue 27.4)?
  const shifts = await checkUpcomingShifts(deps).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
  const report = await runScheduler(deps, [complaintSweep, summarySweep, noticeSweep, suggestionSweep, surveyInvitationSweep], keepStatistics, limits);
  // One line a run in the function's log (the cloud console, CloudBase Local's 云函数 tab): what it
  // did at a glance; the whole report is the return value beside it.
  console.log(
    `scheduler: timers ${report.timersIssued}, sent ${report.sent}, no credit (43101) ${report.noCredit}, retried ${report.retried}, dead ${report.dead}, failed ${report.failed}${report.outage ? ', WeChat outage' : ''}`,
  );
  for (const f of report.failures) console.error(`scheduler: ${f.collection}/${f.id} failed: ${f.error}`);
  return { ...report, summariesScheduled, shifts };
}
