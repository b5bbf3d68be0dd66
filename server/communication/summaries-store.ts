// 业户沟通总结 (seed 002 职责) as a kind of versioned document (server/kernel/store.ts) the scheduler sweeps
// (server/kernel/scheduler.ts): each community-month's summary waits ('scheduled', nextTimerAt = the month's
// end), is drafted when the month ends and the 客户服务主管 is told (subscription message, outbox).
// Its figures are computed from the same functions as the statistics (every block of stats.monthly),
// visits and surveys screens — live while it is a draft, frozen into the document when it is submitted.
import type { SheetData } from 'write-excel-file/node';
import { localDate, monthKey, startOfLocalDay } from '../../domain/calendar';
import { visitTarget } from '../../domain/statistics';
import { draftDue, nextSummaryTimer, scheduledSummary, summaryId, type CommunicationSummary } from '../../domain/summaries';
import { CUSTOMER_SERVICE_DEPARTMENT } from '../../domain/visits';
import type { SummaryFigures } from '../../typings/api';
import { communicationRows } from '../statistics/communication';
import { loadCommunity } from '../company/communities-store';
import { roleHolders, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Database, Deps } from '../kernel/ports';
import type { SweptKind } from '../kernel/scheduler';
import { communityMonth } from '../statistics/monthly';
import { newOutboxEntries, versionedStore } from '../kernel/store';
import { templateData, templateIdOf } from '../kernel/templates';
import { resultsOf, type SurveyDoc } from './surveys-store';
import { visitsByStaff } from './visits-store';
import { SUMMARY_PLACE, summaryDrafted, summaryGroupText, summaryRows } from './views';

/** The stored summary: the state, and once submitted the figures it was submitted with. */
export type StoredSummary = CommunicationSummary & { figures: SummaryFigures | null };

export const summaries = versionedStore<StoredSummary>({
  collection: 'communication_summaries',
  notFound: 'SUMMARY.NOT_FOUND',
  indexFields: (s) => ({ nextTimerAt: nextSummaryTimer(s), communityId: s.communityId, month: s.month }),
  fromFields(id, fields) {
    const { communityId: _c, month: _m, ...own } = fields as Record<string, unknown>;
    return { ...(own as Omit<StoredSummary, 'id' | 'communityId' | 'month'>), communityId: String(fields.communityId), month: String(fields.month), figures: countedFigures(fields.figures as StoredFigures | null | undefined), id };
  },
});

/** Figures stored before stats.monthly counted recurring issues listed their complaints' ids. */
type StoredFigures = Omit<SummaryFigures, 'statistics'> & {
  statistics: Omit<SummaryFigures['statistics'], 'recurring'> & { recurring: Array<Omit<SummaryFigures['statistics']['recurring'][number], 'count'> & { count?: number; complaintIds?: string[] }> };
};

/** Stored figures in today's shape: each recurring issue with its count. */
function countedFigures(stored: StoredFigures | null | undefined): SummaryFigures | null {
  if (!stored) return null;
  const recurring = stored.statistics.recurring.map(({ complaintIds, count, ...issue }) => ({ ...issue, count: count ?? complaintIds?.length ?? 0 }));
  return { ...stored, statistics: { ...stored.statistics, recurring } };
}

const TASK_TEMPLATE = templateIdOf('task');

/** YYYY-MM of the month after `month`. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? monthKey(y + 1, 1) : monthKey(y, m + 1);
}

/** When a month ends: local midnight starting the next month. */
export function monthEnd(month: string): Date {
  return startOfLocalDay(`${nextMonth(month)}-01`);
}

/**
 * Every community's summary of the current month exists and waits for the month's end: one read of
 * the communities (a small collection), one of the month's summaries, an insert for each missing one.
 * The scheduler calls it on each run; a second run finds them all and writes nothing.
 */
export async function scheduleSummaries(deps: Deps): Promise<number> {
  const now = deps.now();
  const month = localDate(now).slice(0, 7);
  const { data } = await deps.db.collection('communities').field({ _id: true }).limit(1000).get();
  const ids = (data as Array<{ _id: string }>).map((c) => c._id);
  if (ids.length === 0) return 0;
  const _ = deps.db.command;
  const wanted = ids.map((id) => summaryId(id, month));
  const { data: existing } = await deps.db.collection('communication_summaries').where({ _id: _.in(wanted) }).field({ _id: true }).limit(wanted.length).get();
  const have = new Set((existing as Array<{ _id: string }>).map((e) => e._id));
  if (have.size === ids.length) return 0;
  const policy = await currentPolicy(deps.db, now);
  let created = 0;
  for (const id of ids) {
    if (have.has(summaryId(id, month))) continue;
    if (await summaries.insert(deps.db, { ...scheduledSummary(id, month, monthEnd(month)), figures: null }, [], policy, now)) created++;
  }
  return created;
}

/** The month has ended: draft it and tell the customer-service head(s) of the community. */
export const summarySweep: SweptKind<StoredSummary> = {
  store: summaries,
  timers(stored, now) {
    const drafted = draftDue(stored.state, now);
    if (!drafted) return { change: null, issued: 0 };
    const intents = [{ key: `drafted>${stored.state.month}`, template: 'task' as const, recipient: { kind: 'role' as const, role: 'department_head' as const }, summary: summaryDrafted(stored.state.month) }];
    return { change: { state: { ...stored.state, ...drafted }, outbox: [...stored.outbox, ...newOutboxEntries(intents, now)] }, issued: 1 };
  },
  async recipients(deps, s, _entry, _now, cache) {
    return cache(`members|${s.communityId}|department_head|${CUSTOMER_SERVICE_DEPARTMENT}`, () => roleHolders(deps.db, s.communityId, 'department_head', CUSTOMER_SERVICE_DEPARTMENT));
  },
  // Staff only: a summary messages no owner.
  place: (s) => ({ communityId: s.communityId }),
  message(s, e, now) {
    return {
      templateId: TASK_TEMPLATE,
      page: `manager/pages/summary/index?communityId=${s.communityId}&month=${s.month}`,
      data: templateData('task', { number: s.month.replace('-', ''), summary: e.summary, place: SUMMARY_PLACE, deadline: now }),
      groupText: summaryGroupText(s.month),
    };
  },
};

/**
 * The summary's figures for a community-month, each from the function its own screen uses: the
 * statistics exactly as stats.monthly answers them, every block — complaints and 业户沟通 (notices,
 * what they prevented, suggestions), which the summary exists to summarise (seed 002 职责) — from
 * server/statistics/monthly.ts communityMonth; visits from visit.month's, surveys from survey.results'.
 */
export async function summaryFigures(deps: Deps, caller: Caller, communityId: string, year: number, month: number): Promise<SummaryFigures> {
  const key = monthKey(year, month);
  const _ = deps.db.command;
  const from = startOfLocalDay(`${key}-01`);
  const [stats, byStaff, community, policy, surveys] = await Promise.all([
    communityMonth(deps, caller, { communityId, year, month }),
    visitsByStaff(deps.db, communityId, key),
    loadCommunity(deps, communityId),
    currentPolicy(deps.db, deps.now()),
    // Surveys that closed in the month (their last day in it).
    deps.db
      .collection('surveys')
      .where({ communityId, closesAt: _.gt(from).and(_.lte(monthEnd(key))) })
      .orderBy('closesAt', 'asc')
      .limit(20)
      .get(),
  ]);
  const closed = surveys.data as SurveyDoc[];
  const results = await Promise.all(closed.map((s) => resultsOf(deps, s)));
  // The scheduler's heartbeat and alarms are the dashboard's, not figures of the month.
  const { schedulerLastRunAt: _heartbeat, schedulerAlarms: _alarms, ...statistics } = stats;
  return {
    month: key,
    statistics,
    visits: { target: visitTarget(policy, community?.households ?? 0), done: byStaff.reduce((n, s) => n + s.visits, 0), byStaff },
    surveys: closed.map((s, i) => ({ id: s._id, title: s.title, responses: results[i]!.results.responses, responseRate: results[i]!.results.responseRate, average: results[i]!.results.average })),
  };
}

/** Read for the export: the summary as stored, if any (one read by id). */
export async function storedSummary(db: Database, communityId: string, month: string): Promise<StoredSummary | null> {
  const { data } = await db.collection('communication_summaries').doc(summaryId(communityId, month)).get();
  return data[0] ? summaries.fromDocs(data)[0]!.state : null;
}

/** The 业户沟通总结 sheet of the monthly workbook (server/statistics/report.ts): status, text, figures, review. */
export async function summarySheet(deps: Deps, caller: Caller, req: { communityId: string; year: number; month: number }): Promise<{ sheet: string; data: SheetData }> {
  const [s, policy] = await Promise.all([storedSummary(deps.db, req.communityId, monthKey(req.year, req.month)), currentPolicy(deps.db, deps.now())]);
  const f = s?.figures ?? (await summaryFigures(deps, caller, req.communityId, req.year, req.month));
  const categories = new Map(policy.categories.map((c) => [c.code, c.label]));
  return summaryRows(s, f, (code) => categories.get(code) ?? code, communicationRows);
}
