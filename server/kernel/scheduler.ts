// The scheduler's run (timer trigger), for every kind of versioned document it is given (a
// complaint today; any module's documents join by declaring a SweptKind): (1) issue what the clock
// asks of documents whose `nextTimerAt` has come; (2) deliver what waits in their outboxes as
// subscription messages, one per person. Both find their work through an index on those fields, page
// after page until nothing is due or the run's budget is spent, several documents and a bounded
// number of sends at a time, and write by compare-and-set, so two overlapping runs never issue or
// send a thing twice; a document that fails is counted, named and backed off while the run goes on.
import { holdsPlace, type RecordPlace } from '../../domain/access';
import type { AlertRung, Policy } from '../../domain/policy';
import { workThrough } from './concurrency';
import { keysetPage } from './keyset';
import type { Member } from './members';
import { resendMediaChecks } from './media';
import { alertChannels, channelName, robotBatcher, ROBOT_INVALID_URL, rungsFor, smsPhone, smsRefusedForGood, webhookFor, type AlertChannels, type AlertPorts, type SendResult, type SendSubscription, type StaffContact } from './ladder';
import { configurationAlarm, refusesEveryCall } from './openapi-errors';
import { currentPolicy } from './policy';
import type { Deps } from './ports';
import type { Change, OutboxEntry, Stored, VersionedStore } from './store';
import { ALARM_WORDS } from './views';

/**
 * How much one run takes on. A run walks every due document a page at a time until nothing is due
 * or its budget is spent, so a backlog (say 10,000 notifications after a WeChat outage) drains in a
 * handful of runs instead of one small page a minute.
 */
export interface RunLimits {
  /**
   * No new document is taken on after this long; sends already under way finish. The scheduler
   * function passes a third of its configured timeout (cloudbaserc.json), so a run ends well inside
   * half of it.
   */
  budgetMs: number;
  /** Sends per run (see SENDS_PER_RUN). */
  sendsPerRun: number;
}
/**
 * subscribeMessage.send is documented with a daily quota only — 10,000,000 calls a day, 30,000,000
 * with WeChat Pay (developers.weixin.qq.com, 服务端 API › subscribeMessage.send › 接口限制; no
 * per-second limit is published, and going over answers 45009). At most 4,000 sends a run, one run
 * a minute, is at most 5,760,000 a day: under the lower quota even if every run of the day were full.
 */
export const SENDS_PER_RUN = 4_000;
export const DEFAULT_LIMITS: RunLimits = { budgetMs: 20_000, sendsPerRun: SENDS_PER_RUN };
/**
 * Sends in flight at once. With no published rate limit, a small fixed number: ~10 calls of
 * ~50–100 ms each is ~100–200 a second, a run's budget's worth of sends in the thousands,
 * without a burst of hundreds of calls that WeChat's gateway could take for abuse.
 */
const SEND_CONCURRENCY = 10;
/** Documents worked on at once (each: a claim write, its sends, a result write). */
const DOC_CONCURRENCY = 8;
/** Documents read per query. */
const PAGE = 100;
/**
 * The statistics step's share of a run's budget, and its least time even when the rest ran over:
 * a work item under way when a deadline passes finishes, so each step reserves room for its overrun
 * and the whole run stays inside half the timeout (measured with a 10,000-message backlog).
 */
const STATISTICS_SHARE = 0.2;
const STATISTICS_MIN_MS = 3_000;
/** Image checks resent per run. */
const MEDIA_PAGE = 50;
/** Timers come first (deadlines), but may use at most this share of the budget. */
const TIMER_SHARE = 0.5;
/** A claimed notification is retried if its sender died before recording the result. */
const SENDING_LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 5;
/** Backoff for transient errors: 1, 2, 4, 8 … minutes. */
const backoffMs = (attempts: number) => 60_000 * 2 ** (attempts - 1);
/**
 * WeChat refuses this message for good: a bad openid. The configuration errors (server/kernel/openapi-errors.ts:
 * a permission not registered, a wrong template id, template data or page…) are not retried either,
 * and raise an alarm besides.
 */
const PERMANENT_ERRORS: ReadonlySet<number> = new Set([40003]);
/** The scheduler's sends and image checks run in this cloud function: the one an alarm tells the operator to upload again. */
const SCHEDULER_FUNCTION = 'scheduler';
/**
 * WeChat is down: after this many transient failures in a row a run stops sending. What it claimed
 * and has not sent goes back to wait with its attempts untouched, and the next run (a minute later)
 * tries again — an outage longer than the backoff (5 attempts over 15 minutes) must not use up the
 * attempts of the whole backlog and leave it dead.
 */
const OUTAGE_STREAK = 20;
/** When a send held back by an outage is tried again: the next run. */
const OUTAGE_WAIT_MS = 60_000;

export type { SendResult, SendSubscription } from './ladder';

export interface SchedulerDeps extends Deps, AlertPorts {}

/** What one rung did in a run, one per person and alert. */
export interface RungCounts {
  sent: number;
  retried: number;
  dead: number;
}

export interface RunReport {
  timersIssued: number;
  /** Image checks sent again after WeChat could not be reached. */
  mediaChecksResent: number;
  /** Messages WeChat accepted in this run (one per person). */
  sent: number;
  /** Sends WeChat refused with 43101 in this run (one per person). */
  noCredit: number;
  /** Of those, the ones not even tried: our ledger said the person had no credit left (no futile send). */
  notAttempted: number;
  /** Sends that failed in this run and wait for another attempt. */
  retried: number;
  /** Sends that failed for good in this run. */
  dead: number;
  /** Notifications addressed to a role nobody holds: nothing to send. */
  unaddressed: number;
  /** Messages to owners who no longer hold the document's room: cancelled, not sent. */
  movedOut: number;
  /** The rungs after the subscription message (issue 27): robot posts and SMS, per person and alert. */
  rungs: { webhook: RungCounts; sms: RungCounts };
  conflicts: number;
  /** Documents whose work threw: counted, backed off, and the run went on. */
  failed: number;
  failures: Array<{ collection: string; id: string; error: string }>;
  /** The run stopped sending after OUTAGE_STREAK transient failures in a row (WeChat down). */
  outage: boolean;
  /** Claimed sends held back, untried, because of the outage or a configuration error that refuses every send. */
  deferred: number;
  /**
   * Configuration errors met in this run, each once, in Chinese with the fix (「云调用权限未开通：…」):
   * nothing the next run can cure on its own. The heartbeat carries them to the manager's dashboard and the doctor.
   */
  alarms: string[];
  /** Wall time of the run. */
  ms: number;
  /** Wall time of each step (ms), so an operator reading the heartbeat sees where a long run went. */
  phases: { timers: number; outbox: number; media: number; fold: number; totals: number };
  /** The run stopped at its budget or send cap with work still due: the next run goes on. */
  more: boolean;
  /** Statistics folded and the company dashboard's totals recomputed (server/statistics/days.ts, stat-totals.ts). */
  statistics: StatisticsReport;
}

/** What an outbox entry says, and for staff without credit the line the group chat gets instead. */
export interface Message {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  /** null: not for the group. It names no owner: the group robot and the SMS carry it (issue 27). */
  groupText: string | null;
  /** The SMS template's variables (the alert's line, its reference); absent: the group line's first 20 characters. */
  smsParams?: string[];
}

/** Memoises a lookup for the length of one run (e.g. who holds a role in a community). */
export type RunCache = <T>(key: string, load: () => Promise<T>) => Promise<T>;

/** A kind of versioned document the scheduler sweeps: its collection must index (`nextTimerAt`, `_id`) and (`outboxDueAt`, `_id`). */
export interface SweptKind<S extends { id: string }> {
  store: VersionedStore<S>;
  /** What the clock asks of the document now, and how many commands that was. */
  timers(stored: Stored<S>, now: Date, policy: Policy): { change: Change<S>; issued: number };
  /** Who an entry goes to now: asked once per entry, when the scheduler first claims it (a role → the people in it). */
  recipients(deps: Deps, state: S, entry: OutboxEntry, now: Date, cache: RunCache): Promise<string[]>;
  /**
   * For an audience too large to read at once (a notice's area: thousands of owners): one page of the
   * entry's people after `after` (null: from the start), and where the next page starts (null: the
   * last page). The scheduler keeps the position in the entry (OutboxEntry.after) by the same
   * compare-and-set that claims the page's sends. Null: the entry is not paged (`recipients` is asked).
   */
  recipientPage?(deps: Deps, state: S, entry: OutboxEntry, after: string | null, now: Date): Promise<{ people: string[]; next: string | null } | null>;
  message(state: S, entry: OutboxEntry, now: Date): Message;
  /**
   * Where the document belongs, for the messages it sends owners: an owner is messaged only while
   * their account holds that place when the message goes out (domain/access.ts) — one who moved out
   * since it was addressed, or since a failed try, gets nothing more.
   */
  place(state: S): RecordPlace;
}

// The scheduler never looks inside a kind's state (methods are bivariant, so any kind fits here).
type AnyKind = SweptKind<{ id: string }>;
type AnyStored = Stored<{ id: string }>;

/** One run: its clock, policy, report, budget and the limit on sends in flight. */
interface Run {
  deps: SchedulerDeps;
  now: Date;
  policy: Policy;
  report: RunReport;
  limits: RunLimits;
  started: number;
  /** Sends claimed so far in this run. */
  claimed: number;
  cache: RunCache;
  /** A send through the limit on sends in flight; null when it was held back (outage). */
  send: (message: Parameters<SendSubscription>[0]) => Promise<SendResult | null>;
  /** Transient failures in a row. */
  failStreak: number;
  /** A configuration error refused a send as it will refuse every send (e.g. -604101): the run sends no more. */
  blocked: boolean;
  /** Credits spent in this run per `openid:templateId`, written to the ledger once at the end of the drain. */
  spent: Map<string, number>;
  /** Ledger keys WeChat answered 43101 for in this run: set to 0, so no spent count goes on top. */
  emptied: Set<string>;
  /** The credit ledger as read at the start of this run, per `openid:templateId`; null: no entry (never recorded). */
  ledger: Map<string, number | null>;
  /** Robot posts, batched per robot for the whole run. */
  robot: (url: string, line: string, mobile: string) => Promise<{ errCode: number; errMsg: string }>;
  /** Rungs claimed by the drain under way, sent and recorded when it ends (flushRungs). */
  rungs: PendingRungs[];
}

/** One document's claimed rungs, and how their results are written back to it. */
interface PendingRungs {
  rungs: OutboxEntry[];
  messages: Map<string, Message>;
  record: (results: Map<string, OutboxEntry>) => Promise<void>;
}

const elapsed = (run: Run) => performance.now() - run.started;

/** At most `n` calls of the returned function run at once; the rest wait their turn. */
function limited<A, R>(n: number, fn: (arg: A) => Promise<R>): (arg: A) => Promise<R> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (arg) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn(arg);
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Every document of `kind` whose `field` has come, a page at a time in (field, `_id`) order — so a
 * document already handled, or lost to a concurrent writer, is not read again in this run — with at
 * most DOC_CONCURRENCY at once, until none is due or `more()` says stop. True when it stopped with
 * work left.
 */
async function sweep(run: Run, kind: AnyKind, field: 'nextTimerAt' | 'outboxDueAt', more: () => boolean, work: (stored: AnyStored) => Promise<void>): Promise<boolean> {
  const _ = run.deps.db.command;
  let cursor: string | undefined;
  for (;;) {
    if (!more()) return true;
    const { docs, next } = await keysetPage(run.deps, kind.store.kind.collection, { [field]: _.lte(run.now) }, { field, direction: 'asc' }, cursor, PAGE);
    const queue = kind.store.fromDocs(docs);
    await workThrough(queue, DOC_CONCURRENCY, (stored) => isolated(run, kind, stored, field, () => work(stored)), more);
    if (queue.length > 0) return true;
    if (!next) return false;
    cursor = next;
  }
}

/** Step 1: timers. */
async function issueTimers(run: Run, kind: AnyKind): Promise<boolean> {
  const more = () => elapsed(run) < run.limits.budgetMs * TIMER_SHARE;
  return sweep(run, kind, 'nextTimerAt', more, async (stored) => {
    const { change, issued } = kind.timers(stored, run.now, run.policy);
    if (!change) return;
    if (await kind.store.save(run.deps.db, change.state, stored.version, change.outbox, run.policy, run.now)) run.report.timersIssued += issued;
    else run.report.conflicts++;
  });
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
async function isolated(run: Run, kind: AnyKind, stored: AnyStored, field: 'nextTimerAt' | 'outboxDueAt', work: () => Promise<void>): Promise<void> {
  const { deps, report, now } = run;
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

/** Step 2: the outbox. */
async function drainOutbox(run: Run, kind: AnyKind): Promise<boolean> {
  const more = () => elapsed(run) < run.limits.budgetMs && run.claimed < run.limits.sendsPerRun && !run.report.outage && !run.blocked;
  try {
    return await sweep(run, kind, 'outboxDueAt', more, (stored) => drainOne(run, kind, stored, more));
  } finally {
    await flushRungs(run);
    await recordSpentCredits(run);
  }
}

/**
 * The credit ledger learns what this run spent in one write per person and template, not one per
 * message (a backlog sends thousands to the same few staff). It is our own estimate — WeChat reports
 * no remaining credit — and a 43101 sets it straight.
 */
async function recordSpentCredits(run: Run): Promise<void> {
  const _ = run.deps.db.command;
  const spent = [...run.spent];
  run.spent.clear();
  const write = limited(DOC_CONCURRENCY, ([key, n]: [string, number]) => run.deps.db.collection('credits').doc(key).update({ count: _.inc(-n) }).catch(() => undefined));
  await Promise.all(spent.map(write));
}

const isDue = (e: OutboxEntry, now: Date) => (e.status === 'pending' || e.status === 'sending') && e.nextAttemptAt <= now;

/**
 * One document's due notifications, a round at a time: each round addresses what waits (a paged
 * audience one page further), claims, sends and records. A document whose audience has more pages
 * goes on to the next round while the run may (`more`); otherwise its place in the outbox, kept in
 * the document, waits for the next run.
 */
async function drainOne(run: Run, kind: AnyKind, stored: AnyStored, more: () => boolean): Promise<void> {
  for (let current = stored; ; ) {
    if (!(await drainRound(run, kind, current))) return;
    if (!more()) {
      run.report.more = true;
      return;
    }
    current = await kind.store.load(run.deps.db, stored.state.id);
  }
}

/**
 * Address each due notification to its people (once; see OutboxEntry.touser — a paged audience one
 * page at a time), claim them by compare-and-set, send, then record each person's result. True when
 * the claim was won and a paged audience has pages left.
 */
async function drainRound(run: Run, kind: AnyKind, stored: AnyStored): Promise<boolean> {
  const { deps, now, report } = run;
  const addressed: OutboxEntry[] = [];
  let pagesLeft = false;
  const known = new Set(stored.outbox.map((e) => e.key));
  for (const e of stored.outbox) {
    if (!isDue(e, now) || e.touser !== undefined) {
      addressed.push(e);
      continue;
    }
    const page = kind.recipientPage ? await kind.recipientPage(deps, stored.state, e, e.after ?? null, now) : null;
    if (page) {
      // One entry per person of the page not addressed before (someone with rooms on two pages is met twice).
      const { after: _after, ...entry } = e;
      const fresh = [...new Set(page.people)].filter((p) => !known.has(`${e.key}>${p}`));
      addressed.push(...fresh.map((touser) => ({ ...entry, key: `${e.key}>${touser}`, touser })));
      if (page.next !== null) {
        // The entry stays waiting (its document stays due) with the position of the next page.
        addressed.push({ ...entry, after: page.next });
        pagesLeft = true;
      } else if (fresh.length === 0 && ![...known].some((k) => k.startsWith(`${e.key}>`))) {
        report.unaddressed++;
        addressed.push({ ...entry, status: 'cancelled', lastError: 'no recipient' });
      }
      // Otherwise the audience is done: the entry lives on as its people's entries.
      continue;
    }
    const people = [...new Set(await kind.recipients(deps, stored.state, e, now, run.cache))];
    if (people.length === 0) {
      report.unaddressed++;
      addressed.push({ ...e, status: 'cancelled', lastError: 'no recipient' });
    } else if (people.length === 1 && e.recipient.kind !== 'role') addressed.push({ ...e, touser: people[0] });
    else addressed.push(...people.map((touser) => ({ ...e, key: `${e.key}>${touser}`, touser })));
  }
  // An entry still being paged has no person yet: it waits, unclaimed, for its next page.
  const sendable = (e: OutboxEntry) => isDue(e, now) && e.touser !== undefined;
  const due = addressed.filter(sendable);
  const current = await withoutFormerResidents(run, kind, stored.state, due);
  report.movedOut += due.length - current.size;
  const settled = addressed.map((e) => (sendable(e) && !current.has(e) ? { ...e, status: 'cancelled' as const, lastError: 'moved out' } : e));
  const toSend = settled.filter(sendable);
  const lease = new Date(now.getTime() + SENDING_LEASE_MS);
  const claimed = settled.map((e) => (sendable(e) ? { ...e, status: 'sending' as const, nextAttemptAt: lease } : e));
  if (!(await kind.store.saveOutbox(deps.db, stored.state.id, stored.version, claimed))) {
    report.conflicts++;
    return false;
  }
  run.claimed += toSend.length;
  const messages = new Map(toSend.map((e) => [e.key, kind.message(stored.state, e, now)] as const));
  const results = await sendAll(run, toSend, messages);
  // The subscription could not reach a staff member (no credit, or refused for good): the next rungs
  // go now, in this run — each an entry of its own, claimed in the same write that records the result.
  const rungs: OutboxEntry[] = [];
  const known2 = new Set(settled.map((e) => e.key));
  for (const e of toSend) {
    const r = results.get(e.key)!;
    const message = messages.get(e.key)!;
    if (e.channel || !message.groupText || OWNER_RECIPIENTS.has(e.recipient.kind) || (r.status !== 'no_credit' && r.status !== 'dead')) continue;
    for (const channel of await configuredRungs(run, e)) {
      const key = `${e.key}#${channel}`;
      if (!known2.has(key)) rungs.push({ ...e, key, channel, status: 'sending', attempts: 0, nextAttemptAt: lease, createdAt: now, lastError: null });
    }
  }
  const recorded = (outbox: OutboxEntry[], done: Map<string, OutboxEntry>) => outbox.map((e) => (e.status === 'sending' && done.has(e.key) ? done.get(e.key)! : e));
  // Our claim bumped the version by one: if nobody wrote since, the results go on top of it in one
  // write. Otherwise the document moved on, so reload and carry the results over rather than
  // overwrite someone's change.
  const write = async (version: number | null, done: Map<string, OutboxEntry>, added: OutboxEntry[]): Promise<number | null> => {
    if (version !== null && (await kind.store.saveOutbox(deps.db, stored.state.id, version, [...recorded(claimed, done), ...added]))) return version + 1;
    await kind.store.mutate(deps, stored.state.id, (current) => {
      const present = new Set(current.outbox.map((e) => e.key));
      return { state: current.state, outbox: [...recorded(current.outbox, done), ...added.filter((e) => !present.has(e.key))] };
    });
    return null;
  };
  const version = await write(stored.version + 1, results, rungs);
  if (rungs.length === 0) return pagesLeft;
  // The rungs are written claimed ('sending'): they go out when this kind's drain ends, together with
  // every other document's, so one robot post carries many people's lines (flushRungs).
  const rungMessages = new Map(rungs.map((e) => [e.key, messages.get(e.key.slice(0, e.key.lastIndexOf('#')))!] as const));
  run.rungs.push({
    rungs,
    messages: rungMessages,
    record: async (rungResults) => {
      // Their results replace them, in `claimed` or the reloaded outbox.
      if (version !== null && (await kind.store.saveOutbox(deps.db, stored.state.id, version, [...recorded(claimed, results), ...recorded(rungs, rungResults)]))) return;
      await kind.store.mutate(deps, stored.state.id, (current) => ({ state: current.state, outbox: recorded(current.outbox, rungResults) }));
    },
  });
  return pagesLeft;
}

/**
 * The rungs claimed in this drain, sent at once and recorded per document: a robot's lines of the
 * whole drain are batched into a few posts (企业微信 throttles a robot after 20 a minute), and no
 * document waits on a post while it could be sending messages.
 */
async function flushRungs(run: Run): Promise<void> {
  const waiting = run.rungs.splice(0);
  const record = limited(DOC_CONCURRENCY, async (w: PendingRungs) => {
    const results = await sendAll(run, w.rungs, w.messages);
    // A write that fails leaves the rungs claimed: past their lease the next run sends them again.
    await w.record(results).catch(() => undefined);
  });
  await Promise.all(waiting.map((w) => record(w)));
}

/** Send each entry by its rung — the subscription message, the group robot or an SMS — and say what each becomes. */
async function sendAll(run: Run, entries: OutboxEntry[], messages: Map<string, Message>): Promise<Map<string, OutboxEntry>> {
  await readLedger(run, entries.filter((e) => !e.channel).map((e) => `${e.touser}:${messages.get(e.key)!.templateId}`));
  const results = new Map<string, OutboxEntry>();
  await Promise.all(
    entries.map(async (e) => {
      const message = messages.get(e.key)!;
      results.set(e.key, e.channel ? await deliverRung(run, e, message) : (await deliver(run, e, message)).entry);
    }),
  );
  return results;
}

/**
 * The policy's rungs for an entry that have somewhere to go: a robot for the person's department or
 * the duty roster, an SMS template. SMS asked for by the policy with no template set is an alarm.
 */
async function configuredRungs(run: Run, e: OutboxEntry): Promise<AlertRung[]> {
  const wanted = rungsFor(run.policy, e);
  if (wanted.length === 0) return [];
  const [channels, contact] = await Promise.all([run.cache<AlertChannels>('alert_channels', () => alertChannels(run.deps.db)), contactOf(run, e.touser!)]);
  if (!contact || contact.kind !== 'staff' || !contact.active) return [];
  return wanted.filter((rung) => {
    if (rung === 'webhook') return webhookFor(channels, e, contact) !== null;
    if (!channels.smsTemplateId) raise(run.report, NO_SMS_TEMPLATE);
    return channels.smsTemplateId !== null;
  });
}

const NO_SMS_TEMPLATE = ALARM_WORDS.noSmsTemplate;

/** A staff member's phone and department, read once per run. */
function contactOf(run: Run, openid: string): Promise<StaffContact | null> {
  return run.cache(`contact|${openid}`, async () => {
    const { data } = await run.deps.db.collection('members').doc(openid).field({ kind: true, phone: true, department: true, active: true }).get();
    const m = data[0] as Partial<StaffContact> | undefined;
    return m ? { kind: m.kind ?? '', phone: m.phone ?? '', department: m.department ?? null, active: m.active === true } : null;
  });
}

/**
 * One rung of one person's alert: the robot post naming them, or their SMS. Recorded like a message:
 * sent; retried with backoff on a transient failure; dead, with an alarm, when refused for good (a
 * robot's wrong key — 93000 — or no SMS resource pack). Only ever to active staff, and the robot line
 * and SMS carry the alert's own line, never an owner's name or phone.
 */
async function deliverRung(run: Run, e: OutboxEntry, message: Message): Promise<OutboxEntry> {
  const { report, now, policy } = run;
  const counts = report.rungs[e.channel!];
  const contact = await contactOf(run, e.touser!);
  const channels = await run.cache<AlertChannels>('alert_channels', () => alertChannels(run.deps.db));
  const cancel = (why: string): OutboxEntry => ({ ...e, status: 'cancelled', lastError: why });
  if (!contact || contact.kind !== 'staff' || !contact.active) return cancel('not active staff');
  const phone = smsPhone(contact.phone);
  let answer: { errCode: number; errMsg: string };
  let refusedForGood: string | null = null;
  if (e.channel === 'webhook') {
    const url = webhookFor(channels, e, contact);
    if (!url) return cancel('no robot configured');
    answer = await run.robot(url, message.groupText!, phone?.slice(3) ?? '');
    if (answer.errCode === ROBOT_INVALID_URL) refusedForGood = ALARM_WORDS.robotInvalid(channelName(channels, url, policy), answer.errMsg);
  } else {
    if (!channels.smsTemplateId) {
      raise(report, NO_SMS_TEMPLATE);
      return cancel('no SMS template');
    }
    if (!phone) return cancel('no valid phone');
    answer = await run.deps.sendSms({ phone, templateId: channels.smsTemplateId, params: message.smsParams ?? [message.groupText!.slice(0, 20)] }).catch((err: unknown) => ({ errCode: -1, errMsg: String(err) }));
    const alarm = configurationAlarm('cloudbase.sendSmsV2', SCHEDULER_FUNCTION, answer.errCode);
    if (alarm) refusedForGood = alarm;
    else if (smsRefusedForGood(answer.errCode)) refusedForGood = ALARM_WORDS.smsRefused(answer.errCode, answer.errMsg);
  }
  const attempts = e.attempts + 1;
  if (answer.errCode === 0) {
    counts.sent++;
    return { ...e, attempts, status: 'sent', lastError: null };
  }
  const lastError = `${answer.errCode} ${answer.errMsg}`;
  if (refusedForGood) raise(report, refusedForGood);
  if (refusedForGood || attempts >= MAX_ATTEMPTS) {
    counts.dead++;
    return { ...e, attempts, status: 'dead', lastError };
  }
  counts.retried++;
  return { ...e, attempts, status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), lastError };
}

/** Recipient kinds that are owners (one, a notice's area, a survey's community): messaged only while they hold the place. */
const OWNER_RECIPIENTS: ReadonlySet<OutboxEntry['recipient']['kind']> = new Set(['owner', 'area', 'community_owners']);

/**
 * The entries of `due` that may still go: staff's all, owners' only while they hold the document's
 * place now — their rooms read once per person per run (a member removed, or left with no room, holds
 * nothing).
 */
async function withoutFormerResidents(run: Run, kind: AnyKind, state: { id: string }, due: OutboxEntry[]): Promise<Set<OutboxEntry>> {
  const place = kind.place(state);
  const holds = (openid: string) =>
    run.cache(`holds|${openid}`, async () => {
      const { data } = await run.deps.db.collection('members').doc(openid).field({ rooms: true, active: true }).get();
      const member = data[0] as Pick<Member, 'rooms' | 'active'> | undefined;
      return member?.active ? (member.rooms ?? []) : [];
    });
  const kept = await Promise.all(due.map(async (e) => !OWNER_RECIPIENTS.has(e.recipient.kind) || holdsPlace(await holds(e.touser!), place)));
  return new Set(due.filter((_e, i) => kept[i]));
}

/** Ledger entries read per query (a query returns at most 1,000 documents). */
const LEDGER_PAGE = 500;

/** The ledger entries of `keys` this run has not read yet, by id (a round's recipients: a few reads at most). */
async function readLedger(run: Run, keys: string[]): Promise<void> {
  const unread = [...new Set(keys)].filter((k) => !run.ledger.has(k));
  for (let i = 0; i < unread.length; i += LEDGER_PAGE) {
    const page = unread.slice(i, i + LEDGER_PAGE);
    const { data } = await run.deps.db.collection('credits').where({ _id: run.deps.db.command.in(page) }).field({ count: true }).limit(page.length).get();
    const found = new Map((data as Array<{ _id: string; count: number }>).map((d) => [d._id, d.count]));
    for (const k of page) run.ledger.set(k, found.get(k) ?? null);
  }
}

/**
 * Whether the ledger says `key` has no credit left: what was recorded, less what this run spent or
 * holds in flight. An entry never recorded is not known to be empty: the send is tried.
 */
function knownEmpty(run: Run, key: string): boolean {
  if (run.emptied.has(key)) return true;
  const recorded = run.ledger.get(key);
  return recorded !== null && recorded !== undefined && recorded - (run.spent.get(key) ?? 0) <= 0;
}

/** Give back a credit held for a send that did not go out. */
function release(run: Run, key: string): void {
  const held = (run.spent.get(key) ?? 0) - 1;
  if (held > 0) run.spent.set(key, held);
  else run.spent.delete(key);
}

/** One person's message: send it, keep the credit ledger, and say what the entry becomes. */
async function deliver(run: Run, e: OutboxEntry, message: Message): Promise<{ entry: OutboxEntry; noCredit: boolean }> {
  const { deps, now, report } = run;
  const touser = e.touser!;
  const _ = deps.db.command;
  const ledgerKey = `${touser}:${message.templateId}`;
  if (knownEmpty(run, ledgerKey)) {
    // No futile send: the person has not accepted this template again since their credit ran out, so
    // WeChat would answer 43101. They fall back at once, as after a refusal (issue 27.3).
    report.noCredit++;
    report.notAttempted++;
    await deps.db.collection('members').doc(touser).update({ unreadAlerts: _.inc(1) });
    return { entry: { ...e, status: 'no_credit', lastError: 'ledger: no credit' }, noCredit: true };
  }
  // Held while in flight, so two sends at once never both count on the last credit.
  run.spent.set(ledgerKey, (run.spent.get(ledgerKey) ?? 0) + 1);
  const r = await run.send({ touser, templateId: message.templateId, page: message.page, data: message.data }).catch((err: unknown): SendResult => ({ errCode: -1, errMsg: String(err) }));
  if (r === null || r.errCode !== 0) release(run, ledgerKey);
  if (r === null) {
    report.deferred++;
    return { entry: { ...e, status: 'pending', nextAttemptAt: new Date(now.getTime() + OUTAGE_WAIT_MS) }, noCredit: false };
  }
  const alarm = configurationAlarm('subscribeMessage.send', SCHEDULER_FUNCTION, r.errCode);
  if (alarm) {
    raise(report, alarm);
    // The messages still claimed wait, attempts untouched, for the run after the fix.
    if (refusesEveryCall(r.errCode)) run.blocked = true;
  }
  const transient = r.errCode !== 0 && r.errCode !== 43101 && !PERMANENT_ERRORS.has(r.errCode) && !alarm;
  run.failStreak = transient ? run.failStreak + 1 : 0;
  if (run.failStreak >= OUTAGE_STREAK) report.outage = true;
  const attempts = e.attempts + 1;
  if (r.errCode === 0) {
    report.sent++;
    // A 43101 seen meanwhile set the ledger to 0; this send's held credit must not go on top.
    if (run.emptied.has(ledgerKey)) run.spent.delete(ledgerKey);
    return { entry: { ...e, attempts, status: 'sent', lastError: null }, noCredit: false };
  }
  if (r.errCode === 43101) {
    // No credit left. Never retried (wechat-platform.md): the ledger learns the truth, and the user
    // sees a badge in the mini-program instead.
    report.noCredit++;
    run.spent.delete(ledgerKey);
    // Once a run per person and template: a backlog may hold thousands of messages for the same few.
    if (!run.emptied.has(ledgerKey)) {
      run.emptied.add(ledgerKey);
      await deps.db.collection('credits').doc(ledgerKey).update({ count: 0 }).catch(() => undefined);
    }
    await deps.db.collection('members').doc(touser).update({ unreadAlerts: _.inc(1) });
    return { entry: { ...e, attempts, status: 'no_credit', lastError: '43101' }, noCredit: true };
  }
  const lastError = `${r.errCode} ${r.errMsg}`;
  if (PERMANENT_ERRORS.has(r.errCode) || alarm || attempts >= MAX_ATTEMPTS) {
    report.dead++;
    return { entry: { ...e, attempts, status: 'dead', lastError }, noCredit: false };
  }
  report.retried++;
  return { entry: { ...e, attempts, status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), lastError }, noCredit: false };
}

/** An alarm joins the run's report once, however many sends met it. */
function raise(report: RunReport, alarm: string): void {
  if (!report.alarms.includes(alarm)) report.alarms.push(alarm);
}

/** Where each run leaves its mark, so the preflight and the dashboard can tell the trigger is live. */
const HEARTBEAT = { collection: 'heartbeats', id: 'scheduler' } as const;

/** The scheduler's last finished run: when, and the alarms its report raised; null if it never ran. */
export async function schedulerHeartbeat(db: Deps['db']): Promise<{ at: Date; alarms: string[] } | null> {
  const { data } = await db.collection(HEARTBEAT.collection).doc(HEARTBEAT.id).get();
  const beat = data[0] as { at: Date; report?: { alarms?: string[] } } | undefined;
  return beat ? { at: beat.at, alarms: beat.report?.alarms ?? [] } : null;
}

/** When the scheduler last finished a run; null if it never has. */
export async function lastSchedulerRun(db: Deps['db']): Promise<Date | null> {
  return (await schedulerHeartbeat(db))?.at ?? null;
}

/** What the statistics step did in a run (server/statistics/totals.ts keepStatistics). */
export interface StatisticsReport {
  /** Complaints read by the fold (their facts were due). */
  folded: number;
  /** Day documents the fold wrote. */
  daysWritten: number;
  /** Writes that cleared folded complaints' due markers (one per version in a page, server/statistics/days.ts). */
  factsCleared?: number;
  /** Community-months whose totals were computed. */
  totalsComputed: number;
  /** Stopped at the deadline with work left: the next run goes on. */
  more: boolean;
}

/**
 * The run's last step, given what is left of its budget. Statistics register here from the scheduler
 * function (cloudfunctions/scheduler), so the kernel's scheduler knows no module above it.
 */
export type StatisticsStep = (deps: Deps, policy: Policy, now: Date, stop: () => boolean) => Promise<StatisticsReport & { foldMs: number; totalsMs: number }>;

export async function runScheduler(deps: SchedulerDeps, kinds: AnyKind[], keepStatistics: StatisticsStep, limits: RunLimits = DEFAULT_LIMITS): Promise<RunReport> {
  const report: RunReport = { timersIssued: 0, mediaChecksResent: 0, sent: 0, noCredit: 0, notAttempted: 0, retried: 0, dead: 0, unaddressed: 0, movedOut: 0, rungs: { webhook: { sent: 0, retried: 0, dead: 0 }, sms: { sent: 0, retried: 0, dead: 0 } }, conflicts: 0, failed: 0, failures: [], outage: false, deferred: 0, alarms: [], ms: 0, phases: { timers: 0, outbox: 0, media: 0, fold: 0, totals: 0 }, more: false, statistics: { folded: 0, daysWritten: 0, totalsComputed: 0, more: false } };
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now);
  const memo = new Map<string, Promise<unknown>>();
  const cache: RunCache = <T>(key: string, load: () => Promise<T>) => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as Promise<T>;
  };
  const send = limited(SEND_CONCURRENCY, (message: Parameters<SendSubscription>[0]) => (report.outage || run.blocked ? Promise.resolve(null) : deps.sendSubscription(message)));
  // Deadlines and messages take the budget but its last share, which is the statistics'.
  const messageLimits = { ...limits, budgetMs: limits.budgetMs * (1 - STATISTICS_SHARE) };
  const run: Run = { deps, now, policy, report, limits: messageLimits, started: performance.now(), claimed: 0, cache, send, failStreak: 0, blocked: false, spent: new Map(), emptied: new Set(), ledger: new Map(), robot: robotBatcher(deps.postWebhook), rungs: [] };
  const timed = async <T>(phase: 'timers' | 'outbox' | 'media', step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await step();
    } finally {
      report.phases[phase] += Math.round(performance.now() - start);
    }
  };
  for (const kind of kinds) {
    if (await timed('timers', () => issueTimers(run, kind))) report.more = true;
    if (await timed('outbox', () => drainOutbox(run, kind))) report.more = true;
  }
  const media = await timed('media', () => resendMediaChecks(deps, now, MEDIA_PAGE, SCHEDULER_FUNCTION));
  report.mediaChecksResent = media.resent;
  media.alarms.forEach((alarm) => raise(report, alarm));
  // Statistics come last and take what is left of the budget, but always a little: figures may
  // wait a run behind deadlines and messages, never for as long as a backlog lasts.
  const deadline = Math.max(run.started + limits.budgetMs, performance.now() + STATISTICS_MIN_MS);
  const { foldMs, totalsMs, ...statistics } = await keepStatistics(deps, policy, now, () => performance.now() >= deadline);
  report.statistics = statistics;
  report.phases.fold = foldMs;
  report.phases.totals = totalsMs;
  if (report.statistics.more) report.more = true;
  report.ms = Math.round(elapsed(run));
  await deps.db.collection(HEARTBEAT.collection).doc(HEARTBEAT.id).set({ at: now, report });
  return report;
}
