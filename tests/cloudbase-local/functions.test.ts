// Function invocation through CloudBase Local: the real SDKs inside real child processes.
import path from 'path';
import { functionsModule } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

const functions = functionsModule({ functionsRoot: path.join(__dirname, 'fixtures/functions'), poolSize: 4 });
let c: LocalCloud;
beforeAll(async () => {
  c = await startLocal({ modules: [functions] });
});
afterAll(() => c.stop());

type Who = { tag: string; wxOpenid: string; sdkOpenid: string; trigger: string | null; now: number; pid: number };
const invoke = (name: string, openid: string | undefined, data: object) => c.post<{ result?: Who; error?: { code: string; message: string } }>(`/local/functions/${name}/invoke`, { openid, data });

it('runs a function as the given user, seen by both wx-server-sdk and the node SDK', async () => {
  const { result } = await invoke('whoami', 'openid-A', { tag: 'a' });
  expect(result).toMatchObject({ tag: 'a', wxOpenid: 'openid-A', sdkOpenid: 'openid-A', trigger: null });
});

it('never leaks identity between concurrent callers (20 interleaved pairs)', async () => {
  const calls = Array.from({ length: 20 }, (_x, i) => [
    invoke('whoami', `openid-A${i}`, { tag: `A${i}`, delayMs: 20 }),
    invoke('whoami', `openid-B${i}`, { tag: `B${i}`, delayMs: 5 }),
  ]).flat();
  const results = await Promise.all(calls);
  for (const { result } of results) {
    expect(result!.wxOpenid).toBe(`openid-${result!.tag}`);
    expect(result!.sdkOpenid).toBe(`openid-${result!.tag}`);
  }
});

it('is what app.callFunction reaches, and a function calling another passes its caller on', async () => {
  const direct = await c.app.callFunction({ name: 'whoami', data: { tag: 'sdk' } });
  expect(direct.result).toMatchObject({ tag: 'sdk', wxOpenid: '' });
  const { result } = await invoke('relay', 'openid-R', { tag: 'R' });
  expect(result).toMatchObject({ tag: 'R', wxOpenid: 'openid-R' });
});

it('tags a function’s database calls with its invocation in the counters', async () => {
  await c.post('/local/counters/reset', {});
  await invoke('relay', 'openid-R', { tag: 'count' });
  const snap = await c.get<{ byInvocation: Record<string, { writes: number }> }>('/local/counters');
  expect(Object.values(snap.byInvocation).some((t) => t.writes === 1)).toBe(true);
});

it('turns an exception into the error the SDK throws', async () => {
  expect((await invoke('boom', 'x', {})).error).toEqual({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'kaboom' });
  await expect(c.app.callFunction({ name: 'boom', data: {} })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
});

it('kills a function past its config.json timeout and keeps serving', async () => {
  const slow = await invoke('slow', 'x', {});
  expect(slow.error).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
  expect((await invoke('whoami', 'openid-after', { tag: 'after' })).result).toMatchObject({ wxOpenid: 'openid-after' });
});

it('CLOUDBASE_LOCAL_FUNCTION_TIMEOUT replaces the functions’ time limit', async () => {
  process.env.CLOUDBASE_LOCAL_FUNCTION_TIMEOUT = '0.3';
  try {
    expect((await invoke('whoami', 'x', { tag: 'late', delayMs: 1000 })).error).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
  } finally {
    delete process.env.CLOUDBASE_LOCAL_FUNCTION_TIMEOUT;
  }
  expect((await invoke('whoami', 'x', { tag: 'in-time', delayMs: 1000 })).result).toMatchObject({ tag: 'in-time' });
});

it('refuses unknown and malformed function names', async () => {
  expect((await invoke('missing', 'x', {})).error).toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  expect((await invoke('bad.name', 'x', {})).error).toMatchObject({ code: 'INVALID_PARAM' });
});

it('shifts the function’s clock with CloudBase Local’s clock', async () => {
  await c.post('/local/clock', { advanceMs: 10 * 24 * 3_600_000 });
  const { result } = await invoke('whoami', 'x', { tag: 'clock' });
  expect(result!.now - Date.now()).toBeGreaterThan(9 * 24 * 3_600_000);
  await c.post('/local/clock', { set: new Date().toISOString() });
});

it('runs a timer invocation without an openid', async () => {
  const result = (await functions.runner().invoke('whoami', { tag: 't' }, { trigger: 'timer' })) as Who;
  expect(result).toMatchObject({ wxOpenid: '', trigger: 'timer' });
});

it('reuses warm containers, and stopping the server leaves no worker process behind', async () => {
  const sdkEnv = { ...process.env };
  const own = await startLocal({ modules: [functionsModule({ functionsRoot: path.join(__dirname, 'fixtures/functions'), poolSize: 3 })] });
  const ask = (tag: string) => own.post<{ result: Who }>('/local/functions/whoami/invoke', { openid: 'openid-P', data: { tag, delayMs: 50 } });
  const first = await Promise.all(['a', 'b', 'c'].map(ask));
  const pids = new Set(first.map((r) => r.result.pid));
  expect(pids.size).toBe(3);
  expect(pids.has(process.pid)).toBe(false);
  // Warm: later invocations land in the same processes.
  for (const r of await Promise.all(['d', 'e', 'f', 'g'].map(ask))) expect(pids.has(r.result.pid)).toBe(true);
  await own.stop();
  // startLocal pointed the SDK at this server: point it back at the file's shared one.
  Object.assign(process.env, sdkEnv);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  expect([...pids].filter(alive)).toEqual([]);
});
