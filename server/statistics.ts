// Monthly statistics for a community: the facts of its complaints read page by page through the
// community/submission index, then the pure figures of domain/statistics.ts. Shared by the
// dashboard's action (stats.monthly) and the workbook (stats.export).
import { startOfLocalDay } from '../domain/calendar';
import { factsOf, FIGURE_DEFINITIONS, monthlyStatistics, type ComplaintFacts } from '../domain/statistics';
import type { ActionResponses } from '../typings/api';
import { lastSchedulerRun } from './scheduler';
import { complaints } from './complaints';
import { requireCommunity, type Caller } from './members';
import { currentPolicy } from './policy';
import type { Deps } from './ports';

const PAGE = 1000;
/** A bound on one report's reads: 20 pages of 1000 (a community files far fewer in two months). */
const MAX_PAGES = 20;
/**
 * Deadlines and resolutions of the month belong to complaints filed up to this long before it;
 * recurrence also looks back (policy.statistics.recurrenceWindowDays ≤ this).
 */
const LOOKBACK_DAYS = 60;

export async function communityMonth(deps: Deps, caller: Caller, req: { communityId: string; year: number; month: number }): Promise<ActionResponses['stats.monthly']> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  // The scheduler's heartbeat rides along, so the dashboard shows whether reminders are running.
  const [policy, schedulerLastRunAt] = await Promise.all([currentPolicy(deps.db, now), lastSchedulerRun(deps.db)]);
  const first = `${req.year}-${String(req.month).padStart(2, '0')}-01`;
  const next = req.month === 12 ? `${req.year + 1}-01-01` : `${req.year}-${String(req.month + 1).padStart(2, '0')}-01`;
  const from = new Date(startOfLocalDay(first).getTime() - LOOKBACK_DAYS * 86_400_000);
  const to = startOfLocalDay(next);
  const _ = deps.db.command;
  const facts: ComplaintFacts[] = [];
  let cursor = from;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await deps.db
      .collection('complaints')
      .where({ communityId: req.communityId, submittedAt: page === 0 ? _.gte(cursor).and(_.lt(to)) : _.gt(cursor).and(_.lt(to)) })
      .orderBy('submittedAt', 'asc')
      .limit(PAGE)
      .get();
    const found = complaints.fromDocs(data).map((s) => s.state);
    facts.push(...found.map(factsOf));
    if (found.length < PAGE) break;
    cursor = found[found.length - 1]!.submittedAt;
  }
  return { ...monthlyStatistics(policy, facts, { year: req.year, month: req.month }, now), complaintsRead: facts.length, schedulerLastRunAt, definitions: FIGURE_DEFINITIONS };
}
