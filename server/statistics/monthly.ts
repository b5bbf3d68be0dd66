// Monthly statistics for a community from its statistics facts (server/statistics/days.ts): the day
// documents of the month and its look-back — at most 92, read by id in one query — with the writes
// the scheduler has not folded yet laid over them, then the pure figures of domain/statistics.ts
// (monthlyFigures). Shared by the dashboard's action (stats.monthly), the workbook (stats.export,
// which lists recurring issues' complaints) and the totals the company dashboard reads
// (server/statistics/totals.ts).
import { FIGURE_DEFINITIONS, monthlyFigures, type ComplaintFacts } from '../../domain/statistics';
import type { MonthlyResponse } from '../../typings/api';
import { communicationMonth } from './communication';
import { schedulerHeartbeat } from '../kernel/scheduler';
import { requireCommunity, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Database, Deps } from '../kernel/ports';
import { dayId, daysBetween, factsIn, monthBounds, monthOf, monthsBetween, readDays, withRecentWrites, type DaySummary } from './days';

/**
 * Deadlines and resolutions of the month belong to complaints filed up to this long before it;
 * recurrence also looks back (policy.statistics.recurrenceWindowDays ≤ this).
 */
export const LOOKBACK_DAYS = 60;

export interface MonthWindow {
  from: Date;
  first: Date;
  next: Date;
  /** Months from the look-back's start to the month, oldest first. */
  months: string[];
  /** Days from the look-back's start to the month's last, oldest first (≤ 92). */
  days: string[];
}

export function monthWindow(year: number, month: number): MonthWindow {
  const { first, next } = monthBounds(year, month);
  const from = new Date(first.getTime() - LOOKBACK_DAYS * 86_400_000);
  return { from, first, next, months: monthsBetween(from, first), days: daysBetween(from, next) };
}

/** The window's day documents of one community (one read), with its writes not folded yet laid over them. */
export async function readWindow(deps: Deps, communityId: string, window: MonthWindow): Promise<{ days: DaySummary[]; behind: boolean }> {
  const days = await readDays(
    deps.db,
    window.days.map((d) => dayId(communityId, d)),
  );
  return withRecentWrites(deps, communityId, days);
}

/**
 * How many complaints each month of the window really has beyond what its day documents hold, counted
 * by the (communityId, submittedAt, _id) index: a month with any is short (a fold lost to a crash,
 * complaints from before the facts existed) and is rebuilt by rebuildMonth.
 */
export async function shortfall(db: Database, communityId: string, window: MonthWindow, days: DaySummary[]): Promise<Map<string, number>> {
  const _ = db.command;
  const counts = await Promise.all(
    window.months.map(async (m): Promise<[string, number]> => {
      const [year, month] = m.split('-').map(Number) as [number, number];
      const b = monthBounds(year, month);
      const lo = m === window.months[0] ? window.from : b.first;
      const hi = m === monthOf(window.first) ? window.next : b.next;
      if (hi <= lo) return [m, 0];
      const { total } = await db.collection('complaints').where({ communityId, submittedAt: _.gte(lo).and(_.lt(hi)) }).count();
      const held = factsIn(days, lo, hi).length;
      return [m, Math.max(0, total - held)];
    }),
  );
  return new Map(counts.filter(([, n]) => n > 0));
}

export const totalMissing = (short: Map<string, number>) => [...short.values()].reduce((a, b) => a + b, 0);

/** A community-month's facts (its window's), with what reading them found; for the dashboard and the workbook. */
export async function monthFacts(deps: Deps, caller: Caller, req: { communityId: string; year: number; month: number }): Promise<{ facts: ComplaintFacts[]; missing: number; behind: boolean }> {
  requireCommunity(caller, req.communityId);
  const window = monthWindow(req.year, req.month);
  const { days, behind } = await readWindow(deps, req.communityId, window);
  const missing = totalMissing(await shortfall(deps.db, req.communityId, window, days));
  return { facts: factsIn(days, window.from, window.next), missing, behind };
}

export async function communityMonth(deps: Deps, caller: Caller, req: { communityId: string; year: number; month: number }): Promise<MonthlyResponse> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  // The scheduler's heartbeat rides along, so the dashboard shows whether reminders are running and
  // what stops them (its alarms: a 云调用 permission not registered…).
  const [policy, heartbeat, read, communication] = await Promise.all([
    currentPolicy(deps.db, now),
    schedulerHeartbeat(deps.db),
    monthFacts(deps, caller, req),
    // 业户沟通 (server/statistics/communication.ts): notices and suggestions, a block of its own.
    communicationMonth(deps, req.communityId, req.year, req.month),
  ]);
  // `complete` false: the facts hold fewer complaints than the database has (rebuild with
  // stats.rebuild; the scheduler's totals rebuild on their own), or more writes wait to be folded
  // than one read takes — said, never hidden; `missing` says how many are missing.
  const figures = monthlyFigures(policy, read.facts, { year: req.year, month: req.month }, now, read);
  return { ...figures, schedulerLastRunAt: heartbeat?.at ?? null, schedulerAlarms: heartbeat?.alarms ?? [], definitions: FIGURE_DEFINITIONS, communication };
}
