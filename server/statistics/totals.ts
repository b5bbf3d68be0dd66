// Totals for the company dashboard (集团看板), one document per community-month (`stat_totals`, id
// `<communityId>:<YYYY-MM>`): the row of figures it shows, computed from the community's day
// documents (server/statistics/days.ts) with the same pure figures as the community's own dashboard.
//
// Why a second summary: 50 communities' facts are ~28 MB to read and fold in one call; their totals
// are 50 small documents. The price is freshness, and it is bounded and shown: the scheduler
// recomputes, every run, the community-months whose days a write marked dirty (and, every
// STALE_MS, the current month's, whose on-time rates move as deadlines pass without any write); the
// dashboard says when each row was computed, and computes a missing row itself.
//
// Self-healing: computing a month counts its complaints by index; a month whose days hold fewer
// (a fold lost to a crash, data from before the facts existed) is rebuilt from the complaints first.
//
// Rows that do not exist come first in every run, before the fold: those the dashboard could not
// compute in its own call (it asks for them in `stat_requests`), and every community's current and
// previous month. A bulk import's fold may take runs; a missing row waits for none of them.
import type { Policy } from '../../domain/policy';
import type { CompanyFigures } from '../../typings/api';
import { startOfLocalDay } from '../../domain/calendar';
import { workThrough } from '../kernel/concurrency';
import type { Database, Deps } from '../kernel/ports';
import type { StatisticsStep } from '../kernel/scheduler';
import { monthlyStatistics } from '../../domain/statistics';
import { factsIn, foldWrites, monthOf, readByIds, rebuildMonth, type DaySummary } from './days';
import { LOOKBACK_DAYS, monthWindow, readWindow, shortfall, totalMissing } from './monthly';

const STAT_TOTALS = 'stat_totals';
/** Rows the dashboard asked for and could not compute in its call: `{ _id: totalsId, communityId, month, at }`. */
const STAT_REQUESTS = 'stat_requests';

export interface Totals {
  _id: string;
  communityId: string;
  month: string;
  computedAt: Date;
  figures: CompanyFigures;
  /** Complaints of the month's window the days held (a rebuild ran first if they were short). */
  complaints: number;
  /** Still short after the rebuild (a fold raced it): said on the dashboard. */
  missing: number;
}

export const totalsId = (communityId: string, month: string) => `${communityId}:${month}`;
const parseMonth = (m: string) => m.split('-').map(Number) as [number, number];

/**
 * Compute a community-month's totals from its days, with the writes not folded yet laid over them
 * (rebuilding short months first), and store them.
 */
export async function computeTotals(deps: Deps, policy: Policy, communityId: string, month: string, now: Date): Promise<Totals> {
  const [year, m] = parseMonth(month);
  const window = monthWindow(year, m);
  const read = async () => (await readWindow(deps, communityId, window)).days;
  let days = await read();
  let short = await shortfall(deps.db, communityId, window, days);
  if (short.size > 0) {
    for (const s of short.keys()) await rebuildMonth(deps, communityId, ...parseMonth(s));
    days = await read();
    short = await shortfall(deps.db, communityId, window, days);
  }
  const facts = factsIn(days, window.from, window.next);
  const s = monthlyStatistics(policy, facts, { year, month: m }, now);
  const totals: Totals = {
    _id: totalsId(communityId, month),
    communityId,
    month,
    computedAt: now,
    figures: { submitted: s.submitted, responseOnTimeRate: s.responseOnTimeRate, resolutionOnTimeRate: s.resolutionOnTimeRate, satisfiedRate: s.satisfaction.satisfiedRate, rated: s.satisfaction.rated, reopenRate: s.reopenRate },
    complaints: facts.length,
    missing: totalMissing(short),
  };
  const { _id, ...fields } = totals;
  await deps.db.collection(STAT_TOTALS).doc(_id).set(fields);
  return totals;
}

/** Read totals by id. */
export const readTotals = (db: Database, ids: string[]) => readByIds<Totals>(db, STAT_TOTALS, ids);

/** The dashboard's rows it could not compute in its call: the scheduler's next run computes them first. */
export async function requestTotals(db: Database, rows: Array<{ communityId: string; month: string }>, now: Date): Promise<void> {
  await Promise.all(rows.map(({ communityId, month }) => db.collection(STAT_REQUESTS).doc(totalsId(communityId, month)).set({ communityId, month, at: now })));
}

/** The current month's totals are recomputed at least this often, written to or not. */
const STALE_MS = 15 * 60_000;
/** Dirty days read per run (their ids, community and fold count only). */
const DIRTY_READ = 1000;
/** Stale current-month totals read per run. */
const STALE_READ = 200;
/** Communities computed at once. */
const CONCURRENCY = 4;
/** Requested rows read per run. */
const REQUESTS_READ = 200;
/** Communities whose current and previous month's rows are checked per run (one read of ids). */
const COMMUNITIES_READ = 1000;
/**
 * Missing rows computed per run before the fold: a new month's rows of a thousand communities wait a
 * few runs rather than hold up the fold that long.
 */
const MISSING_PER_RUN = 100;

/** The months whose figures a day's complaints enter: its own, and those its deadlines and look-back reach, up to now. */
function monthsReached(day: string, now: Date): string[] {
  const start = startOfLocalDay(day);
  const until = Math.min(now.getTime(), start.getTime() + LOOKBACK_DAYS * 86_400_000);
  const out = [day.slice(0, 7)];
  for (let t = start.getTime(); t <= until; t += 86_400_000) {
    const m = monthOf(new Date(t));
    if (out[out.length - 1] !== m) out.push(m);
  }
  return out;
}

interface TotalsReport {
  /** Community-months computed. */
  computed: number;
  /** Community-months left for the next run. */
  left: number;
}

/** YYYY-MM of the month before the one holding `now`. */
function previousMonth(now: Date): string {
  const [y, m] = parseMonth(monthOf(now));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Rows that do not exist, computed until `stop()`: those the dashboard asked for, and each
 * community's current and previous month (what 集团看板 opens on, and the month a report is about).
 */
async function fillMissing(deps: Deps, policy: Policy, now: Date, stop: () => boolean): Promise<TotalsReport> {
  const [requested, communities] = await Promise.all([
    deps.db.collection(STAT_REQUESTS).where({ at: deps.db.command.lte(now) }).orderBy('at', 'asc').limit(REQUESTS_READ).get(),
    deps.db.collection('communities').field({ _id: true }).limit(COMMUNITIES_READ).get(),
  ]);
  const asked = (requested.data as Array<{ _id: string }>).map((r) => r._id);
  // Asked for first (someone is looking), then the previous month (complete, and what the month's report
  // is about), then the current one (few facts early in a month: the dashboard computes it cheaply itself).
  const recent = (month: string) => (communities.data as Array<{ _id: string }>).map((c) => totalsId(c._id, month));
  const ids = [...new Set([...asked, ...recent(previousMonth(now)), ...recent(monthOf(now))])];
  const present = new Set((await readTotals(deps.db, ids)).map((t) => t._id));
  const absent = ids.filter((id) => !present.has(id));
  const queue = absent.slice(0, MISSING_PER_RUN);
  let computed = 0;
  await workThrough(
    queue,
    CONCURRENCY,
    async (id) => {
      const at = id.lastIndexOf(':');
      await computeTotals(deps, policy, id.slice(0, at), id.slice(at + 1), now);
      computed++;
    },
    () => !stop(),
  );
  // A request is answered once its row exists (computed now, or by anyone since it was made).
  const left = new Set([...queue, ...absent.slice(MISSING_PER_RUN)]);
  await Promise.all(asked.filter((id) => !left.has(id)).map((id) => deps.db.collection(STAT_REQUESTS).doc(id).remove()));
  return { computed, left: left.size };
}

/**
 * The scheduler's statistics step: the rows that do not exist first, then fold the due facts into
 * their days, then recompute the totals they reach.
 */
export const keepStatistics: StatisticsStep = async (deps, policy, now, stop) => {
  const start = performance.now();
  const missing = await fillMissing(deps, policy, now, stop);
  const filled = performance.now();
  const fold = await foldWrites(deps, stop);
  const folded = performance.now();
  const totals = await refreshTotals(deps, policy, now, stop);
  return {
    folded: fold.complaints,
    daysWritten: fold.days,
    factsCleared: fold.cleared,
    totalsComputed: missing.computed + totals.computed,
    more: missing.left > 0 || fold.more || totals.left > 0,
    foldMs: Math.round(folded - filled),
    totalsMs: Math.round(filled - start + performance.now() - folded),
  };
};

/**
 * The scheduler's statistics step: recompute the totals of every community-month a dirty day reaches
 * and of every current month computed longer than STALE_MS ago, the longest-waiting first, one
 * community-month at a time until `stop()` (the run's deadline) — a community whose old complaints
 * all changed at once (a week's timers firing on an imported history) reaches a hundred months, and
 * the run must not wait for them all. Then clear each day whose months were all computed, only if no
 * fold came since it was read (`n` unchanged); the rest stay dirty for the next run.
 */
async function refreshTotals(deps: Deps, policy: Policy, now: Date, stop: () => boolean): Promise<TotalsReport> {
  const _ = deps.db.command;
  const current = monthOf(now);
  const [dirty, stale] = await Promise.all([
    deps.db.collection('stat_days').where({ dirty: true }).field({ communityId: true, day: true, n: true }).limit(DIRTY_READ).get(),
    deps.db
      .collection(STAT_TOTALS)
      .where({ month: current, computedAt: _.lt(new Date(now.getTime() - STALE_MS)) })
      .field({ communityId: true })
      .limit(STALE_READ)
      .get(),
  ]);
  const days = (dirty.data as Array<Pick<DaySummary, '_id' | 'communityId' | 'day' | 'n'>>).map((d) => ({ ...d, months: monthsReached(d.day, now).map((m) => totalsId(d.communityId, m)) }));
  const items = new Set([...days.flatMap((d) => d.months), ...(stale.data as Array<Pick<Totals, 'communityId'>>).map((t) => totalsId(t.communityId, current))]);
  const computedAt = new Map((await readTotals(deps.db, [...items])).map((t) => [t._id, new Date(t.computedAt).getTime()]));
  // The longest-waiting first (never computed: first of all), so a busy community never starves the others.
  const queue = [...items].sort((a, b) => (computedAt.get(a) ?? 0) - (computedAt.get(b) ?? 0) || (a < b ? -1 : 1));
  const computed = new Set<string>();
  const compute = async (id: string) => {
    const at = id.lastIndexOf(':');
    await computeTotals(deps, policy, id.slice(0, at), id.slice(at + 1), now);
    computed.add(id);
  };
  await workThrough(queue, CONCURRENCY, compute, () => !stop());
  const done = days.filter((d) => d.months.every((id) => computed.has(id)));
  await workThrough(done, CONCURRENCY, async (d) => {
    await deps.db.collection('stat_days').where({ _id: d._id, n: d.n }).update({ dirty: false });
  });
  return { computed: computed.size, left: queue.length };
}
