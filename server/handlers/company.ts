// 集团看板 (stats.company): every community the general manager or an administrator oversees, side by
// side for a month — from the statistics summaries (server/stat-months.ts), one read for all of them —
// ranked; and stats.rebuild, which recomputes a community-month's summary from its complaints.
import { FIGURE_DEFINITIONS, visitTarget } from '../../domain/statistics';
import { byCodePoint } from '../../domain/model';
import type { ActionRequest, CompanyDashboard, CompanyRow } from '../../typings/api';
import type { Community } from '../communities';
import { requireCommunity, type Caller } from '../members';
import { currentPolicy } from '../policy';
import type { Deps } from '../ports';
import { figuresOf, monthWindow } from '../statistics';
import { factsIn, readSummaries, rebuildMonth, summaryId } from '../stat-months';

/** Overdue complaints counted in one read of their community ids; past it the count is a floor. */
const OVERDUE_READ = 1000;

const DEFINITIONS = {
  ...FIGURE_DEFINITIONS,
  overdueNow: '当前超时：此刻已过回应或办结时限、仍未处理的投诉（暂停计时的不算），与管理看板的“当前已超时”相同',
  visits: '业户走访：本月应走访户数（已入住户数 × 政策规定的比例）；走访记录功能上线前，已走访显示为“—”',
};

/** Higher first, a rate with nothing to measure last. */
const desc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);

export async function companyMonth(deps: Deps, caller: Caller, req: ActionRequest<'stats.company'>): Promise<CompanyDashboard> {
  const now = deps.now();
  const _ = deps.db.command;
  const ids = caller.member.communityIds;
  const window = monthWindow(req.year, req.month);
  const [policy, communities, summaries, counts, overdue] = await Promise.all([
    currentPolicy(deps.db, now),
    deps.db.collection('communities').where({ _id: _.in(ids) }).limit(ids.length).get(),
    readSummaries(
      deps.db,
      ids.flatMap((id) => window.months.map((m) => summaryId(id, m))),
    ),
    // How many complaints each community really has in the window, to say when a summary is short.
    deps.db
      .collection('complaints')
      .aggregate()
      .match({ communityId: _.in(ids), submittedAt: _.gte(window.from).and(_.lt(window.next)) })
      .group({ _id: '$communityId', n: deps.db.command.aggregate.sum(1) })
      .limit(ids.length)
      .end(),
    deps.db.collection('complaints').where({ communityId: _.in(ids), dueAt: _.lt(now) }).field({ communityId: true }).limit(OVERDUE_READ).get(),
  ]);
  const byId = new Map((communities.data as Community[]).map((c) => [c._id, c]));
  const filed = new Map((counts.data as Array<{ _id: string; n: number }>).map((r) => [r._id, r.n]));
  const overdueBy = new Map<string, number>();
  for (const d of overdue.data as Array<{ communityId: string }>) overdueBy.set(d.communityId, (overdueBy.get(d.communityId) ?? 0) + 1);
  const items: CompanyRow[] = ids.map((id) => {
    const facts = factsIn(
      summaries.filter((s) => s.communityId === id),
      window.from,
      window.next,
    );
    const s = figuresOf(policy, facts, req.year, req.month, now);
    const missing = Math.max(0, (filed.get(id) ?? 0) - facts.length);
    const community = byId.get(id);
    return {
      communityId: id,
      name: community?.name ?? id,
      submitted: s.submitted,
      responseOnTimeRate: s.responseOnTimeRate,
      resolutionOnTimeRate: s.resolutionOnTimeRate,
      satisfiedRate: s.satisfaction.satisfiedRate,
      rated: s.satisfaction.rated,
      reopenRate: s.reopenRate,
      overdueNow: overdueBy.get(id) ?? 0,
      visitTarget: visitTarget(policy, community?.households ?? 0),
      visitsDone: null,
      complete: missing === 0,
      missing,
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
  return { month: `${req.year}-${String(req.month).padStart(2, '0')}`, items, overdueComplete: overdue.data.length < OVERDUE_READ, definitions: DEFINITIONS };
}

export async function rebuild(deps: Deps, caller: Caller, req: ActionRequest<'stats.rebuild'>): Promise<{ complaints: number }> {
  requireCommunity(caller, req.communityId);
  return rebuildMonth(deps, req.communityId, req.year, req.month);
}
