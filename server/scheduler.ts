// The scheduler's run (timer trigger), for every kind of versioned document it is given (a
// complaint today; any module's documents join by declaring a SweptKind): (1) issue what the clock
// asks of documents whose `nextTimerAt` has come; (2) deliver what waits in their outboxes as
// subscription messages. Both find their work through an index on those fields, a bounded page at a
// time, and write by compare-and-set, so two overlapping runs never issue or send a thing twice; a
// document that fails is counted, named and backed off while the run goes on.
import type { Policy } from '../domain/policy';
import { resendMediaChecks } from './media';
import { currentPolicy } from './policy';
import type { Deps } from './ports';
import type { Change, OutboxEntry, Stored, VersionedStore } from './store';

/** Work per run and kind, so one run stays well inside the function's time limit. */
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
  failures: Array<{ collection: string; id: string; error: string }>;
}

/** Where an outbox entry goes and what it says. */
export interface Delivery {
  tousers: string[];
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  /** For staff without credit: the line the staff group chat gets instead (null: not for the group). */
  groupText: string | null;
}

/** A kind of versioned document the scheduler sweeps: its collection must index `nextTimerAt` and `outboxDueAt`. */
export interface SweptKind<S extends { id: string }> {
  store: VersionedStore<S>;
  /** What the clock asks of the document now, and how many commands that was. */
  timers(stored: Stored<S>, now: Date, policy: Policy): { change: Change<S>; issued: number };
  address(deps: Deps, state: S, entry: OutboxEntry, now: Date): Promise<Delivery>;
}

// The scheduler never looks inside a kind's state (methods are bivariant, so any kind fits here).
type AnyKind = SweptKind<{ id: string }>;
type AnyStored = Stored<{ id: string }>;

/** Step 1: timers. */
async function issueTimers(deps: SchedulerDeps, kind: AnyKind, policy: Policy, now: Date, report: RunReport): Promise<void> {
  const _ = deps.db.command;
  const { data } = await deps.db.collection(kind.store.kind.collection).where({ nextTimerAt: _.lte(now) }).orderBy('nextTimerAt', 'asc').limit(PAGE).get();
  for (const stored of kind.store.fromDocs(data)) {
    await isolated(deps, kind, report, stored, 'nextTimerAt', now, async () => {
      const { change, issued } = kind.timers(stored, now, policy);
      report.timersIssued += issued;
      if (change && !(await kind.store.save(deps.db, change.state, stored.version, change.outbox, policy, now))) report.conflicts++;
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
async function isolated(deps: SchedulerDeps, kind: AnyKind, report: RunReport, stored: AnyStored, field: 'nextTimerAt' | 'outboxDueAt', now: Date, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    report.failed++;
    const error = e instanceof Error ? e.message : String(e);
    if (report.failures.length < FAILURES_REPORTED) report.failures.push({ collection: kind.store.kind.collection, id: stored.state.id, error });
    // Only if nobody changed it meanwhile: a real change recomputes the field itself.
    await deps.db
      .collection(kind.store.kind.collection)
      .where({ _id: stored.state.id, version: stored.version })
      .update({ [field]: new Date(now.getTime() + FAILED_BACKOFF_MS), schedulerError: error })
      .catch(() => undefined);
  }
}

/** Step 2: the outbox. Claim due entries by compare-and-set, send, then record each result. */
async function drainOutbox(deps: SchedulerDeps, kind: AnyKind, policy: Policy, now: Date, report: RunReport): Promise<void> {
  const _ = deps.db.command;
  const { data } = await deps.db.collection(kind.store.kind.collection).where({ outboxDueAt: _.lte(now) }).orderBy('outboxDueAt', 'asc').limit(PAGE).get();
  for (const stored of kind.store.fromDocs(data)) {
    await isolated(deps, kind, report, stored, 'outboxDueAt', now, () => drainOne(deps, kind, stored, policy, now, report));
  }
}

async function drainOne(deps: SchedulerDeps, kind: AnyKind, stored: AnyStored, policy: Policy, now: Date, report: RunReport): Promise<void> {
  const due = (e: OutboxEntry) => (e.status === 'pending' || e.status === 'sending') && e.nextAttemptAt <= now;
  const claimed = stored.outbox.map((e) => (due(e) ? { ...e, status: 'sending' as const, nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS) } : e));
  if (!(await kind.store.save(deps.db, stored.state, stored.version, claimed, policy, now))) {
    report.conflicts++;
    return;
  }
  const results = await Promise.all(stored.outbox.map(async (e) => (due(e) ? deliver(deps, e, await kind.address(deps, stored.state, e, now), now) : e)));
  for (const e of results) {
    if (e.status === 'sent') report.sent++;
    if (e.status === 'no_credit') report.noCredit++;
    if (e.status === 'pending' && e.attempts > 0) report.retried++;
    if (e.status === 'dead') report.dead++;
  }
  const byKey = new Map(results.map((e) => [e.key, e]));
  const recorded = (outbox: OutboxEntry[]) => outbox.map((e) => (e.status === 'sending' && byKey.has(e.key) ? byKey.get(e.key)! : e));
  // Our claim bumped the version by one: if nobody wrote since, the results go on top of it in one
  // write. Otherwise the document moved on, so reload and carry the results over rather than
  // overwrite someone's change.
  if (await kind.store.save(deps.db, stored.state, stored.version + 1, recorded(claimed), policy, now)) return;
  await kind.store.mutate(deps, stored.state.id, (current) => ({ state: current.state, outbox: recorded(current.outbox) }));
}

async function deliver(deps: SchedulerDeps, e: OutboxEntry, to: Delivery, now: Date): Promise<OutboxEntry> {
  let failed: SendResult | null = null;
  let noCredit = false;
  const _ = deps.db.command;
  for (const touser of to.tousers) {
    const r = await deps.sendSubscription({ touser, templateId: to.templateId, page: to.page, data: to.data }).catch((err: unknown): SendResult => ({ errCode: -1, errMsg: String(err) }));
    const credit = deps.db.collection('credits').doc(`${touser}:${to.templateId}`);
    if (r.errCode === 0) await credit.update({ count: _.inc(-1) });
    else if (r.errCode === 43101) {
      noCredit = true;
      // The ledger learns the truth, and the user sees a badge in the mini-program instead.
      await credit.update({ count: 0 });
      await deps.db.collection('members').doc(touser).update({ unreadAlerts: _.inc(1) });
    } else failed = r;
  }
  // Staff tasks must not wait for someone to open the app: tell the group chat when credit ran out.
  if (noCredit && to.groupText && deps.notifyStaffGroup) await deps.notifyStaffGroup(to.groupText).catch(() => undefined);
  if (failed) {
    const attempts = e.attempts + 1;
    return { ...e, attempts, status: attempts >= MAX_ATTEMPTS ? 'dead' : 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), lastError: `${failed.errCode} ${failed.errMsg}` };
  }
  // 43101: the user has no credit left. Never retried (wechat-platform.md); the in-app list shows it.
  return { ...e, attempts: e.attempts + 1, status: noCredit ? 'no_credit' : 'sent', lastError: noCredit ? '43101' : null };
}

/** Where each run leaves its mark, so the preflight and the dashboard can tell the trigger is live. */
const HEARTBEAT = { collection: 'heartbeats', id: 'scheduler' } as const;

/** When the scheduler last finished a run; null if it never has. */
export async function lastSchedulerRun(db: Deps['db']): Promise<Date | null> {
  const { data } = await db.collection(HEARTBEAT.collection).doc(HEARTBEAT.id).get();
  return (data[0] as { at: Date } | undefined)?.at ?? null;
}

export async function runScheduler(deps: SchedulerDeps, kinds: AnyKind[]): Promise<RunReport> {
  const report: RunReport = { timersIssued: 0, mediaChecksResent: 0, sent: 0, noCredit: 0, retried: 0, dead: 0, conflicts: 0, failed: 0, failures: [] };
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now);
  for (const kind of kinds) {
    await issueTimers(deps, kind, policy, now, report);
    await drainOutbox(deps, kind, policy, now, report);
  }
  report.mediaChecksResent = await resendMediaChecks(deps, now, PAGE);
  await deps.db.collection(HEARTBEAT.collection).doc(HEARTBEAT.id).set({ at: now, report });
  return report;
}
