// security.mediaCheckAsync (v2) through wx-server-sdk inside a function, and the wxa_media_check
// message push that carries its verdict to a cloud function later.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { functionsModule, type FunctionRunner } from '@wuye/cloudbase-local';
import { defaultModules } from '@wuye/cloudbase-local';
import { openApiModule, type MediaCheckEvent, type Push } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

const functionsRoot = path.join(__dirname, 'fixtures/functions');
const OPENID = 'openid-owner-1';

type Outcome = { ok: boolean; errCode?: number; errMsg?: string; result?: Record<string, unknown> };
const check = async (c: LocalCloud, args: { mediaUrl?: string; mediaType?: number; version?: number; scene?: number; openid?: string }) =>
  (await c.post<{ result: Outcome }>('/local/functions/notify/invoke', { openid: OPENID, data: { api: 'media', openid: OPENID, ...args } })).result;
const traceOf = async (c: LocalCloud, mediaUrl: string) => {
  const reply = await check(c, { mediaUrl });
  expect(reply).toMatchObject({ ok: true });
  return reply.result!.traceId as string;
};
const pushOf = async (c: LocalCloud, traceId: string) => (await c.get<Push[]>('/local/openapi/pushes')).find((p) => p.event.trace_id === traceId);

describe('security.mediaCheckAsync with pushes to a named function', () => {
  let c: LocalCloud;
  const functions = functionsModule({ functionsRoot });
  // A long delay: only a flush delivers, so every test here is deterministic.
  beforeAll(async () => {
    c = await startLocal({ modules: [functions, openApiModule({ runner: () => functions.runner(), messagePushFunction: 'mediapush', mediaCheckDelayMs: 60_000 })] });
  });
  afterAll(() => c.stop());

  it('answers a traceId through the real wx-server-sdk; the verdict is not pushed inside the call', async () => {
    const reply = await check(c, { mediaUrl: 'https://example.com/photos/a.jpg' });
    expect(reply).toEqual({ ok: true, result: { traceId: expect.stringMatching(/^[0-9a-f]{32}$/), errCode: 0, errMsg: 'openapi.security.mediaCheckAsync:ok' } });
    const push = await pushOf(c, reply.result!.traceId as string);
    expect(push).toMatchObject({ function: 'mediapush', state: 'pending', mediaUrl: 'https://example.com/photos/a.jpg' });
    expect((await check(c, { mediaUrl: 'https://example.com/photos/a.jpg' })).result!.traceId).not.toBe(reply.result!.traceId);
  });

  it.each([
    ['version 1', { version: 1 }, 40003],
    ['an empty openid', { openid: '' }, 40003],
    ['scene 0', { scene: 0 }, 40097],
    ['scene 5', { scene: 5 }, 40097],
    ['media_type 3', { mediaType: 3 }, 40097],
    ['an empty media_url', { mediaUrl: '' }, 40097],
    ['an ftp media_url', { mediaUrl: 'ftp://example.com/a.jpg' }, 40097],
    ['a media_url that is no URL', { mediaUrl: 'a.jpg' }, 40097],
    ['no media_url', { mediaUrl: undefined }, 40097],
  ])('refuses %s (%s) and queues no push', async (_what, args, errCode) => {
    const before = (await c.get<Push[]>('/local/openapi/pushes')).length;
    expect(await check(c, { mediaUrl: 'https://example.com/a.jpg', ...args })).toMatchObject({ ok: false, errCode });
    expect(await c.get<Push[]>('/local/openapi/pushes')).toHaveLength(before);
  });

  it('accepts audio (media_type 1), every scene 1–4 and http', async () => {
    for (const scene of [1, 2, 3, 4]) expect(await check(c, { mediaUrl: 'http://example.com/voice.mp3', mediaType: 1, scene })).toMatchObject({ ok: true });
  });

  it('delivers the exact wxa_media_check event on flush, matched by trace id, to the named function with no user identity', async () => {
    const traceId = await traceOf(c, 'https://example.com/photos/b.jpg');
    const flushed = await c.post<Push[]>('/local/openapi/pushes/flush', {});
    expect(flushed.map((p) => p.event.trace_id)).toContain(traceId);
    expect(flushed.every((p) => p.state === 'delivered')).toBe(true);
    const push = (await pushOf(c, traceId))!;
    const event: MediaCheckEvent = {
      ToUserName: expect.stringMatching(/^gh_/) as unknown as string,
      FromUserName: OPENID,
      CreateTime: expect.any(Number) as unknown as number,
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: expect.any(String) as unknown as string,
      trace_id: traceId,
      version: 2,
      result: { suggest: 'pass', label: 100 },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
    };
    expect(push).toMatchObject({ state: 'delivered', function: 'mediapush', deliveredAt: expect.any(String) });
    expect(push.event).toEqual(event);
    // The function received exactly the listed event, and ran as a platform event (no OPENID).
    expect(push.result).toEqual({ received: push.event, wxOpenid: null, wxAppid: expect.any(String) });
    const { now } = await c.get<{ now: string }>('/local/clock');
    expect(Math.abs(push.event.CreateTime - Date.parse(now) / 1000)).toBeLessThan(60);
    expect(Number.isInteger(push.event.CreateTime)).toBe(true);
    // A second flush has nothing left to deliver.
    expect(await c.post('/local/openapi/pushes/flush', {})).toEqual([]);
  });

  it('decides by the URL path when nothing is injected: risky → risky 20002, review → review 20002, else pass 100', async () => {
    const cases = [
      ['https://example.com/uploads/risky/1.jpg', 'risky', 20002],
      ['https://example.com/uploads/review-2.png', 'review', 20002],
      ['https://example.com/uploads/3.jpg', 'pass', 100],
      // Only the path counts: a host or query naming "risky" passes.
      ['https://risky.example.com/4.jpg?x=review', 'pass', 100],
    ] as const;
    const traces = [];
    for (const [url] of cases) traces.push(await traceOf(c, url));
    await c.post('/local/openapi/pushes/flush', {});
    for (const [i, [, suggest, label]] of cases.entries()) {
      const push = (await pushOf(c, traces[i]!))!;
      expect(push.event.result).toEqual({ suggest, label });
      expect(push.event.detail[0]).toMatchObject({ suggest, label });
      expect(push).toMatchObject({ state: 'delivered', result: { received: { result: { suggest, label } } } });
    }
  });

  it('an injected verdict applies to every URL containing its match; the most recent injection wins', async () => {
    expect(await c.post('/local/openapi/media-verdicts', { match: 'cat', suggest: 'risky', label: 20006 })).toEqual({});
    expect(await c.post('/local/openapi/media-verdicts', { match: 'cat.jpg', suggest: 'review' })).toEqual({});
    expect(await c.post('/local/openapi/media-verdicts', { match: 'risky/fine', suggest: 'pass' })).toEqual({});
    const cat = await traceOf(c, 'https://example.com/u/cat.png');
    const catJpg = await traceOf(c, 'https://example.com/u/cat.jpg');
    const fine = await traceOf(c, 'https://example.com/risky/fine.jpg');
    await c.post('/local/openapi/pushes/flush', {});
    expect((await pushOf(c, cat))!.event.result).toEqual({ suggest: 'risky', label: 20006 });
    expect((await pushOf(c, catJpg))!.event.result).toEqual({ suggest: 'review', label: 20002 });
    expect((await pushOf(c, fine))!.event.result).toEqual({ suggest: 'pass', label: 100 });
  });

  it.each([
    ['no match', { suggest: 'risky' }],
    ['an empty match', { match: '', suggest: 'risky' }],
    ['an unknown suggest', { match: 'x', suggest: 'block' }],
    ['a non-integer label', { match: 'x', suggest: 'risky', label: 'bad' }],
  ])('refuses an injection with %s (400)', async (_what, body) => {
    const res = await fetch(`${c.url}/local/openapi/media-verdicts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
  });
});

describe('delivery timing and stopping', () => {
  it('delivers by itself after the default delay, without a flush', async () => {
    const functions = functionsModule({ functionsRoot });
    const c = await startLocal({ modules: [functions, openApiModule({ runner: () => functions.runner(), messagePushFunction: 'mediapush' })] });
    try {
      const traceId = await traceOf(c, 'https://example.com/p.jpg');
      const deadline = Date.now() + 10_000;
      while ((await pushOf(c, traceId))?.state !== 'delivered' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await pushOf(c, traceId)).toMatchObject({ state: 'delivered', result: { received: { trace_id: traceId } } });
    } finally {
      await c.stop();
    }
  });

  it('invokes the runner with the event and no identity, and never after the server stops', async () => {
    const invoke = jest.fn(async (_name: string, event: unknown) => ({ got: event }));
    const functions = functionsModule({ functionsRoot });
    // Pushes go to the stand-in; the calling function (and its permissions) are still the real runner's.
    const runner = { has: (name: string) => name === 'mediapush', invoke, functionOf: (id: string) => functions.runner().functionOf(id), declaredOpenApis: (name: string) => functions.runner().declaredOpenApis(name) } as unknown as FunctionRunner;
    const c = await startLocal({ modules: [functions, openApiModule({ runner: () => runner, messagePushFunction: 'mediapush', mediaCheckDelayMs: 300 })] });
    let stopped = false;
    try {
      const first = await traceOf(c, 'https://example.com/first.jpg');
      await c.post('/local/openapi/pushes/flush', {});
      expect(invoke).toHaveBeenCalledTimes(1);
      expect(invoke).toHaveBeenCalledWith('mediapush', expect.objectContaining({ trace_id: first, Event: 'wxa_media_check' }), {});
      await traceOf(c, 'https://example.com/second.jpg');
      await c.stop();
      stopped = true;
      await new Promise((r) => setTimeout(r, 600));
      expect(invoke).toHaveBeenCalledTimes(1);
    } finally {
      if (!stopped) await c.stop();
    }
  });

  it('without the function, the event is only kept in the list; without a runner no function may call (-604104)', async () => {
    // The default push function, 'events', is not among the fixtures.
    for (const withRunner of [false, true]) {
      const functions = functionsModule({ functionsRoot });
      const openApi = openApiModule({ runner: withRunner ? () => functions.runner() : undefined, mediaCheckDelayMs: 0 });
      const c = await startLocal({ modules: [functions, openApi] });
      try {
        // Without the runner the gateway cannot tell which function calls, as for a call from outside one.
        if (!withRunner) {
          expect(await check(c, { mediaUrl: 'https://example.com/kept.jpg' })).toMatchObject({ ok: false, errCode: -604104 });
          continue;
        }
        const traceId = await traceOf(c, 'https://example.com/kept.jpg');
        await c.post('/local/openapi/pushes/flush', {});
        const deadline = Date.now() + 5_000;
        while ((await pushOf(c, traceId))?.state === 'pending' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(await pushOf(c, traceId)).toMatchObject({ function: 'events', state: 'kept', event: { trace_id: traceId } });
        expect((await pushOf(c, traceId))!.result).toBeUndefined();
      } finally {
        await c.stop();
      }
    }
  });
});

describe('npm start wiring', () => {
  it("defaultModules delivers pushes to the project's `events` function", async () => {
    // A project whose cloudfunctions hold the notify fixture and an `events` receiver.
    const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-media-'));
    fs.mkdirSync(path.join(projectRoot, 'cloudfunctions'));
    fs.symlinkSync(path.join(functionsRoot, 'notify'), path.join(projectRoot, 'cloudfunctions', 'notify'));
    fs.symlinkSync(path.join(functionsRoot, 'mediapush'), path.join(projectRoot, 'cloudfunctions', 'events'));
    const c = await startLocal({ projectRoot, modules: defaultModules({ autoTick: false }) });
    try {
      const traceId = await traceOf(c, 'https://example.com/risky.jpg');
      await c.post('/local/openapi/pushes/flush', {});
      expect(await pushOf(c, traceId)).toMatchObject({ function: 'events', state: 'delivered', result: { received: { trace_id: traceId, result: { suggest: 'risky' } } } });
    } finally {
      await c.stop();
      fs.rmSync(projectRoot, { recursive: true, force: true });
    }
  });
});
