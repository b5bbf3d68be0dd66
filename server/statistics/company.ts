// 集团看板 (stats.company): every community the general manager or an administrator oversees, side by
// side for a month — from their totals (server/statistics/totals.ts), one small document each, one read for
// all of them — ranked; and stats.rebuild, which recomputes a community-month's statistics facts from
// its complaints.
import { monthKey } from '../../domain/calendar';
import { FIGURE_DEFINITIONS, visitTarget } from '../../domain/statistics';
import { byCodePoint } from '../../domain/model';
import type { ActionRequest, CompanyDashboard, CompanyRow } from '../../typings/api';
import type { Community } from '../company/communities-store';
import { workThrough } from '../kernel/concurrency';
import { requireCommunity, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { rebuildMonth } from './days';
import { computeTotals, readTotals, requestTotals, totalsId } from './totals';
import { visitsDone } from '../communication/visits-store';

/** Overdue complaints counted in one read of their community ids; past it the count is a floor. */
const OVERDUE_READ = 1000;

const DEFINITIONS = {
  ...FIGURE_DEFINITIONS,
  overdueNow: '当前超时：此刻已过回应或办结时限、仍未处理的投诉（暂停计时的不算），与管理看板的“当前已超时”相同',
  visits: '业户走访：本月已走访户数 / 应走访户数（已入住户数 × 政策规定的比例）；同一户一个月只计一次，投诉回访不算走访',
};

/** Higher first, a rate with nothing to measure last. */
const desc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);

/** Rows with no totals yet are computed in the call, this many at once, while this budget lasts (api timeout 20 s). */
const INLINE_CONCURRENCY = 4;
const INLINE_BUDGET_MS = 8_000;

export async function companyMonth(deps: Deps, caller: Caller, req: ActionRequest<'stats.company'>): Promise<CompanyDashboard> {
  const now = deps.now();
  const started = performance.now();
  const _ = deps.db.command;
  const ids = caller.member.communityIds;
  const month = monthKey(req.year, req.month);
  const [policy, communities, stored, overdue, visits] = await Promise.all([
    currentPolicy(deps.db, now),
    deps.db.collection('communities').where({ _id: _.in(ids) }).limit(ids.length).get(),
    readTotals(
      deps.db,
      ids.map((id) => totalsId(id, month)),
    ),
    deps.db.collection('complaints').where({ communityId: _.in(ids), dueAt: _.lt(now) }).field({ communityId: true }).limit(OVERDUE_READ).get(),
    visitsDone(deps.db, ids, month),
  ]);
  const totals = new Map(stored.map((t) => [t.communityId, t]));
  // A month nobody computed yet (a new month, a community just added, data from before the
  // totals): computed here while the budget lasts; the rest are asked of the scheduler, whose next
  // run computes them before anything else (server/statistics/totals.ts).
  const absent = ids.filter((id) => !totals.has(id));
  await workThrough(
    absent,
    INLINE_CONCURRENCY,
    async (id) => {
      totals.set(id, await computeTotals(deps, policy, id, month, now));
    },
    () => performance.now() - started < INLINE_BUDGET_MS,
  );
  // workThrough left in `absent` the rows it did not take.
  await requestTotals(
    deps.db,
    absent.map((communityId) => ({ communityId, month })),
    now,
  );
  const byId = new Map((communities.data as Community[]).map((c) => [c._id, c]));
  const overdueBy = new Map<string, number>();
  for (const d of overdue.data as Array<{ communityId: string }>) overdueBy.set(d.communityId, (overdueBy.get(d.communityId) ?? 0) + 1);
  const items: CompanyRow[] = ids.map((id) => {
    const t = totals.get(id);
    const f = t?.figures ?? { submitted: 0, responseOnTimeRate: null, resolutionOnTimeRate: null, satisfiedRate: null, rated: 0, reopenRate: null };
    const community = byId.get(id);
    return {
      communityId: id,
      name: community?.name ?? id,
      ...f,
      overdueNow: overdueBy.get(id) ?? 0,
      visitTarget: visitTarget(policy, community?.households ?? 0),
      visitsDone: visits.get(id) ?? 0,
      asOf: t ? new Date(t.computedAt) : null,
      complete: t !== undefined && t.missing === 0,
      missing: t?.missing ?? 0,
    };
  });
  items.sort(
    (a, b) =>
      desc(a.resolutionOnTimeRate, b.resolutionOnTimeRate) ||
      desc(a.responseOnTimeRate, b.responseOnTimeRate) ||
      desc(a.satisfiedRate, b.satisfiedRate) ||
      a.overdueNow - b.overdueNow ||
      byCodePoint(a.name, b.name),
  );
  return { month, items, overdueComplete: overdue.data.length < OVERDUE_READ, definitions: DEFINITIONS, targets: policy.targets };
}

export async function rebuild(deps: Deps, caller: Caller, req: ActionRequest<'stats.rebuild'>): Promise<{ complaints: number }> {
  requireCommunity(caller, req.communityId);
  const rebuilt = await rebuildMonth(deps, req.communityId, req.year, req.month);
  // The month's totals follow at once (the days are dirty, so the months after it follow in the scheduler).
  await computeTotals(deps, await currentPolicy(deps.db, deps.now()), req.communityId, monthKey(req.year, req.month), deps.now());
  return rebuilt;
}
