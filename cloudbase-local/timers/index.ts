// Timer triggers: each function's `triggers` in cloudbaserc.json (one timer per function), fired by the
// movable clock. `POST /local/timers/tick` fires what is due since the last tick — once per trigger
// however many periods passed, as a late cloud run would — and the running server ticks every second.
import fs from 'fs';
import path from 'path';
import type { LocalApp, LocalModule } from '../app';
import { functionSettings } from '../cloudbaserc';
import type { FunctionRunner } from '../functions/runner';
import { nextFire, parseCron, type Cron } from './cron';

interface Trigger {
  functionName: string;
  name: string;
  config: string;
  cron: Cron;
  checkedUntil: Date;
  lastRun: { at: string; ok: boolean; error?: string } | null;
}

const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

/** Read and validate every function's timer trigger (cloudbaserc.json, or a fixture's config.json). */
export function readTriggers(projectRoot: string, functionsRoot: string): Array<{ functionName: string; name: string; config: string }> {
  if (!fs.existsSync(functionsRoot)) return [];
  const out = [];
  for (const functionName of fs.readdirSync(functionsRoot)) {
    if (!fs.statSync(path.join(functionsRoot, functionName)).isDirectory()) continue;
    const triggers = functionSettings(projectRoot, functionsRoot, functionName).triggers.filter((t) => t.type === 'timer');
    if (triggers.length > 1) throw new Error(`${functionName}: a function has at most one timer trigger`);
    for (const t of triggers) {
      if (!TRIGGER_NAME.test(t.name)) throw new Error(`${functionName}: invalid trigger name ${t.name}`);
      parseCron(t.config);
      out.push({ functionName, name: t.name, config: t.config });
    }
  }
  return out;
}

export function timersModule(options: { runner: () => FunctionRunner; functionsRoot?: string; autoTick?: boolean }): LocalModule {
  return {
    register(app: LocalApp) {
      const root = options.functionsRoot ?? path.join(app.projectRoot, 'cloudfunctions');
      const triggers: Trigger[] = readTriggers(app.projectRoot, root).map((t) => ({ ...t, cron: parseCron(t.config), checkedUntil: app.clock.now(), lastRun: null }));
      let ticking: Promise<unknown> = Promise.resolve();

      const tick = async () => {
        const now = app.clock.now();
        const due: Array<{ t: Trigger; at: Date }> = [];
        for (const t of triggers) {
          // A clock set back in time starts the schedule afresh from the new now (that tick fires nothing).
          if (t.checkedUntil > now) t.checkedUntil = now;
          const next = nextFire(t.cron, t.checkedUntil);
          t.checkedUntil = now;
          if (next !== null && next <= now) due.push({ t, at: next });
        }
        await Promise.all(
          due.map(async ({ t, at }) => {
            try {
              // SCF's timer event; Time is the scheduled fire time (the first one missed, when several
              // periods passed), in SCF's form without milliseconds. The return value is discarded.
              const event = { Type: 'Timer', TriggerName: t.name, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
              await options.runner().invoke(t.functionName, event, { trigger: 'timer' });
              t.lastRun = { at: now.toISOString(), ok: true };
            } catch (e) {
              t.lastRun = { at: now.toISOString(), ok: false, error: e instanceof Error ? e.message : String(e) };
            }
          }),
        );
        return due.map(({ t }) => `${t.functionName}/${t.name}`);
      };
      // Ticks never overlap each other; runs of one function may still overlap across ticks in the
      // cloud, which the functions themselves must tolerate.
      const serialTick = () => (ticking = ticking.then(tick, tick));

      app.route('POST', '/local/timers/tick', async () => ({ status: 200, body: { fired: await serialTick() } }));
      app.route('GET', '/local/timers', async () => ({
        status: 200,
        body: triggers.map((t) => ({ function: t.functionName, name: t.name, config: t.config, next: nextFire(t.cron, app.clock.now())?.toISOString() ?? null, lastRun: t.lastRun })),
      }));
      if (options.autoTick) {
        const interval = setInterval(() => void serialTick(), 1000);
        app.onClose(async () => {
          clearInterval(interval);
          await ticking;
        });
      }
    },
  };
}
