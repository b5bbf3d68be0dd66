// SLA invariants over random instants and durations (fast-check, fixed seed).
import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Duration } from '../../domain/policy';
import { closeOfWorkingDay, localDate } from '../../domain/calendar';
import { addDuration, elapsed, extendForPause, reminderTimes, resolutionDue } from '../../domain/sla';

const cal = DEFAULT_POLICY.calendar;
const FROM = Date.parse('2026-01-01T00:00:00+08:00');
const TO = Date.parse('2026-12-20T00:00:00+08:00');
// Whole minutes across 2026, so statutory holidays and 调休 days are crossed.
const instant = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => new Date(m * 60_000));
const duration = fc.record({
  amount: fc.integer({ min: 0, max: 3000 }),
  unit: fc.constantFrom<Duration['unit']>('working_minutes', 'working_hours', 'minutes', 'hours'),
}).map((d) => (d.unit.endsWith('hours') ? { ...d, amount: d.amount % 60 } : d));
const runs = { numRuns: 200, seed: 20261122 };

describe('SLA invariants', () => {
  it('no deadline before its start', () => {
    fc.assert(fc.property(instant, duration, (start, d) => addDuration(cal, start, d) >= start), runs);
  });

  it('monotonic in the start and in the amount', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 5000 }), duration, (start, shift, d) => {
        const later = new Date(start.getTime() + shift * 60_000);
        expect(addDuration(cal, later, d).getTime()).toBeGreaterThanOrEqual(addDuration(cal, start, d).getTime());
        expect(addDuration(cal, start, { ...d, amount: d.amount + 1 }).getTime()).toBeGreaterThan(addDuration(cal, start, d).getTime());
      }),
      runs,
    );
  });

  it('elapsed working time between start and start + d is exactly d', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 3000 }), (start, minutes) => {
        const due = addDuration(cal, start, { amount: minutes, unit: 'working_minutes' });
        expect(elapsed(cal, start, due, 'working')).toBe(minutes);
      }),
      runs,
    );
  });

  it('a pause never shortens the remaining time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 0, max: 20000 }), fc.constantFrom('working' as const, 'around_the_clock' as const), (pausedFrom, pauseLen, dueAfter, clock) => {
        const pausedTo = new Date(pausedFrom.getTime() + pauseLen * 60_000);
        const due = new Date(pausedFrom.getTime() + dueAfter * 60_000);
        const moved = extendForPause(cal, due, pausedFrom, pausedTo, clock);
        expect(moved.getTime()).toBeGreaterThanOrEqual(due.getTime());
        // The time left after resuming is at least what was left when the clock stopped.
        expect(elapsed(cal, pausedTo, moved, clock)).toBeGreaterThanOrEqual(elapsed(cal, pausedFrom, due, clock) - 1e-9);
      }),
      runs,
    );
  });

  it('reminders are ascending and before the deadline', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 5000 }), (start, minutes) => {
        const due = addDuration(cal, start, { amount: minutes, unit: 'working_minutes' });
        const times = reminderTimes(DEFAULT_POLICY, start, due, 'working');
        times.forEach((at, i) => {
          expect(at.getTime()).toBeLessThan(due.getTime());
          if (i > 0) expect(at.getTime()).toBeGreaterThanOrEqual(times[i - 1]!.getTime());
        });
      }),
      runs,
    );
  });

  it('当日办结 falls at a working day’s close, with at least the hour to act and never more than that hour and a working day (seed 003 (6))', () => {
    const ordinary = { urgency: 'normal', category: null, complexity: 'ordinary' } as const;
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 5000 }), (acceptedAt, shift) => {
        const due = resolutionDue(DEFAULT_POLICY, ordinary, acceptedAt);
        expect(due).toEqual(closeOfWorkingDay(cal, localDate(due)));
        const left = elapsed(cal, acceptedAt, due, 'working');
        expect(left).toBeGreaterThanOrEqual(60);
        expect(left).toBeLessThan(60 + 8 * 60);
        // Accepted later, never due earlier.
        expect(resolutionDue(DEFAULT_POLICY, ordinary, new Date(acceptedAt.getTime() + shift * 60_000)).getTime()).toBeGreaterThanOrEqual(due.getTime());
      }),
      runs,
    );
  });
});
