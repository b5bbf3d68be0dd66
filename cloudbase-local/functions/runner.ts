// Runs the project's cloud functions (`cloudfunctions/<name>/index.js`, `main(event, context)`) the
// way CloudBase does: in warm containers — here child processes — each handling one invocation at a
// time with the caller's identity in its environment, so identities never mix; a timeout from the
// function's config.json kills and replaces the container.
import { fork, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { AdminError, type LocalApp, type LocalModule } from '../app';
import { declaredOpenApis, functionSettings, type FunctionSettings } from '../cloudbaserc';
import { sdkEnvironment } from '../sdk-env';
import { bounded, InvocationLog, resultCode, type LogLine } from './invocations';

export interface Caller {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** 'timer' for a timer trigger run: no OPENID, TRIGGER_SRC=timer. */
  trigger?: 'timer';
}

interface Container {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (e: unknown) => void;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
// The worker sits beside this module (tsc, ts-jest); the bundled server runs from dist/ and finds it
// in the source tree. Not under projectRoot: CLOUDBASE_LOCAL_PROJECT may point at another project.
const WORKER = [path.join(__dirname, 'worker.js'), path.join(__dirname, '..', 'cloudbase-local', 'functions', 'worker.js')].find((f) => fs.existsSync(f)) ?? path.join(__dirname, 'worker.js');
const DEFAULT_TIMEOUT_S = 3;

export class FunctionRunner {
  private readonly containers: Container[] = [];
  private readonly waiting: Array<() => void> = [];
  private readonly pending = new Map<string, Pending>();
  /** Who each running invocation runs as, so a function calling another passes its caller on. */
  private readonly callers = new Map<string, Caller>();
  /** Which function each running invocation runs: the open-API gateway asks, never the request body. */
  private readonly names = new Map<string, string>();
  /** Which container runs each pending invocation. */
  private readonly running = new Map<string, Container>();
  /** What each finished invocation logged, until `invoke` files it in the invocation log. */
  private readonly logs = new Map<string, LogLine[]>();
  /** Every invocation, for the console (bounded). */
  readonly invocations = new InvocationLog();
  private closed = false;

  constructor(
    private readonly app: LocalApp,
    private readonly functionsRoot: string,
    private readonly poolSize = 4,
  ) {}

  private spawn(): Container {
    const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env } });
    const container: Container = { child, busy: false, ready: new Promise((resolve) => child.once('message', () => resolve())) };
    child.on('message', (msg: { type: string; id?: string; result?: unknown; error?: { message: string }; logs?: LogLine[] }) => {
      const p = msg.id ? this.pending.get(msg.id) : undefined;
      if (!p) return;
      this.pending.delete(msg.id!);
      if (Array.isArray(msg.logs)) this.logs.set(msg.id!, msg.logs);
      if (msg.type === 'result') p.resolve(msg.result);
      else p.reject(new AdminError('FUNCTIONS_EXECUTE_FAIL', msg.error?.message ?? 'function failed'));
    });
    child.on('exit', () => {
      const i = this.containers.indexOf(container);
      if (i >= 0) this.containers.splice(i, 1);
      // A container that died mid-invocation fails that invocation instead of leaving it hanging.
      for (const [id, p] of this.pending) {
        if (this.running.get(id) === container) {
          this.pending.delete(id);
          p.reject(new AdminError('FUNCTIONS_EXECUTE_FAIL', 'the function process exited'));
        }
      }
    });
    this.containers.push(container);
    return container;
  }

  private async acquire(): Promise<Container> {
    for (;;) {
      if (this.closed) throw new AdminError('SYS_ERR', 'CloudBase Local is stopping');
      const idle = this.containers.find((c) => !c.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.containers.length < this.poolSize) {
        const c = this.spawn();
        c.busy = true;
        await c.ready;
        return c;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(c: Container): void {
    c.busy = false;
    this.waiting.shift()?.();
  }

  private discard(c: Container): void {
    const i = this.containers.indexOf(c);
    if (i >= 0) this.containers.splice(i, 1);
    c.child.kill('SIGKILL');
  }

  /** The function's `timeout` (seconds, 3 by default as in the cloud); CLOUDBASE_LOCAL_FUNCTION_TIMEOUT
   * (seconds) replaces it for every function, for machines too slow for the cloud's limits. */
  private timeoutMs(settings: FunctionSettings): number {
    const override = Number(process.env.CLOUDBASE_LOCAL_FUNCTION_TIMEOUT);
    return (override > 0 ? override : (settings.timeout ?? DEFAULT_TIMEOUT_S)) * 1000;
  }

  callerOf(invocation: string | undefined): Caller {
    return (invocation && this.callers.get(invocation)) || {};
  }

  /** The function a running invocation belongs to; null for a call from outside any function. */
  functionOf(invocation: string | undefined): string | null {
    return (invocation && this.names.get(invocation)) || null;
  }

  /** The open APIs function `name` declares in its config.json (permissions.openapi). */
  declaredOpenApis(name: string): string[] {
    return declaredOpenApis(this.functionsRoot, name);
  }

  /** Whether a function folder `name` with an index.js exists under the functions root. */
  has(name: string): boolean {
    return NAME.test(name) && fs.existsSync(path.join(this.functionsRoot, name, 'index.js'));
  }

  /** Run `name` with `event` as `caller`; resolves to the function's return value. */
  async invoke(name: string, event: unknown, caller: Caller = {}): Promise<unknown> {
    if (!NAME.test(name)) throw new AdminError('INVALID_PARAM', `invalid function name ${name}`);
    const dir = path.join(this.functionsRoot, name);
    const file = path.join(dir, 'index.js');
    if (!fs.existsSync(file)) throw new AdminError('FUNCTION_NOT_FOUND', `function ${name} does not exist (no ${path.relative(this.app.projectRoot, file)})`);
    const id = crypto.randomUUID();
    const settings = functionSettings(this.app.projectRoot, this.functionsRoot, name);
    const env = {
      // The function's own environment variables first: the platform's cannot be overridden.
      ...settings.envVariables,
      ...sdkEnvironment(this.app.baseUrl(), this.app.env, caller.trigger ? {} : caller),
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${this.app.baseUrl()}/admin/i/${id}` }),
      ...(caller.trigger ? { TRIGGER_SRC: caller.trigger } : {}),
    };
    const container = await this.acquire();
    this.callers.set(id, caller);
    this.names.set(id, name);
    const timeout = this.timeoutMs(settings);
    let timer: NodeJS.Timeout | undefined;
    const at = this.app.clock.now().toISOString();
    const started = performance.now();
    let outcome: { result: unknown } | { error: { code: string; message: string } } = { error: { code: 'SYS_ERR', message: 'not run' } };
    try {
      const result = await new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.running.set(id, container);
        timer = setTimeout(() => {
          this.pending.delete(id);
          // A function past its time limit is killed with its container, as in the cloud.
          this.discard(container);
          reject(new AdminError('FUNCTIONS_TIME_LIMIT_EXCEEDED', `function ${name} timed out after ${timeout / 1000} s`));
        }, timeout);
        container.child.send({ type: 'invoke', id, name, file, event, env, offsetMs: this.app.clock.offsetMs() });
      });
      outcome = { result };
      return result;
    } catch (e) {
      outcome = { error: e instanceof AdminError ? { code: e.code, message: e.message } : { code: 'SYS_ERR', message: String(e) } };
      throw e;
    } finally {
      const action = event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string' ? (event as { action: string }).action : null;
      this.invocations.add({
        id,
        function: name,
        openid: caller.openid ?? null,
        trigger: caller.trigger ?? null,
        action,
        at,
        durationMs: Math.round(performance.now() - started),
        code: 'result' in outcome ? resultCode(outcome.result) : outcome.error.code,
        counts: this.app.counters.ofInvocation(id) ?? null,
        request: bounded(event),
        response: 'result' in outcome ? bounded(outcome.result) : null,
        error: 'error' in outcome ? outcome.error : null,
        logs: this.logs.get(id) ?? [],
      });
      this.logs.delete(id);
      clearTimeout(timer);
      this.callers.delete(id);
      this.names.delete(id);
      this.running.delete(id);
      this.release(container);
    }
  }

  /** Drop warm containers so the next invocation loads the functions' code afresh. */
  reload(): void {
    for (const c of [...this.containers]) if (!c.busy) c.child.kill();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.containers.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.child.exitCode !== null) return resolve();
            c.child.once('exit', () => resolve());
            c.child.kill('SIGKILL');
          }),
      ),
    );
    this.waiting.splice(0).forEach((wake) => wake());
  }
}

/** The functions module: `functions.invokeFunction` and the local-only invoke endpoint. */
export function functionsModule(options: { functionsRoot?: string; poolSize?: number } = {}): LocalModule & { runner(): FunctionRunner } {
  let runner: FunctionRunner | null = null;
  return {
    runner() {
      if (!runner) throw new Error('functions module not registered');
      return runner;
    },
    register(app) {
      const r = new FunctionRunner(app, options.functionsRoot ?? path.join(app.projectRoot, 'cloudfunctions'), options.poolSize);
      runner = r;
      app.action('functions.invokeFunction', async (req) => {
        const data = typeof req.body.request_data === 'string' && req.body.request_data ? JSON.parse(req.body.request_data) : {};
        const result = await r.invoke(String(req.body.function_name ?? ''), data, r.callerOf(req.invocation));
        return { response_data: JSON.stringify(result) };
      });
      // Local only: call a function as a given user (tests, and the mini-program's local mode).
      app.route('POST', '/local/functions/:name/invoke', async (req) => {
        const body = req.json<{ openid?: unknown; data?: unknown }>();
        const openid = typeof body.openid === 'string' ? body.openid : undefined;
        try {
          const result = await r.invoke(req.params.name!, body.data ?? {}, { openid });
          return { status: 200, body: { result } };
        } catch (e) {
          const error = e instanceof AdminError ? { code: e.code, message: e.message } : { code: 'SYS_ERR', message: String(e) };
          return { status: 200, body: { error } };
        }
      });
      app.route('POST', '/local/functions/reload', async () => {
        r.reload();
        return { status: 200, body: {} };
      });
      app.onClose(() => r.close());
    },
  };
}
