// SLA arithmetic: deadlines, pauses, reminder points and the escalation chain, counted in working
// time over the calendar (calendar.ts) or around the clock for emergencies (seed 000 §(二)).
import { businessWindows, closeOfWorkingDay, localDate, nextLocalDate, startOfLocalDay, workingDayMinutes } from './calendar';
import { DomainError } from './errors';
import type { CategoryCode, Complexity, Role, Urgency } from './model';
import type { CalendarPolicy, Duration, EndOfWorkingDay, Policy, ResolutionTarget } from './policy';

export type SlaClock = 'working' | 'around_the_clock';

const MINUTE_MS = 60_000;
/** A calendar with no working time at all would loop forever; ten years is beyond any deadline. */
const MAX_DAYS_SEARCHED = 3660;

function isWorkingUnit(unit: Duration['unit']): boolean {
  return unit.startsWith('working_');
}

function minutesIn(calendar: CalendarPolicy, d: Duration): number {
  switch (d.unit) {
    case 'minutes':
    case 'working_minutes':
      return d.amount;
    case 'hours':
    case 'working_hours':
      return d.amount * 60;
    case 'days':
      return d.amount * 24 * 60;
    case 'working_days':
      return d.amount * workingDayMinutes(calendar);
  }
}

/** Add `minutes` of business time to `start`; a start outside business hours begins at the next opening. */
function addWorkingMinutes(calendar: CalendarPolicy, start: Date, minutes: number): Date {
  let remainingMs = minutes * MINUTE_MS;
  let cursor = start.getTime();
  let date = localDate(start);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = nextLocalDate(date)) {
    for (const w of businessWindows(calendar, date)) {
      if (w.end.getTime() <= cursor) continue;
      const begin = Math.max(cursor, w.start.getTime());
      const available = w.end.getTime() - begin;
      if (remainingMs <= available) return new Date(begin + remainingMs);
      remainingMs -= available;
      cursor = w.end.getTime();
    }
  }
  throw new DomainError('CALENDAR.NO_WORKING_TIME', 'the calendar has no working time in the next ten years');
}

/** `start` + `d`: working units count business hours of working days only; the others run around the clock. */
export function addDuration(calendar: CalendarPolicy, start: Date, d: Duration): Date {
  if (!(d.amount >= 0)) throw new DomainError('SLA.NEGATIVE_DURATION', 'a duration must be ≥ 0');
  if (!isWorkingUnit(d.unit)) return new Date(start.getTime() + minutesIn(calendar, d) * MINUTE_MS);
  if (d.amount === 0) return start;
  return addWorkingMinutes(calendar, start, minutesIn(calendar, d));
}

/** Countable minutes between two instants (0 when `to` is not after `from`). */
export function elapsed(calendar: CalendarPolicy, from: Date, to: Date, clock: SlaClock): number {
  if (to.getTime() <= from.getTime()) return 0;
  if (clock === 'around_the_clock') return (to.getTime() - from.getTime()) / MINUTE_MS;
  let total = 0;
  for (let date = localDate(from); date <= localDate(to); date = nextLocalDate(date)) {
    for (const w of businessWindows(calendar, date)) {
      const overlap = Math.min(w.end.getTime(), to.getTime()) - Math.max(w.start.getTime(), from.getTime());
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE_MS;
}

/** Emergencies run around the clock: a working-time target is read as the same amount of clock time. */
function onClock(d: Duration, clock: SlaClock): Duration {
  if (clock === 'working' || !isWorkingUnit(d.unit)) return d;
  const unit = ({ working_minutes: 'minutes', working_hours: 'hours', working_days: 'days' } as const)[d.unit as 'working_minutes' | 'working_hours' | 'working_days'];
  return { amount: d.amount, unit };
}

function addOnClock(calendar: CalendarPolicy, start: Date, minutes: number, clock: SlaClock): Date {
  return addDuration(calendar, start, { amount: minutes, unit: clock === 'working' ? 'working_minutes' : 'minutes' });
}

export function slaClock(policy: Policy, urgency: Urgency): SlaClock {
  return policy.urgencies[urgency].clock;
}

/** The first-response deadline (接单), from submission; a category override wins (seed 000 §(二)). */
export function firstResponseDue(policy: Policy, c: { urgency: Urgency; category: CategoryCode | null }, submittedAt: Date): Date {
  const target = (c.category && policy.categoryOverrides[c.category]?.firstResponse) || policy.urgencies[c.urgency].firstResponse;
  return addDuration(policy.calendar, submittedAt, onClock(target, slaClock(policy, c.urgency)));
}

/** The target that applies to a complaint: a category's override wins over the policy's (seed 003 (6)). */
export function resolutionTarget(policy: Policy, c: { category: CategoryCode | null; complexity: Complexity }): ResolutionTarget {
  return (c.category && policy.categoryOverrides[c.category]?.resolution?.[c.complexity]) || policy.resolution[c.complexity];
}

/**
 * 当日办结 (policy.ts EndOfWorkingDay): the close of the first day, from the day of acceptance, that
 * still has `minimumLeft` of countable time after it. On a working clock a day closes when its last
 * business window ends, and a day off has none; around the clock every day runs to midnight.
 */
function endOfWorkingDay(calendar: CalendarPolicy, acceptedAt: Date, target: EndOfWorkingDay, clock: SlaClock): Date {
  const earliest = addDuration(calendar, acceptedAt, onClock(target.minimumLeft, clock));
  let date = localDate(acceptedAt);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = nextLocalDate(date)) {
    const close = clock === 'working' ? closeOfWorkingDay(calendar, date) : startOfLocalDay(nextLocalDate(date));
    if (close && close >= earliest) return close;
  }
  throw new DomainError('CALENDAR.NO_WORKING_TIME', 'the calendar has no working time in the next ten years');
}

/** The resolution deadline, from acceptance: 普通 the same day, 特殊 within 3 days (seed 003 (6)). */
export function resolutionDue(
  policy: Policy,
  c: { urgency: Urgency; category: CategoryCode | null; complexity: Complexity },
  acceptedAt: Date,
): Date {
  const target = resolutionTarget(policy, c);
  const clock = slaClock(policy, c.urgency);
  return 'kind' in target ? endOfWorkingDay(policy.calendar, acceptedAt, target, clock) : addDuration(policy.calendar, acceptedAt, onClock(target, clock));
}

/** After a pause, the deadline moves later by exactly the countable time the clock stood still. */
export function extendForPause(calendar: CalendarPolicy, due: Date, pausedFrom: Date, pausedTo: Date, clock: SlaClock): Date {
  const paused = elapsed(calendar, pausedFrom, pausedTo, clock);
  return paused === 0 ? due : addOnClock(calendar, due, paused, clock);
}

/** Reminder instants (催办) at policy.reminderFractions of the countable time from start to due. */
export function reminderTimes(policy: Policy, start: Date, due: Date, clock: SlaClock): Date[] {
  const total = elapsed(policy.calendar, start, due, clock);
  return [...policy.reminderFractions]
    .sort((a, b) => a - b)
    .map((f) => addOnClock(policy.calendar, start, total * f, clock))
    .filter((at) => at.getTime() < due.getTime());
}

/** When each escalation step fires once `due` has slipped (seed 003 (5)b). */
export function escalationSchedule(policy: Policy, due: Date, clock: SlaClock): Array<{ level: number; role: Role; at: Date }> {
  return policy.escalation.map((step) => ({ level: step.level, role: step.role, at: addDuration(policy.calendar, due, onClock(step.after, clock)) }));
}
