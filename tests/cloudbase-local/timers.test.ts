// The cron of CloudBase timer triggers, and triggers fired by moving CloudBase Local's clock.
import path from 'path';
import { functionsModule } from '../../cloudbase-local/functions/runner';
import { nextFire, parseCron } from '../../cloudbase-local/timers/cron';
import { timersModule } from '../../cloudbase-local/timers';
import { startLocal, type LocalCloud } from '../support/cloudbase';

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
    ['7 means Sunday', '0 0 12 * * 7 *', '2026-11-22T13:00:00+08:00', '2026-11-29T12:00:00+08:00'],
  ])('%s', (_what, expr, after, expected) => {
    expect(next(expr, after)).toBe(t(expected).toISOString());
  });

  it('gives null once the year range is over', () => {
    expect(next('0 0 0 1 1 * 2025', '2026-01-01T00:00:00+08:00')).toBeNull();
  });

  it.each([['0 */5 * * * *'], ['60 * * * * * *'], ['0 0 25 * * * *'], ['0 0 0 0 * * *'], ['0 0 0 * 13 * *'], ['0 0 0 * * 8 *'], ['a * * * * * *'], ['0 5-1 * * * * *'], ['0 */0 * * * * *']])(
    'refuses %s',
    (expr) => {
      expect(() => parseCron(expr)).toThrow(/cron/);
    },
  );
});

describe('timer triggers', () => {
  const functionsRoot = path.join(__dirname, 'fixtures/functions');
  const functions = functionsModule({ functionsRoot });
  let c: LocalCloud;
  beforeAll(async () => {
    c = await startLocal({ modules: [functions, timersModule({ runner: () => functions.runner(), functionsRoot })] });
  });
  afterAll(() => c.stop());

  it('lists the trigger read from config.json', async () => {
    expect(await c.get('/local/timers')).toEqual([expect.objectContaining({ function: 'sweep', name: 'sweep', config: '0 */5 * * * * *' })]);
  });

  it('fires once when the clock passes a fire time, as a timer run (no openid), and not again on a repeated tick', async () => {
    expect(await c.post('/local/timers/tick', {})).toEqual({ fired: [] });
    await c.post('/local/clock', { advanceMs: 5 * 60_000 });
    expect(await c.post('/local/timers/tick', {})).toEqual({ fired: ['sweep/sweep'] });
    expect(await c.post('/local/timers/tick', {})).toEqual({ fired: [] });
    // Many periods passed: one run, as a late cloud run would.
    await c.post('/local/clock', { advanceMs: 60 * 60_000 });
    expect(await c.post('/local/timers/tick', {})).toEqual({ fired: ['sweep/sweep'] });
    const runs = await c.db.collection('leases').get();
    expect(runs.data).toHaveLength(2);
    expect(runs.data[0]).toMatchObject({ trigger: 'timer', event: { Type: 'Timer', TriggerName: 'sweep' } });
  });
});
