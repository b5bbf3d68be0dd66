// Monthly statistics for a community from its statistics summaries (server/stat-months.ts): the
// month's summary and those of its look-back — at most four documents, read by id in one query —
// then the pure figures of domain/statistics.ts. Shared by the dashboard's action (stats.monthly),
// the workbook (stats.export) and the company dashboard (stats.company).
import { FIGURE_DEFINITIONS, monthlyStatistics, type ComplaintFacts, type MonthlyStatistics } from '../domain/statistics';
import type { Policy } from '../domain/policy';
import type { ActionResponses } from '../typings/api';
import { communicationMonth } from './communication-stats';
import { lastSchedulerRun } from './scheduler';
import { requireCommunity, type Caller } from './members';
import { currentPolicy } from './policy';
import type { Database, Deps } from './ports';
import { factsIn, monthBounds, monthOf, monthsBetween, readSummaries, summaryId, type MonthSummary } from './stat-months';

/**
 * Deadlines and resolutions of the month belong to complaints filed up to this long before it;
 * recurrence also looks back (policy.statistics.recurrenceWindowDays ≤ this).
 */
const LOOKBACK_DAYS = 60;

export interface MonthWindow {
  from: Date;
  first: Date;
  next: Date;
  /** Summary months from the look-back's start to the month, oldest first. */
  months: string[];
}

export function monthWindow(year: number, month: number): MonthWindow {
  const { first, next } = monthBounds(year, month);
  const from = new Date(first.getTime() - LOOKBACK_DAYS * 86_400_000);
  return { from, first, next, months: monthsBetween(from, first) };
}

/**
 * How many complaints each summary month really has, counted by the (communityId, submittedAt, _id)
 * index; a summary holding fewer is short (written before summaries existed, or a fold was lost).
 */
export async function shortfall(db: Database, communityId: string, window: MonthWindow, summaries: MonthSummary[]): Promise<number> {
  const _ = db.command;
  const counts = await Promise.all(
    window.months.map(async (m) => {
      const [year, month] = m.split('-').map(Number) as [number, number];
      const b = monthBounds(year, month);
      const lo = m === window.months[0] ? window.from : b.first;
      const hi = m === monthOf(window.first) ? window.next : b.next;
      const { total } = await db.collection('complaints').where({ communityId, submittedAt: _.gte(lo).and(_.lt(hi)) }).count();
      const held = factsIn(summaries.filter((s) => s.month === m && s.communityId === communityId), lo, hi).length;
      return Math.max(0, total - held);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export function figuresOf(policy: Policy, facts: ComplaintFacts[], year: number, month: number, now: Date): MonthlyStatistics {
  return monthlyStatistics(policy, facts, { year, month }, now);
}

export async function communityMonth(deps: Deps, caller: Caller, req: { communityId: string; year: number; month: number }): Promise<ActionResponses['stats.monthly']> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  const window = monthWindow(req.year, req.month);
  // The scheduler's heartbeat rides along, so the dashboard shows whether reminders are running.
  const [policy, schedulerLastRunAt, summaries, communication] = await Promise.all([
    currentPolicy(deps.db, now),
    lastSchedulerRun(deps.db),
    readSummaries(
      deps.db,
      window.months.map((m) => summaryId(req.communityId, m)),
    ),
    // 业户沟通 (server/communication-stats.ts): notices and suggestions, a block of its own.
    communicationMonth(deps, req.communityId, req.year, req.month),
  ]);
  const facts = factsIn(summaries, window.from, window.next);
  const missing = await shortfall(deps.db, req.communityId, window, summaries);
  // `complete` false: the summaries hold fewer complaints than the database has (rebuild with
  // stats.rebuild) — said, never hidden; `missing` says how many.
  return { ...figuresOf(policy, facts, req.year, req.month, now), complaintsRead: facts.length, complete: missing === 0, missing, schedulerLastRunAt, definitions: FIGURE_DEFINITIONS, communication };
}
