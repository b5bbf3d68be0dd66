// The 7-field cron of CloudBase timer triggers (second minute hour day month weekday year, UTC+8).
import { nextFire, parseCron } from '@wuye/cloudbase-local/internals';

const t = (iso: string) => new Date(iso);
const next = (expr: string, after: string) => nextFire(parseCron(expr), t(after))?.toISOString() ?? null;

describe('cron (7 fields, UTC+8)', () => {
  it.each([
    ['every 5 minutes', '0 */5 * * * * *', '2026-11-22T10:02:30+08:00', '2026-11-22T10:05:00+08:00'],
    ['strictly after an exact fire time', '0 */5 * * * * *', '2026-11-22T10:05:00+08:00', '2026-11-22T10:10:00+08:00'],
    ['seconds with a list', '10,40 * * * * * *', '2026-11-22T10:00:15+08:00', '2026-11-22T10:00:40+08:00'],
    ['a range of hours, local time', '0 0 9-17 * * * *', '2026-11-22T17:30:00+08:00', '2026-11-23T09:00:00+08:00'],
    ['a range with a step', '0 0 8-20/6 * * * *', '2026-11-22T09:00:00+08:00', '2026-11-22T14:00:00+08:00'],
    ['weekdays only (Mon-Fri)', '0 30 8 * * 1-5 *', '2026-11-21T09:00:00+08:00', '2026-11-23T08:30:00+08:00'],
    ['day and weekday both set are OR-ed', '0 0 12 1 * 0 *', '2026-11-22T13:00:00+08:00', '2026-11-29T12:00:00+08:00'],
    ['day of month', '0 0 0 1 * * *', '2026-11-22T00:00:00+08:00', '2026-12-01T00:00:00+08:00'],
    ['month and year', '0 0 0 1 1 * 2027', '2026-11-22T00:00:00+08:00', '2027-01-01T00:00:00+08:00'],
    ['0 means Sunday', '0 0 12 * * 0 *', '2026-11-22T13:00:00+08:00', '2026-11-29T12:00:00+08:00'],
    ['weekday names', '0 30 8 * * MON-FRI *', '2026-11-21T09:00:00+08:00', '2026-11-23T08:30:00+08:00'],
    ['month names, any case', '0 0 0 1 jun,Dec * *', '2026-11-22T00:00:00+08:00', '2026-12-01T00:00:00+08:00'],
    ['a start with a step (a/s)', '0 10/20 * * * * *', '2026-11-22T10:31:00+08:00', '2026-11-22T10:50:00+08:00'],
    ['a list of ranges and values', '0 0 1-2,5,22-23 * * * *', '2026-11-22T02:30:00+08:00', '2026-11-22T05:00:00+08:00'],
    ['a weekday range to Saturday', '0 0 9 * * 5-6 *', '2026-11-23T10:00:00+08:00', '2026-11-27T09:00:00+08:00'],
    ['a weekday step over the whole week', '0 0 9 * * */3 *', '2026-11-22T10:00:00+08:00', '2026-11-25T09:00:00+08:00'],
    ['midnight Monday in UTC+8 is Sunday 16:00 UTC', '0 0 0 * * 1 *', '2026-11-22T15:59:59Z', '2026-11-22T16:00:00Z'],
    ['the 31st skips shorter months', '0 0 0 31 * * *', '2026-11-01T00:00:00+08:00', '2026-12-31T00:00:00+08:00'],
    ['29 February waits for a leap year', '0 0 0 29 2 * *', '2026-03-01T00:00:00+08:00', '2028-02-29T00:00:00+08:00'],
    ['a year range', '0 0 0 1 6 * 2027-2028', '2027-07-01T00:00:00+08:00', '2028-06-01T00:00:00+08:00'],
    ['a year list', '0 0 0 1 1 * 2026,2029', '2026-02-01T00:00:00+08:00', '2029-01-01T00:00:00+08:00'],
    ['the last second of a year', '59 59 23 31 12 * *', '2026-12-31T23:59:58+08:00', '2026-12-31T23:59:59+08:00'],
  ])('%s', (_what, expr, after, expected) => {
    expect(next(expr, after)).toBe(t(expected).toISOString());
  });

  it('gives null once the year range is over, or for a date that never exists', () => {
    expect(next('0 0 0 1 1 * 2025', '2026-01-01T00:00:00+08:00')).toBeNull();
    expect(next('0 0 0 30 2 * *', '2026-01-01T00:00:00+08:00')).toBeNull();
  });

  it('tolerates extra spaces between fields', () => {
    expect(next('  0  */5 * * * * *  ', '2026-11-22T10:02:30+08:00')).toBe(t('2026-11-22T10:05:00+08:00').toISOString());
  });

  it.each([
    ['0 */5 * * * *'],
    ['0 */5 * * * * * *'],
    ['60 * * * * * *'],
    ['0 60 * * * * *'],
    ['0 0 24 * * * *'],
    ['0 0 0 0 * * *'],
    ['0 0 0 32 * * *'],
    ['0 0 0 * 0 * *'],
    ['0 0 0 * 13 * *'],
    ['0 0 0 * * 7 *'],
    ['0 0 0 * * MONDAY *'],
    ['0 0 0 * JANUARY * *'],
    ['0 0 0 * * ? *'],
    ['0 0 0 L * * *'],
    ['0 0 0 * * 1#2 *'],
    ['MON 0 0 * * * *'],
    ['0 0 0 * * * 1969'],
    ['0 0 0 * * * 2100'],
    ['a * * * * * *'],
    ['0 5-1 * * * * *'],
    ['0 */0 * * * * *'],
    ['0 1, * * * * *'],
    ['0 1- * * * * *'],
    ['0 -1 * * * * *'],
    ['0 L * * * * *'],
  ])(
    'refuses %s',
    (expr) => {
      expect(() => parseCron(expr)).toThrow(/cron/);
    },
  );
});

