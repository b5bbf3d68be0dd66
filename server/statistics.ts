// Monthly statistics for a community: the facts of its complaints read page by page through the
// community/submission index, then the pure figures of domain/statistics.ts. Shared by the
// dashboard's action (stats.monthly) and the workbook (stats.export).
import { startOfLocalDay } from '../domain/calendar';
import { FACT_FIELDS, factsFrom, FIGURE_DEFINITIONS, monthlyStatistics, type ComplaintFacts, type FactSource } from '../domain/statistics';
import { ApiError } from './errors';
import type { ActionResponses } from '../typings/api';
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
  const projection = Object.fromEntries(FACT_FIELDS.map((f) => [f, true]));
  // A unique keyset cursor (submittedAt, _id): a page continues from its last complaint's time, and
  // those of that same instant already counted are passed over by id.
  let after: { at: Date; id: string } | null = null;
  let complete = false;
  for (let page = 0; page < MAX_PAGES && !complete; page++) {
    const { data }: { data: unknown[] } = await deps.db
      .collection('complaints')
      .where({ communityId: req.communityId, submittedAt: _.gte(after?.at ?? from).and(_.lt(to)) })
      .orderBy('submittedAt', 'asc')
      .orderBy('_id', 'asc')
      .field(projection)
      .limit(PAGE)
      .get();
    const rows: FactSource[] = (data as Array<Omit<FactSource, 'id'> & { _id: string }>).map(({ _id, ...fields }) => ({ ...fields, id: _id, firstResolvedAt: fields.firstResolvedAt ?? null }));
    const seen = after;
    const fresh = seen ? rows.filter((r) => r.submittedAt.getTime() > seen.at.getTime() || r.id > seen.id) : rows;
    facts.push(...fresh.map(factsFrom));
    complete = rows.length < PAGE;
    const last: FactSource | undefined = rows[rows.length - 1];
    if (!complete && last) {
      // A whole page at one instant would never move on: say so rather than loop or undercount.
      if (fresh.length === 0) throw new ApiError('INTERNAL', `more than ${PAGE} complaints share the instant ${last.submittedAt.toISOString()}`);
      after = { at: last.submittedAt, id: last.id };
    }
  }
  // `complete` false: the read stopped at its bound (MAX_PAGES) and the figures miss the rest — said, never hidden.
  return { ...monthlyStatistics(policy, facts, { year: req.year, month: req.month }, now), complaintsRead: facts.length, complete, schedulerLastRunAt, definitions: FIGURE_DEFINITIONS };
}
