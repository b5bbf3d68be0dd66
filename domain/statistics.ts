// Monthly figures for review (seed 000 §(六) 定期复盘; seed 003 (10) 每个月末…进行全面统计): pure
// functions over the facts of each complaint. Rates with nothing to measure are null, never 0.
import { monthKey } from './calendar';
import type { Complaint } from './complaint';
import { DomainError } from './errors';
import { byCodePoint, type CategoryCode, type Channel, type ClosureReason, type DepartmentCode, type Urgency } from './model';
import type { Policy } from './policy';

/** What statistics need of a complaint; `factsOf` derives it, the server may store it flat. */
export interface ComplaintFacts {
  id: string;
  communityId: string;
  building: string | null;
  category: CategoryCode | null;
  urgency: Urgency | null;
  department: DepartmentCode | null;
  handlerId: string | null;
  channel: Channel;
  submittedAt: Date;
  respondBy: Date;
  acceptedAt: Date | null;
  resolveBy: Date | null;
  /** The latest resolution; null while (re)opened. */
  resolvedAt: Date | null;
  /** The first resolution, which a reopening does not erase: the reopen rate's cohort. */
  firstResolvedAt: Date | null;
  closedAt: Date | null;
  closure: ClosureReason | null;
  /** Every score given: the owner's in the app and 客服's from phone callbacks, each counted. */
  ratings: Array<{ score: number; at: Date; source: 'owner' | 'callback' | 'reply' }>;
  reopenCount: number;
  /** 成立 / 不成立 (seed 001; seed 002 (12)(13)); null until staff have decided. */
  valid: boolean | null;
  /** The SLA clock stands still (waiting on the owner or a third party): not overdue meanwhile. */
  paused: boolean;
}

/**
 * The complaint fields the figures read: what a statistics query fetches (never the timeline — the
 * first resolution is stored beside the complaint as `firstResolvedAt`).
 */
export const FACT_FIELDS = ['communityId', 'location', 'category', 'urgency', 'department', 'handlerId', 'channel', 'submittedAt', 'respondBy', 'acceptedAt', 'resolveBy', 'resolvedAt', 'closedAt', 'closure', 'ratings', 'reopenCount', 'pause', 'firstResolvedAt'] as const;
export type FactSource = Pick<Complaint, 'id' | Exclude<(typeof FACT_FIELDS)[number], 'firstResolvedAt'>> & { firstResolvedAt: Date | null };

/** The first resolution, which a reopening does not erase: the reopen rate's cohort. */
export function firstResolvedAt(c: Complaint): Date | null {
  return c.firstResolvedAt;
}

export function factsOf(c: Complaint): ComplaintFacts {
  return factsFrom({ ...c, firstResolvedAt: firstResolvedAt(c) });
}

export function factsFrom(c: FactSource): ComplaintFacts {
  return {
    id: c.id,
    communityId: c.communityId,
    building: c.location.building ?? null,
    category: c.category,
    urgency: c.urgency,
    department: c.department,
    handlerId: c.handlerId,
    channel: c.channel,
    submittedAt: c.submittedAt,
    respondBy: c.respondBy,
    acceptedAt: c.acceptedAt,
    resolveBy: c.resolveBy,
    resolvedAt: c.resolvedAt,
    firstResolvedAt: c.firstResolvedAt,
    closedAt: c.closedAt,
    closure: c.closure?.reason ?? null,
    ratings: c.ratings.map(({ score, at, source }) => ({ score, at, source })),
    reopenCount: c.reopenCount,
    // Triage records a category only for a valid complaint; an invalid one is closed as such.
    valid: c.closure?.reason === 'invalid' ? false : c.category !== null ? true : null,
    paused: c.pause !== null,
  };
}

/** A calendar month in the company's zone (+08:00). */
export interface Month {
  year: number;
  /** 1–12 */
  month: number;
}

export interface RecurringIssue {
  communityId: string;
  building: string;
  category: CategoryCode;
  /** Oldest first. */
  complaintIds: string[];
}

export interface HandlerWorkload {
  handlerId: string;
  /** Their complaints submitted in the month. */
  assigned: number;
  /** Their complaints resolved in the month. */
  resolved: number;
  /** Neither resolved nor closed at `now`. */
  open: number;
  /** Open with a deadline already passed at `now` (a paused clock excepted). */
  overdue: number;
}

export interface MonthlyStatistics {
  /** YYYY-MM */
  month: string;
  submitted: number;
  /** Breakdowns of the month's submissions; a complaint not yet classified counts as 'unclassified'. */
  byCommunity: Record<string, number>;
  byCategory: Record<string, number>;
  byUrgency: Record<string, number>;
  byDepartment: Record<string, number>;
  byChannel: Record<string, number>;
  /** Of the month's complaints whose validity staff have decided: the share judged 不成立. */
  invalidShare: number | null;
  /** Of first-response deadlines that fell in the month and have been met or have passed: met on time. */
  responseOnTimeRate: number | null;
  /** Of resolution deadlines that fell in the month and have been met or have passed: met on time. */
  resolutionOnTimeRate: number | null;
  /** Submission to resolution, for complaints resolved in the month, in hours. */
  handlingHours: { median: number | null; mean: number | null };
  /**
   * Every score given in the month — owners' in the app and those 客服 noted on phone callbacks
   * (seed 000 §(五), 003 (8)) or when answering by the complainant's channel, each resolution round on
   * its own: the share at or above policy.satisfaction.satisfiedAtLeast, and the mean; `bySource` says
   * how many the owners gave in the app and how many staff noted on the phone or in person.
   */
  satisfaction: { rated: number; bySource: { owner: number; callback: number }; satisfiedRate: number | null; meanRating: number | null };
  /** Of complaints first resolved in the month, the share reopened since. */
  reopenRate: number | null;
  recurring: RecurringIssue[];
  workload: HandlerWorkload[];
}

/**
 * What each figure measures, in one line a manager can open (seed 003 (10) 每个月末…全面统计; seed 000
 * §(六) 定期复盘). The cohorts are chosen on purpose and said here: a deadline counts in the month it
 * fell due, a resolution in the month it happened, a rating in the month it was given.
 */
export const FIGURE_DEFINITIONS = {
  submitted: '本月投诉：本月提交或登记的投诉件数（各渠道合计）',
  invalidShare: '不成立占比：本月投诉中已判定的，判定为不成立的比例',
  responseOnTimeRate: '按时响应率：本月到期（或已接单）的响应时限中，按时接单的比例；暂停计时中的不算',
  // The deadline itself is policy (seed 003 (6)); the default is said here so a manager reads what 按时 means.
  resolutionOnTimeRate:
    '按时办结率：本月到期（或已处理完成）的解决时限中，按时处理完成的比例；暂停计时中的不算。解决时限按公司政策，默认普通投诉当日办结（接单当日下班前；当日剩余不足 1 个工作小时或在非工作时间接单的，下一工作日下班前），特殊投诉 3 天内',
  handlingHours: '处理时长：本月处理完成的投诉，从提交到处理完成的小时数（中位数与平均数）',
  satisfaction: '满意率：本月给出的每一次评分（业主评价、电话回访评分各算一次，重开前后各算一次）中，不低于满意分的比例',
  meanRating: '平均评分：本月给出的每一次评分的平均值（1–5 分）',
  reopenRate: '重开率：本月首次处理完成的投诉中，之后被重新打开的比例',
  recurring: '高频问题：同一楼栋同一类别在政策规定的天数内反复出现的投诉',
  workload: '员工工作量：本月派给每位处理人的件数、处理完成件数、在办件数与已超时件数',
} as const;
export type FigureKey = keyof typeof FIGURE_DEFINITIONS;

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/** YYYY-MM; a month outside four-digit years is refused. */
function checkedMonthKey(m: Month): string {
  if (!Number.isInteger(m.year) || !Number.isInteger(m.month) || m.month < 1 || m.month > 12 || m.year < 1000 || m.year > 9999) {
    throw new DomainError('STATISTICS.BAD_MONTH', `no such month ${m.year}-${m.month}`);
  }
  return monthKey(m.year, m.month);
}

/** A month as instants [from, to) in the company's zone (UTC+8 all year): compared as numbers, no date formatting per fact. */
interface MonthRange {
  key: string;
  from: number;
  to: number;
}

function rangeOf(m: Month): MonthRange {
  const key = checkedMonthKey(m);
  const next = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };
  const start = (x: Month) => Date.UTC(x.year, x.month - 1, 1) - 8 * HOUR_MS;
  return { key, from: start(m), to: start(next) };
}

function inMonth(at: Date | null, range: MonthRange): boolean {
  if (at === null) return false;
  const t = at.getTime();
  return t >= range.from && t < range.to;
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function countBy(items: ComplaintFacts[], key: (f: ComplaintFacts) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? 'unclassified';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Closed without ever being worked on: not measured against response or resolution targets. */
function closedUnworked(f: ComplaintFacts): boolean {
  return f.acceptedAt === null && (f.closure === 'invalid' || f.closure === 'withdrawn' || f.closure === 'merged');
}

/**
 * On-time share of the deadlines due in the month that, at `now`, are met or have passed. A deadline
 * still ahead is not judged yet, nor one whose clock is paused (it moves when the clock restarts).
 */
function onTimeRate(facts: ComplaintFacts[], key: MonthRange, now: Date, due: (f: ComplaintFacts) => Date | null, done: (f: ComplaintFacts) => Date | null): number | null {
  let judged = 0;
  let onTime = 0;
  for (const f of facts) {
    const d = due(f);
    const finished = done(f);
    if (d === null || !inMonth(d, key) || closedUnworked(f)) continue;
    if (finished === null && (d > now || f.paused)) continue;
    judged++;
    if (finished !== null && finished <= d) onTime++;
  }
  return rate(onTime, judged);
}

/**
 * 高频投诉 (seed 000 §(六) 特别是针对高频投诉…进行复盘): complaints of the same community, building and
 * category, each within policy.statistics.recurrenceWindowDays of another of them (so a problem that
 * keeps coming back every few weeks stays one issue). `facts` may include earlier months so a
 * recurrence across the month boundary is seen; an issue is reported when one of its complaints was
 * submitted in the month. Invalid and merged complaints are not separate occurrences.
 */
export function recurringIssues(policy: Policy, facts: ComplaintFacts[], m: Month): RecurringIssue[] {
  const key = rangeOf(m);
  const windowMs = policy.statistics.recurrenceWindowDays * DAY_MS;
  const groups = new Map<string, ComplaintFacts[]>();
  for (const f of facts) {
    if (!f.building || !f.category || f.closure === 'invalid' || f.closure === 'merged') continue;
    const group = JSON.stringify([f.communityId, f.building, f.category]);
    const members = groups.get(group);
    if (members) members.push(f);
    else groups.set(group, [f]);
  }
  const out: RecurringIssue[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
    // Split the group where two neighbours are further apart than the window.
    let run: ComplaintFacts[] = [];
    const flush = () => {
      if (run.length >= 2 && run.some((f) => inMonth(f.submittedAt, key))) {
        out.push({ communityId: run[0]!.communityId, building: run[0]!.building!, category: run[0]!.category!, complaintIds: run.map((f) => f.id) });
      }
      run = [];
    };
    for (const f of sorted) {
      const last = run[run.length - 1];
      if (last && f.submittedAt.getTime() - last.submittedAt.getTime() > windowMs) flush();
      run.push(f);
    }
    flush();
  }
  return out.sort((a, b) => b.complaintIds.length - a.complaintIds.length || byCodePoint(a.building, b.building));
}

function workload(facts: ComplaintFacts[], key: MonthRange, now: Date): HandlerWorkload[] {
  const byHandler = new Map<string, HandlerWorkload>();
  for (const f of facts) {
    if (!f.handlerId) continue;
    const w = byHandler.get(f.handlerId) ?? { handlerId: f.handlerId, assigned: 0, resolved: 0, open: 0, overdue: 0 };
    if (inMonth(f.submittedAt, key)) w.assigned++;
    if (inMonth(f.resolvedAt, key)) w.resolved++;
    if (f.resolvedAt === null && f.closedAt === null) {
      w.open++;
      const late = (f.acceptedAt === null && f.respondBy < now) || (f.resolveBy !== null && f.resolveBy < now);
      if (late && !f.paused) w.overdue++;
    }
    byHandler.set(f.handlerId, w);
  }
  return [...byHandler.values()].sort((a, b) => b.assigned - a.assigned || byCodePoint(a.handlerId, b.handlerId));
}

/** The month's figures, as of `now`. `facts` may reach back before the month (deadlines, recurrence). */
export function monthlyStatistics(policy: Policy, facts: ComplaintFacts[], m: Month, now: Date): MonthlyStatistics {
  const key = rangeOf(m);
  const submitted = facts.filter((f) => inMonth(f.submittedAt, key));
  const decided = submitted.filter((f) => f.valid !== null);
  const resolved = facts.filter((f) => inMonth(f.resolvedAt, key));
  const handling = resolved.map((f) => (f.resolvedAt!.getTime() - f.submittedAt.getTime()) / HOUR_MS);
  const firstResolved = facts.filter((f) => inMonth(f.firstResolvedAt ?? f.resolvedAt, key));
  // Every score given in the month counts — a 1★ that reopened a complaint, and a callback's score.
  const given = facts.flatMap((f) => f.ratings).filter((r) => inMonth(r.at, key));
  const ratings = given.map((r) => r.score);
  return {
    month: key.key,
    submitted: submitted.length,
    byCommunity: countBy(submitted, (f) => f.communityId),
    byCategory: countBy(submitted, (f) => f.category),
    byUrgency: countBy(submitted, (f) => f.urgency),
    byDepartment: countBy(submitted, (f) => f.department),
    byChannel: countBy(submitted, (f) => f.channel),
    invalidShare: rate(decided.filter((f) => f.valid === false).length, decided.length),
    responseOnTimeRate: onTimeRate(facts, key, now, (f) => f.respondBy, (f) => f.acceptedAt),
    resolutionOnTimeRate: onTimeRate(facts, key, now, (f) => f.resolveBy, (f) => f.resolvedAt),
    handlingHours: { median: median(handling), mean: mean(handling) },
    satisfaction: {
      rated: ratings.length,
      bySource: { owner: given.filter((r) => r.source === 'owner').length, callback: given.filter((r) => r.source !== 'owner').length },
      satisfiedRate: rate(ratings.filter((r) => r >= policy.satisfaction.satisfiedAtLeast).length, ratings.length),
      meanRating: mean(ratings),
    },
    reopenRate: rate(firstResolved.filter((f) => f.reopenCount > 0).length, firstResolved.length),
    recurring: recurringIssues(policy, facts, m),
    workload: workload(facts, key, now),
  };
}

/** A recurring issue as the dashboards show it: how often, not which complaints (the workbook lists those). */
export interface RecurringCount {
  communityId: string;
  building: string;
  category: CategoryCode;
  /** Complaints in the issue. */
  count: number;
}

/**
 * A community-month's figures as its dashboard (stats.monthly) and the communication summary show
 * them: the month's statistics with recurring issues counted (their complaint ids were 96–98 % of
 * the answer and no screen shows them), and how complete the facts they were computed from are.
 */
export interface MonthFigures extends Omit<MonthlyStatistics, 'recurring'> {
  recurring: RecurringCount[];
  /** Facts read: the month's and its look-back's complaints. */
  complaintsRead: number;
  /** False when facts are missing or more writes wait to be folded than one read takes. */
  complete: boolean;
  /** Complaints the database has that the facts do not hold. */
  missing: number;
}

/**
 * The figures of stats.monthly from the window's facts (the month's and its look-back's) and what
 * reading them found: `missing` complaints the facts lack, `behind` when unfolded writes were read
 * to their bound.
 */
export function monthlyFigures(policy: Policy, facts: ComplaintFacts[], m: Month, now: Date, read: { missing: number; behind: boolean }): MonthFigures {
  const { recurring, ...figures } = monthlyStatistics(policy, facts, m, now);
  return {
    ...figures,
    recurring: recurring.map(({ complaintIds, ...issue }) => ({ ...issue, count: complaintIds.length })),
    complaintsRead: facts.length,
    complete: read.missing === 0 && !read.behind,
    missing: read.missing,
  };
}

/**
 * 业户走访 target for a month (seed 002 §6 客户服务主管每月必须访问业户; ≤300户 不低于已入住户数的4%; visits
 * exclude callbacks and repeats): occupied households × the share of the community's size tier, rounded
 * up. Tiers are policy.ownerVisits: the smallest `upToHouseholds` that holds the community, else the
 * open-ended tier (null). The handbook's table stops after ≤300, so DEFAULT_POLICY keeps 4 % above it;
 * a policy with no open-ended tier keeps its largest tier's share, so a growing community never drops
 * to no target at all.
 */
export function visitTarget(policy: Policy, occupiedHouseholds: number): number {
  if (!Number.isInteger(occupiedHouseholds) || occupiedHouseholds < 0) {
    throw new DomainError('VISITS.BAD_HOUSEHOLDS', 'occupied households must be a whole number ≥ 0');
  }
  const bounded = policy.ownerVisits.filter((t) => t.upToHouseholds !== null).sort((a, b) => a.upToHouseholds! - b.upToHouseholds!);
  const tier =
    bounded.find((t) => occupiedHouseholds <= t.upToHouseholds!) ?? policy.ownerVisits.find((t) => t.upToHouseholds === null) ?? bounded[bounded.length - 1];
  if (!tier) return 0;
  // 0.07 × 100 is 7.000000000000001 in binary floating point; a target is counted in whole visits.
  return Math.ceil(Number((occupiedHouseholds * tier.share).toFixed(9)));
}
