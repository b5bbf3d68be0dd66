// The scheduler's run (timer trigger): (1) issue what the clock asks of complaints whose
// `nextTimerAt` has come — reminders, escalation, callback tasks, auto-close; (2) deliver what waits
// in their outboxes as subscription messages. Both find their work through an index, a bounded page
// at a time, and write by compare-and-set, so two overlapping runs never issue or send a thing twice.
import type { Complaint } from '../domain/complaint';
import { decide } from '../domain/lifecycle';
import type { Actor } from '../domain/model';
import type { NotificationIntent } from '../domain/notifications';
import { statusWord } from '../domain/notifications';
import { DUTY_ROLES, onDuty, type DutyRoster, type DutyShift } from '../domain/routing';
import { dueTimers } from '../domain/timers';
import { applyEvents, mutateComplaint, saveComplaint, toLoaded, type Loaded, type OutboxEntry } from './complaints';
import { resendMediaChecks } from './media';
import type { Member } from './members';
import type { Policy } from '../domain/policy';
import { currentPolicy } from './policy';
import type { Deps } from './ports';
import templates from '../config/subscription-templates.json';

const SYSTEM: Actor = { role: 'system', id: 'scheduler' };
/** Work per run, so one run stays well inside the function's time limit. */
const PAGE = 50;
/** A claimed notification is retried if its sender died before recording the result. */
const SENDING_LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 5;
/** Backoff for transient errors: 1, 2, 4, 8 … minutes. */
const backoffMs = (attempts: number) => 60_000 * 2 ** (attempts - 1);

/** WeChat's answer to a send: 0 ok; 43101 no credit (never retried); others. */
export type SendResult = { errCode: number; errMsg: string };
export type SendSubscription = (message: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }) => Promise<SendResult>;

export interface SchedulerDeps extends Deps {
  sendSubscription: SendSubscription;
  /** A staff group chat (e.g. a WeCom group robot), if the company configured one: the fallback for staff without credit. */
  notifyStaffGroup: ((text: string) => Promise<void>) | null;
}

export interface RunReport {
  timersIssued: number;
  /** Image checks sent again after WeChat could not be reached. */
  mediaChecksResent: number;
  sent: number;
  noCredit: number;
  retried: number;
  dead: number;
  conflicts: number;
  /** Documents whose work threw: counted, backed off, and the run went on. */
  failed: number;
  failures: Array<{ id: string; error: string }>;
}

function formatTime(at: Date): string {
  // Subscription `time` fields in Beijing time: 2026-11-22 10:00.
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Template data per template, within WeChat's keyword limits (wechat-platform.md). */
export function messageData(template: NotificationIntent['template'], c: Complaint, summary: string, now: Date): Record<string, { value: string }> {
  const number = { value: c.number };
  const where = c.location.kind === 'room' ? `${c.location.building}栋${c.location.room}` : c.location.description;
  switch (template) {
    case 'accepted':
      return { character_string1: number, thing2: { value: truncate(summary, 20) }, time3: { value: formatTime(c.respondBy) }, phrase4: { value: statusWord(c) } };
    case 'progress':
    case 'result':
      return { character_string1: number, thing2: { value: truncate(summary, 20) }, phrase3: { value: statusWord(c) }, time4: { value: formatTime(now) } };
    case 'task':
      return { character_string1: number, thing2: { value: truncate(summary, 20) }, thing3: { value: truncate(where, 20) }, time4: { value: formatTime(c.resolveBy ?? c.respondBy) } };
  }
}

/** Roles that work in shifts: the one on duty per the roster (seed 003 (5)b/c), else everyone in the role. */
const ROSTER_ROLES: ReadonlySet<string> = new Set(DUTY_ROLES);

async function recipients(deps: Deps, c: Complaint, e: OutboxEntry, now: Date): Promise<string[]> {
  if (e.recipient.kind === 'owner') return c.complainant.openid ? [c.complainant.openid] : [];
  if (e.recipient.kind === 'staff') return [e.recipient.staffId];
  if (ROSTER_ROLES.has(e.recipient.role)) {
    const _ = deps.db.command;
    const { data } = await deps.db.collection('duty_roster').where({ communityId: c.communityId, role: e.recipient.role, to: _.gt(now) }).limit(50).get();
    const staffId = onDuty(data as DutyRoster, e.recipient.role as DutyShift['role'], now);
    if (staffId) return [staffId];
  }
  const where: Record<string, unknown> = { communityIds: c.communityId, role: e.recipient.role };
  if (e.recipient.role === 'department_head' && c.department) where.department = c.department;
  const { data } = await deps.db.collection('members').where(where).limit(20).get();
  return (data as Member[]).filter((m) => m.active).map((m) => m._id);
}

/** Step 1: timers. */
async function issueTimers(deps: SchedulerDeps, now: Date, report: RunReport): Promise<void> {
  const _ = deps.db.command;
  const policy = await currentPolicy(deps.db, now);
  const { data } = await deps.db.collection('complaints').where({ nextTimerAt: _.lte(now) }).orderBy('nextTimerAt', 'asc').limit(PAGE).get();
  for (const loaded of toLoaded(data)) {
    await isolated(deps, report, loaded, 'nextTimerAt', now, async () => {
      let state = { complaint: loaded.complaint as Complaint, outbox: loaded.outbox };
      for (const command of dueTimers(loaded.complaint, now, policy)) {
        state = applyEvents(state, decide(command, state.complaint, SYSTEM, now, policy), policy, now);
        report.timersIssued++;
      }
      if (!(await saveComplaint(deps.db, state.complaint, loaded.version, state.outbox, policy, now))) report.conflicts++;
    });
  }
}

/** A document that fails is looked at again after this long, so it never heads every later run. */
const FAILED_BACKOFF_MS = 15 * 60_000;
/** The run report names at most this many failures (the count is exact). */
const FAILURES_REPORTED = 10;

/**
 * One document's work, isolated: if it throws (a corrupt or unforeseen document), the failure is
 * counted and reported, the document's place in the queue (`field`) moves back, and the run goes on
 * with the rest — one poison document must not stop reminders for everyone.
 */
async function isolated(deps: SchedulerDeps, report: RunReport, loaded: Loaded, field: 'nextTimerAt' | 'outboxDueAt', now: Date, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    report.failed++;
    const error = e instanceof Error ? e.message : String(e);
    if (report.failures.length < FAILURES_REPORTED) report.failures.push({ id: loaded.complaint.id, error });
    // Only if nobody changed it meanwhile: a real change recomputes the field itself.
    await deps.db
      .collection('complaints')
      .where({ _id: loaded.complaint.id, version: loaded.version })
      .update({ [field]: new Date(now.getTime() + FAILED_BACKOFF_MS), schedulerError: error })
      .catch(() => undefined);
  }
}

/** Step 2: the outbox. Claim due entries by compare-and-set, send, then record each result. */
async function drainOutbox(deps: SchedulerDeps, now: Date, report: RunReport): Promise<void> {
  const _ = deps.db.command;
  const policy = await currentPolicy(deps.db, now);
  const templateIds = new Map(templates.map((t) => [t.key, t.id]));
  const { data } = await deps.db.collection('complaints').where({ outboxDueAt: _.lte(now) }).orderBy('outboxDueAt', 'asc').limit(PAGE).get();
  for (const loaded of toLoaded(data)) {
    await isolated(deps, report, loaded, 'outboxDueAt', now, () => drainOne(deps, loaded, policy, templateIds, now, report));
  }
}

async function drainOne(deps: SchedulerDeps, loaded: Loaded, policy: Policy, templateIds: Map<string, string>, now: Date, report: RunReport): Promise<void> {
  const due = (e: OutboxEntry) => (e.status === 'pending' || e.status === 'sending') && e.nextAttemptAt <= now;
  const claimed = loaded.outbox.map((e) => (due(e) ? { ...e, status: 'sending' as const, nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS) } : e));
  if (!(await saveComplaint(deps.db, loaded.complaint, loaded.version, claimed, policy, now))) {
    report.conflicts++;
    return;
  }
  const results = await Promise.all(loaded.outbox.map((e) => (due(e) ? deliver(deps, loaded, e, templateIds.get(e.template)!, now) : Promise.resolve(e))));
  for (const e of results) {
    if (e.status === 'sent') report.sent++;
    if (e.status === 'no_credit') report.noCredit++;
    if (e.status === 'pending' && e.attempts > 0) report.retried++;
    if (e.status === 'dead') report.dead++;
  }
  // Our claim bumped the version by one; anything else in between means the complaint moved on,
  // so reload and carry the results over rather than overwrite someone's change.
  await recordResults(deps, loaded, results);
}

async function deliver(deps: SchedulerDeps, loaded: Loaded, e: OutboxEntry, templateId: string, now: Date): Promise<OutboxEntry> {
  const data = messageData(e.template, loaded.complaint, e.summary, now);
  const page = `pages/detail/index?id=${loaded.complaint.id}`;
  let failed: SendResult | null = null;
  let noCredit = false;
  const _ = deps.db.command;
  for (const touser of await recipients(deps, loaded.complaint, e, now)) {
    const r = await deps.sendSubscription({ touser, templateId, page, data }).catch((err: unknown): SendResult => ({ errCode: -1, errMsg: String(err) }));
    const credit = deps.db.collection('credits').doc(`${touser}:${templateId}`);
    if (r.errCode === 0) await credit.update({ count: _.inc(-1) });
    else if (r.errCode === 43101) {
      noCredit = true;
      // The ledger learns the truth, and the user sees a badge in the mini-program instead.
      await credit.update({ count: 0 });
      await deps.db.collection('members').doc(touser).update({ unreadAlerts: _.inc(1) });
    } else failed = r;
  }
  // Staff tasks must not wait for someone to open the app: tell the group chat when credit ran out.
  if (noCredit && e.recipient.kind !== 'owner' && deps.notifyStaffGroup) {
    await deps.notifyStaffGroup(`【投诉工单】${e.summary}：${loaded.complaint.number}，${loaded.complaint.description.slice(0, 40)}`).catch(() => undefined);
  }
  if (failed) {
    const attempts = e.attempts + 1;
    return { ...e, attempts, status: attempts >= MAX_ATTEMPTS ? 'dead' : 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), lastError: `${failed.errCode} ${failed.errMsg}` };
  }
  // 43101: the user has no credit left. Never retried (wechat-platform.md); the in-app list shows it.
  return { ...e, attempts: e.attempts + 1, status: noCredit ? 'no_credit' : 'sent', lastError: noCredit ? '43101' : null };
}

/** Carry the send results over onto the complaint as it is now (it may have moved on meanwhile). */
async function recordResults(deps: SchedulerDeps, claimedFrom: Loaded, results: OutboxEntry[]): Promise<void> {
  const byKey = new Map(results.map((e) => [e.key, e]));
  await mutateComplaint(deps, claimedFrom.complaint.id, (current) => ({
    complaint: current.complaint,
    outbox: current.outbox.map((e) => (e.status === 'sending' && byKey.has(e.key) ? byKey.get(e.key)! : e)),
  }));
}

/** Where each run leaves its mark, so the preflight and the dashboard can tell the trigger is live. */
const HEARTBEAT = { collection: 'heartbeats', id: 'scheduler' } as const;

/** When the scheduler last finished a run; null if it never has. */
export async function lastSchedulerRun(db: Deps['db']): Promise<Date | null> {
  const { data } = await db.collection(HEARTBEAT.collection).doc(HEARTBEAT.id).get();
  return (data[0] as { at: Date } | undefined)?.at ?? null;
}

export async function runScheduler(deps: SchedulerDeps): Promise<RunReport> {
  const report: RunReport = { timersIssued: 0, mediaChecksResent: 0, sent: 0, noCredit: 0, retried: 0, dead: 0, conflicts: 0, failed: 0, failures: [] };
  const now = deps.now();
  await issueTimers(deps, now, report);
  await drainOutbox(deps, now, report);
  report.mediaChecksResent = await resendMediaChecks(deps, now, PAGE);
  await deps.db.collection(HEARTBEAT.collection).doc(HEARTBEAT.id).set({ at: now, report });
  return report;
}
