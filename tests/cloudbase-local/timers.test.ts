// Timer triggers read from the functions' config.json, fired by moving CloudBase Local's clock.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { functionsModule } from '@wuye/cloudbase-local';
import { readTriggers, timersModule } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

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
    const runs = await c.db.collection('heartbeats').get();
    expect(runs.data).toHaveLength(2);
    expect(runs.data[0]).toMatchObject({ trigger: 'timer', event: { Type: 'Timer', TriggerName: 'sweep' } });
    // Time is the scheduled fire time (a 5-minute boundary, UTC, no milliseconds), as SCF sends it.
    const times = runs.data.map((r) => (r as { event: { Time: string } }).event.Time);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d[05]:00Z$/);
    const [listed] = await c.get<Array<{ next: string; lastRun: { at: string; ok: boolean } }>>('/local/timers');
    expect(listed!.lastRun).toMatchObject({ ok: true });
    expect(new Date(listed!.next).getTime()).toBeGreaterThan(new Date(listed!.lastRun.at).getTime());
  });
});

describe('trigger configuration', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));
  const withConfig = (config: object) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-timers-'));
    roots.push(root);
    fs.mkdirSync(path.join(root, 'fn'));
    fs.writeFileSync(path.join(root, 'fn', 'config.json'), JSON.stringify(config));
    return root;
  };
  const timer = (name: string, config = '0 0 * * * * *') => ({ name, type: 'timer', config });

  it('reads timer triggers and ignores functions without one', () => {
    const root = withConfig({ timeout: 5, triggers: [timer('hourly')] });
    fs.mkdirSync(path.join(root, 'plain'));
    expect(readTriggers(root, root)).toEqual([{ functionName: 'fn', name: 'hourly', config: '0 0 * * * * *' }]);
  });

  it.each([
    ['two timers on one function', [timer('a'), timer('b')], /at most one/],
    ['a name starting with a digit', [timer('1hourly')], /invalid trigger name/],
    ['a name with a dot', [timer('hour.ly')], /invalid trigger name/],
    ['a name over 60 characters', [timer('a'.repeat(61))], /invalid trigger name/],
    ['a 6-field cron', [timer('hourly', '0 0 * * * *')], /cron/],
  ])('refuses %s', (_what, triggers, error) => {
    const root = withConfig({ triggers });
    expect(() => readTriggers(root, root)).toThrow(error);
  });

  it('accepts a 60-character name', () => {
    const root = withConfig({ triggers: [timer('a'.repeat(60))] });
    expect(readTriggers(root, root)).toHaveLength(1);
  });
});
