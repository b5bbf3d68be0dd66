// Totals for the company dashboard (集团看板), one document per community-month (`stat_totals`, id
// `<communityId>:<YYYY-MM>`): the row of figures it shows, computed from the community's day
// documents (server/stat-days.ts) with the same pure figures as the community's own dashboard.
//
// Why a second summary: 50 communities' facts are ~28 MB to read and fold in one call; their totals
// are 50 small documents. The price is freshness, and it is bounded and shown: the scheduler
// recomputes, every run, the community-months whose days a write marked dirty (and, every
// STALE_MS, the current month's, whose on-time rates move as deadlines pass without any write); the
// dashboard says when each row was computed, and computes a missing row itself.
//
// Self-healing: computing a month counts its complaints by index; a month whose days hold fewer
// (a fold lost to a crash, data from before the facts existed) is rebuilt from the complaints first.
import type { Policy } from '../domain/policy';
import type { CompanyFigures } from '../typings/api';
import { startOfLocalDay } from '../domain/calendar';
import type { Database, Deps } from './ports';
import { factsIn, foldWrites, monthOf, readByIds, rebuildMonth, type DaySummary } from './stat-days';
import { LOOKBACK_DAYS, figuresOf, monthWindow, readWindow, shortfall, totalMissing } from './statistics';

const STAT_TOTALS = 'stat_totals';

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

/** Compute a community-month's totals from its days (rebuilding short months first) and store them. */
export async function computeTotals(deps: Deps, policy: Policy, communityId: string, month: string, now: Date): Promise<Totals> {
  const [year, m] = parseMonth(month);
  const window = monthWindow(year, m);
  let { days } = await readWindow(deps, communityId, window, now);
  let short = await shortfall(deps.db, communityId, window, days);
  if (short.size > 0) {
    for (const s of short.keys()) await rebuildMonth(deps, communityId, ...parseMonth(s));
    ({ days } = await readWindow(deps, communityId, window, now));
    short = await shortfall(deps.db, communityId, window, days);
  }
  const facts = factsIn(days, window.from, window.next);
  const s = figuresOf(policy, facts, year, m, now);
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

/** The current month's totals are recomputed at least this often, written to or not. */
const STALE_MS = 15 * 60_000;
/** Dirty days read per run (their ids, community and fold count only). */
const DIRTY_READ = 1000;
/** Stale current-month totals read per run. */
const STALE_READ = 200;
/** Communities computed at once. */
const CONCURRENCY = 4;

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
  /** Communities with work left for the next run. */
  left: number;
}

export interface StatisticsReport {
  /** Complaints read by the fold (written since the last one, and its margin). */
  folded: number;
  /** Day documents the fold wrote. */
  daysWritten: number;
  /** Community-months whose totals were computed. */
  totalsComputed: number;
  /** Stopped at the deadline with work left: the next run goes on. */
  more: boolean;
}

/** The scheduler's statistics step: fold the writes into their days, then recompute the totals they reach. */
export async function keepStatistics(deps: Deps, policy: Policy, now: Date, deadline: number): Promise<StatisticsReport> {
  const fold = await foldWrites(deps, now, () => performance.now() >= deadline);
  const totals = await refreshTotals(deps, policy, now, deadline);
  return { folded: fold.complaints, daysWritten: fold.days, totalsComputed: totals.computed, more: fold.more || totals.left > 0 };
}

/**
 * The scheduler's statistics step: recompute the totals of every community-month a dirty day reaches
 * and of every current month computed longer than STALE_MS ago, the longest-waiting community first,
 * until `deadline` (performance.now()); then clear the days it covered, each only if no fold came
 * since it was read (`n` unchanged).
 */
async function refreshTotals(deps: Deps, policy: Policy, now: Date, deadline: number): Promise<TotalsReport> {
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
  const work = new Map<string, { months: Set<string>; days: Array<Pick<DaySummary, '_id' | 'n'>> }>();
  const of = (communityId: string) => work.get(communityId) ?? work.set(communityId, { months: new Set(), days: [] }).get(communityId)!;
  for (const d of dirty.data as Array<Pick<DaySummary, '_id' | 'communityId' | 'day' | 'n'>>) {
    const w = of(d.communityId);
    for (const m of monthsReached(d.day, now)) w.months.add(m);
    w.days.push({ _id: d._id, n: d.n });
  }
  for (const t of stale.data as Array<Pick<Totals, 'communityId'>>) of(t.communityId).months.add(current);
  // The longest-waiting community first, so a busy one never starves the others.
  const ids = [...work].flatMap(([communityId, w]) => [...w.months].map((m) => totalsId(communityId, m)));
  const computedAt = new Map((await readTotals(deps.db, ids)).map((t) => [t._id, new Date(t.computedAt).getTime()]));
  const waited = (communityId: string) => Math.min(...[...work.get(communityId)!.months].map((m) => computedAt.get(totalsId(communityId, m)) ?? 0));
  const queue = [...work.keys()].sort((a, b) => waited(a) - waited(b) || (a < b ? -1 : 1));
  const report: TotalsReport = { computed: 0, left: 0 };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let communityId = queue.shift(); communityId !== undefined; communityId = queue.shift()) {
        if (performance.now() >= deadline) {
          report.left++;
          continue;
        }
        const w = work.get(communityId)!;
        for (const m of [...w.months].sort()) {
          await computeTotals(deps, policy, communityId, m, now);
          report.computed++;
        }
        await Promise.all(w.days.map((d) => deps.db.collection('stat_days').where({ _id: d._id, n: d.n }).update({ dirty: false })));
      }
    }),
  );
  return report;
}
