// Monthly figures for review (seed 000 §(六) 定期复盘; seed 003 (10) 每个月末…进行全面统计): pure
// functions over the facts of each complaint. Rates with nothing to measure are null, never 0.
import { localDate } from './calendar';
import type { Complaint } from './complaint';
import type { CategoryCode, Channel, ClosureReason, DepartmentCode, Urgency } from './model';
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
  resolvedAt: Date | null;
  closedAt: Date | null;
  closure: ClosureReason | null;
  rating: number | null;
  ratedAt: Date | null;
  reopenCount: number;
}

export function factsOf(c: Complaint): ComplaintFacts {
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
    closedAt: c.closedAt,
    closure: c.closure?.reason ?? null,
    rating: c.rating?.score ?? null,
    ratedAt: c.rating?.at ?? null,
    reopenCount: c.reopenCount,
  };
}

export interface Month {
  year: number;
  month: number; // 1–12
}

export interface RecurringIssue {
  communityId: string;
  building: string;
  category: CategoryCode;
  complaintIds: string[];
}

export interface HandlerWorkload {
  handlerId: string;
  assigned: number;
  resolved: number;
  open: number;
  overdue: number;
}

export interface MonthlyStatistics {
  month: string;
  submitted: number;
  byCommunity: Record<string, number>;
  byCategory: Record<string, number>;
  byUrgency: Record<string, number>;
  byDepartment: Record<string, number>;
  byChannel: Record<string, number>;
  /** Share of this month's complaints judged 不成立. */
  invalidShare: number | null;
  /** Of first-response deadlines that fell in the month and have passed or been met: met on time. */
  responseOnTimeRate: number | null;
  /** Of resolution deadlines that fell in the month and have passed or been met: met on time. */
  resolutionOnTimeRate: number | null;
  /** Submission to resolution, for complaints resolved in the month, in hours. */
  handlingHours: { median: number | null; mean: number | null };
  /** Ratings given in the month: share at or above policy.satisfaction.satisfiedAtLeast, and the mean. */
  satisfaction: { rated: number; satisfiedRate: number | null; meanRating: number | null };
  /** Of complaints resolved in the month, the share reopened at least once. */
  reopenRate: number | null;
  recurring: RecurringIssue[];
  workload: HandlerWorkload[];
}

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

function monthKey(m: Month): string {
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
}

function inMonth(at: Date | null, m: Month): boolean {
  return at !== null && localDate(at).slice(0, 7) === monthKey(m);
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function countBy<T>(items: T[], key: (t: T) => string | null): Record<string, number> {
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

/** Closed without ever being worked: not counted against response or resolution targets. */
function closedUnworked(f: ComplaintFacts): boolean {
  return f.acceptedAt === null && (f.closure === 'invalid' || f.closure === 'withdrawn' || f.closure === 'merged');
}

/** On-time share of deadlines due in the month that are already met or already passed at `now`. */
function onTimeRate(facts: ComplaintFacts[], m: Month, now: Date, due: (f: ComplaintFacts) => Date | null, done: (f: ComplaintFacts) => Date | null): number | null {
  const judged = facts.filter((f) => {
    const d = due(f);
    return d !== null && inMonth(d, m) && !closedUnworked(f) && (done(f) !== null || d <= now);
  });
  const onTime = judged.filter((f) => done(f) !== null && done(f)! <= due(f)!);
  return rate(onTime.length, judged.length);
}

/**
 * Same building and category, more than once within the recurrence window (seed 000 §(六) 高频投诉).
 * `facts` may include earlier months so a recurrence across the month boundary is seen; a group is
 * reported when at least one of its complaints is in the month.
 */
export function recurringIssues(policy: Policy, facts: ComplaintFacts[], m: Month): RecurringIssue[] {
  const windowMs = policy.statistics.recurrenceWindowDays * DAY_MS;
  const groups = new Map<string, ComplaintFacts[]>();
  for (const f of facts) {
    if (!f.building || !f.category || f.closure === 'invalid' || f.closure === 'merged') continue;
    const key = JSON.stringify([f.communityId, f.building, f.category]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: RecurringIssue[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
    const near = sorted.filter((f, i) => {
      const prev = sorted[i - 1];
      const next = sorted[i + 1];
      return (!!prev && f.submittedAt.getTime() - prev.submittedAt.getTime() <= windowMs) || (!!next && next.submittedAt.getTime() - f.submittedAt.getTime() <= windowMs);
    });
    if (near.length >= 2 && near.some((f) => inMonth(f.submittedAt, m))) {
      const first = near[0]!;
      out.push({ communityId: first.communityId, building: first.building!, category: first.category!, complaintIds: near.map((f) => f.id) });
    }
  }
  return out.sort((a, b) => b.complaintIds.length - a.complaintIds.length || a.building.localeCompare(b.building));
}

function workload(facts: ComplaintFacts[], m: Month, now: Date): HandlerWorkload[] {
  const byHandler = new Map<string, HandlerWorkload>();
  for (const f of facts) {
    if (!f.handlerId) continue;
    const w = byHandler.get(f.handlerId) ?? { handlerId: f.handlerId, assigned: 0, resolved: 0, open: 0, overdue: 0 };
    if (inMonth(f.submittedAt, m)) w.assigned++;
    if (inMonth(f.resolvedAt, m)) w.resolved++;
    const open = f.resolvedAt === null && f.closedAt === null;
    if (open) {
      w.open++;
      const late = (f.acceptedAt === null && f.respondBy < now) || (f.resolveBy !== null && f.resolveBy < now);
      if (late) w.overdue++;
    }
    byHandler.set(f.handlerId, w);
  }
  return [...byHandler.values()].sort((a, b) => b.assigned - a.assigned || a.handlerId.localeCompare(b.handlerId));
}

/** The month's figures, as of `now` (deadlines still ahead are not judged yet). */
export function monthlyStatistics(policy: Policy, facts: ComplaintFacts[], m: Month, now: Date): MonthlyStatistics {
  const submitted = facts.filter((f) => inMonth(f.submittedAt, m));
  const resolvedInMonth = facts.filter((f) => inMonth(f.resolvedAt, m));
  const ratedInMonth = facts.filter((f) => f.rating !== null && inMonth(f.ratedAt, m));
  return {
    month: monthKey(m),
    submitted: submitted.length,
    byCommunity: countBy(submitted, (f) => f.communityId),
    byCategory: countBy(submitted, (f) => f.category),
    byUrgency: countBy(submitted, (f) => f.urgency),
    byDepartment: countBy(submitted, (f) => f.department),
    byChannel: countBy(submitted, (f) => f.channel),
    invalidShare: rate(submitted.filter((f) => f.closure === 'invalid').length, submitted.length),
    responseOnTimeRate: onTimeRate(facts, m, now, (f) => f.respondBy, (f) => f.acceptedAt),
    resolutionOnTimeRate: onTimeRate(facts, m, now, (f) => f.resolveBy, (f) => f.resolvedAt),
    handlingHours: {
      median: median(resolvedInMonth.map((f) => (f.resolvedAt!.getTime() - f.submittedAt.getTime()) / HOUR_MS)),
      mean: mean(resolvedInMonth.map((f) => (f.resolvedAt!.getTime() - f.submittedAt.getTime()) / HOUR_MS)),
    },
    satisfaction: {
      rated: ratedInMonth.length,
      satisfiedRate: rate(ratedInMonth.filter((f) => f.rating! >= policy.satisfaction.satisfiedAtLeast).length, ratedInMonth.length),
      meanRating: mean(ratedInMonth.map((f) => f.rating!)),
    },
    reopenRate: rate(resolvedInMonth.filter((f) => f.reopenCount > 0).length, resolvedInMonth.length),
    recurring: recurringIssues(policy, facts, m),
    workload: workload(facts, m, now),
  };
}

/** 业户走访 target for a month: the share of occupied households of the community's size tier, rounded up (seed 002 §6). */
export function visitTarget(policy: Policy, occupiedHouseholds: number): number {
  const tier = policy.ownerVisits.find((t) => t.upToHouseholds === null || occupiedHouseholds <= t.upToHouseholds);
  return tier ? Math.ceil(occupiedHouseholds * tier.share) : 0;
}
