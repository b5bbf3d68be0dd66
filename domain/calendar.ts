// The working calendar: which days are worked and when the business is open. Statutory holidays and
// 调休 make-up days come from chinese-days; company overrides win over it. Times are Asia/Shanghai,
// which is UTC+8 all year (no daylight saving), so fixed-offset arithmetic is exact.
import chineseDays from 'chinese-days';
import type { CalendarPolicy } from './policy';

const OFFSET_MS = 8 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The local (UTC+8) calendar date of an instant, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The local (UTC+8) date and time of an instant, as people read it: 2026-11-22 10:00. */
export function localDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of local midnight starting `date`. */
export function startOfLocalDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

export function nextLocalDate(date: string, days = 1): string {
  return localDate(new Date(startOfLocalDay(date).getTime() + days * DAY_MS));
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

export function isWorkingDay(calendar: CalendarPolicy, date: string): boolean {
  const override = calendar.overrides.find((o) => o.date === date);
  if (override) return override.kind === 'workday';
  return chineseDays.isWorkday(date);
}

/** Business windows of a day, as instants; none on a day off. */
export function businessWindows(calendar: CalendarPolicy, date: string): Array<{ start: Date; end: Date }> {
  if (!isWorkingDay(calendar, date)) return [];
  const midnight = startOfLocalDay(date).getTime();
  return calendar.businessHours.map((h) => ({
    start: new Date(midnight + minutesOf(h.start) * 60_000),
    end: new Date(midnight + minutesOf(h.end) * 60_000),
  }));
}

/** Minutes of business time in one working day (the unit of `working_days`). */
export function workingDayMinutes(calendar: CalendarPolicy): number {
  return calendar.businessHours.reduce((sum, h) => sum + minutesOf(h.end) - minutesOf(h.start), 0);
}

/**
 * Whether `at` falls inside a working day's staffed span, first opening to last close. 非工作时间
 * (seed 003 (5)c) is nights, days off and holidays, which the security supervisors' rota covers; the
 * lunch break inside a working day is not, as the reception desk and departments are on site.
 */
export function withinWorkingDay(calendar: CalendarPolicy, at: Date): boolean {
  const windows = businessWindows(calendar, localDate(at));
  const first = windows[0];
  const last = windows[windows.length - 1];
  return first !== undefined && last !== undefined && first.start <= at && at < last.end;
}

/** When a working day's last business window ends (下班); null on a day off. */
export function closeOfWorkingDay(calendar: CalendarPolicy, date: string): Date | null {
  const windows = businessWindows(calendar, date);
  return windows[windows.length - 1]?.end ?? null;
}

function hasStatutoryData(year: number): boolean {
  // A year the State Council has published has holidays on weekdays; an unknown year has none.
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/**
 * Years touched by [from, to] with no holiday data: neither chinese-days knows them nor has the
 * company declared its own overrides complete. Deadlines computed in such a year treat holidays as
 * working days, so managers must be warned (today: 2027).
 */
export function calendarGaps(calendar: CalendarPolicy, from: Date, to: Date): number[] {
  const first = Number(localDate(from).slice(0, 4));
  const last = Number(localDate(to).slice(0, 4));
  const gaps: number[] = [];
  for (let year = first; year <= last; year++) {
    if (!calendar.yearsCoveredByOverrides.includes(year) && !hasStatutoryData(year)) gaps.push(year);
  }
  return gaps;
}

/** A month's key, YYYY-MM: how statistics, visits and summaries name a month (the one way to write it). */
export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}
