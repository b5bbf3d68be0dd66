// Monthly statistics for a community: the facts of its complaints read page by page through the
// community/submission index, then the pure figures of domain/statistics.ts. Shared by the
// dashboard's action (stats.monthly) and the workbook (stats.export).
import { startOfLocalDay } from '../domain/calendar';
import { FACT_FIELDS, factsFrom, FIGURE_DEFINITIONS, monthlyStatistics, type ComplaintFacts, type FactSource } from '../domain/statistics';
import type { ActionResponses } from '../typings/api';
import { keysetPage } from './keyset';
import { lastSchedulerRun } from './scheduler';
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
  const projection = Object.fromEntries(FACT_FIELDS.map((f) => [f, true as const]));
  // A unique keyset cursor (submittedAt, _id): complaints sharing a submission time at a page
  // boundary are neither skipped nor counted twice, however many share it.
  let cursor: string | undefined;
  let complete = false;
  for (let page = 0; page < MAX_PAGES && !complete; page++) {
    const { docs, next: after } = await keysetPage(deps, 'complaints', { communityId: req.communityId, submittedAt: _.gte(from).and(_.lt(to)) }, { field: 'submittedAt', direction: 'asc' }, cursor, PAGE, projection);
    const rows: FactSource[] = (docs as unknown as Array<Omit<FactSource, 'id'> & { _id: string }>).map(({ _id, ...fields }) => ({ ...fields, id: _id, firstResolvedAt: fields.firstResolvedAt ?? null }));
    facts.push(...rows.map(factsFrom));
    complete = after === null;
    cursor = after ?? undefined;
  }
  // `complete` false: the read stopped at its bound (MAX_PAGES) and the figures miss the rest — said, never hidden.
  return { ...monthlyStatistics(policy, facts, { year: req.year, month: req.month }, now), complaintsRead: facts.length, complete, schedulerLastRunAt, definitions: FIGURE_DEFINITIONS };
}
