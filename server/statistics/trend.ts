// 管理看板's 12-month trend (stats.monthly): the month asked for, computed exactly by communityMonth,
// and the 11 before it from their totals documents (server/statistics/totals.ts, one per
// community-month) — read by id in one query beside the month's own reads, so the trend costs the
// dashboard no extra round trip and no read that grows with the community's history. A month with no
// totals document (never computed, or from before the statistics existed) is missing, not zero: the
// page shows a gap, and a change against it is not made up.
import type { ActionRequest, ActionResponses, CompanyFigures, TrendPoint } from '../../typings/api';
import { requireCommunity, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { communityMonth } from './monthly';
import { readTotals, totalsId } from './totals';

/** Months on the trend, the asked-for month included. */
export const TREND_MONTHS = 12;

/** `count` months ending with year-month, oldest first, as YYYY-MM. */
export function monthsEnding(year: number, month: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export async function communityDashboard(deps: Deps, caller: Caller, req: ActionRequest<'stats.monthly'>): Promise<ActionResponses['stats.monthly']> {
  // Refused before any read, the totals' included.
  requireCommunity(caller, req.communityId);
  const months = monthsEnding(req.year, req.month, TREND_MONTHS);
  const earlier = months.slice(0, -1);
  const [stats, stored] = await Promise.all([
    communityMonth(deps, caller, req),
    readTotals(
      deps.db,
      earlier.map((m) => totalsId(req.communityId, m)),
    ),
  ]);
  const byMonth = new Map(stored.map((t) => [t.month, t.figures]));
  const now: CompanyFigures = {
    submitted: stats.submitted,
    responseOnTimeRate: stats.responseOnTimeRate,
    resolutionOnTimeRate: stats.resolutionOnTimeRate,
    satisfiedRate: stats.satisfaction.satisfiedRate,
    rated: stats.satisfaction.rated,
    reopenRate: stats.reopenRate,
  };
  const trend: TrendPoint[] = [...earlier.map((month) => ({ month, figures: byMonth.get(month) ?? null })), { month: months[months.length - 1]!, figures: now }];
  // communityMonth has just read the policy: this is its cached copy, no read.
  const { targets } = await currentPolicy(deps.db, deps.now());
  return { ...stats, trend, targets };
}
