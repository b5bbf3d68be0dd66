// WeChat open APIs through wx-server-sdk inside a function run by CloudBase Local.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { functionsModule } from '@wuye/cloudbase-local';
import { openApiModule } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

let c: LocalCloud;
beforeAll(async () => {
  const functions = functionsModule({ functionsRoot: path.join(__dirname, 'fixtures/functions') });
  c = await startLocal({ modules: [functions, openApiModule({ runner: () => functions.runner(), templatesFile: path.join(__dirname, 'fixtures/subscription-templates.json') })] });
});
afterAll(() => c.stop());

type Outcome = { ok: boolean; errCode?: number; errMsg?: string; result?: Record<string, unknown> };
const run = async (data: object) => (await c.post<{ result: Outcome }>('/local/functions/notify/invoke', { openid: 'openid-owner-1', data })).result;
const send = (touser: string, data: object, templateId = 'TPL_PROGRESS') => run({ touser, templateId, data });
const good = { character_string1: { value: 'TS20261122-0001' }, thing2: { value: '楼上漏水已派单给工程部' }, phrase3: { value: '处理中' }, time4: { value: '2026-11-22 10:00' } };

describe('subscribeMessage.send', () => {
  it('needs a one-time credit: accept → one message; the next send is 43101', async () => {
    expect(await send('openid-A1', good)).toMatchObject({ ok: false, errCode: 43101 });
    await c.post('/local/openapi/subscriptions', { openid: 'openid-A1', results: { TPL_PROGRESS: 'accept', TPL_OTHER: 'reject' } });
    expect(await c.get('/local/openapi/credits?openid=openid-A1')).toEqual({ TPL_PROGRESS: 1 });
    expect(await send('openid-A1', good)).toMatchObject({ ok: true, result: { errCode: 0, msgid: expect.any(String) } });
    expect(await send('openid-A1', good)).toMatchObject({ ok: false, errCode: 43101 });
    expect(await send('openid-A1', good, 'TPL_OTHER')).toMatchObject({ ok: false, errCode: 43101 });
    const inbox = await c.get<Array<{ touser: string; data: unknown }>>('/local/openapi/messages?touser=openid-A1');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ touser: 'openid-A1', templateId: 'TPL_PROGRESS', data: good });
  });

  it.each([
    ['thing over 20 characters', { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } }],
    ['phrase over 5 characters', { phrase1: { value: '正在处理中了' } }],
    ['phrase with non-Chinese', { phrase1: { value: 'ok' } }],
    ['character_string with Chinese', { character_string1: { value: '投诉1' } }],
    ['number with letters', { number1: { value: '12a' } }],
    ['a malformed time', { time1: { value: '明天上午' } }],
    ['phone_number over 17', { phone_number1: { value: '123456789012345678' } }],
    ['thing not a string', { thing1: { value: 12 } }],
    ['character_string over 32', { character_string1: { value: 'A'.repeat(33) } }],
    ['number over 32 digits', { number1: { value: '1'.repeat(33) } }],
    ['letter with a digit', { letter1: { value: 'abc1' } }],
    ['letter over 32', { letter1: { value: 'a'.repeat(33) } }],
    ['symbol over 5', { symbol1: { value: '%%%%%%' } }],
    ['symbol with a letter', { symbol1: { value: '%a' } }],
    ['car_number over 8', { car_number1: { value: '粤A1234567' } }],
    ['a Chinese name over 10', { name1: { value: '一二三四五六七八九十一' } }],
    ['a Latin name over 20', { name1: { value: 'Abcdefghij Klmnopqrst' } }],
    ['amount over 10 digits', { amount1: { value: '¥12345678901' } }],
    ['amount without a number', { amount1: { value: '一百元' } }],
    ['a malformed date', { date1: { value: '11/22' } }],
    ['a date range with a bad half', { date1: { value: '2026-11-22~下周' } }],
    ['an empty enum', { enum1: { value: '' } }],
    ['an unknown keyword type', { colour1: { value: 'red' } }],
  ])('refuses %s with 47003 and consumes no credit', async (_what, data) => {
    await c.post('/local/openapi/subscriptions', { openid: 'openid-V', results: { TPL_PROGRESS: 'accept' } });
    expect(await send('openid-V', data)).toMatchObject({ ok: false, errCode: 47003 });
    expect(await send('openid-V', good)).toMatchObject({ ok: true });
  });

  it.each([
    ['a keyword the company’s template does not have', { character_string1: { value: 'TS20261122-0001' }, thing2: { value: '已派单' }, time3: { value: '2026-11-22 10:00' }, phrase4: { value: '处理中' } }],
    ['a keyword of the template left out', { character_string1: { value: 'TS20261122-0001' }, thing2: { value: '已派单' } }],
    ['another template’s keyword in place of one', { character_string1: { value: 'TS20261122-0001' }, thing3: { value: '已派单' }, time3: { value: '2026-11-22 10:00' } }],
  ])('refuses %s with 47003, as WeChat checks data against the chosen template', async (_what, data) => {
    await c.post('/local/openapi/subscriptions', { openid: 'openid-K', results: { TPL_CHOSEN: 'accept' } });
    expect(await send('openid-K', data, 'TPL_CHOSEN')).toMatchObject({ ok: false, errCode: 47003 });
    expect(await send('openid-K', { character_string1: { value: 'TS20261122-0001' }, thing2: { value: '已派单' }, time3: { value: '2026-11-22 10:00' } }, 'TPL_CHOSEN')).toMatchObject({ ok: true });
  });

  it('accepts the valid forms of each type', async () => {
    await c.post('/local/openapi/subscriptions', { openid: 'openid-W', results: { TPL_PROGRESS: 'accept' } });
    const data = { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' }, time2: { value: '2026年11月22日 10:00~2026年11月22日 12:00' }, date3: { value: '2026-11-22' }, amount4: { value: '¥100.50' }, name5: { value: '张三' }, phone_number6: { value: '+86 138-0013-8000' } };
    expect(await send('openid-W', data)).toMatchObject({ ok: true });
    await c.post('/local/openapi/subscriptions', { openid: 'openid-W', results: { TPL_PROGRESS: 'accept' } });
    const more = {
      character_string1: { value: 'A'.repeat(32) },
      number2: { value: '-3.5' },
      letter3: { value: 'a'.repeat(32) },
      symbol4: { value: '%%%%%' },
      car_number5: { value: '粤A12345' },
      name6: { value: 'Abcdefghij Klmnopqrs' },
      enum7: { value: '待处理' },
      date8: { value: '2026-11-22~2026-11-23' },
      time9: { value: '10:00' },
      amount10: { value: '100元' },
    };
    expect(await send('openid-W', more)).toMatchObject({ ok: true });
  });

  it('refuses a template id the project does not declare (40037)', async () => {
    expect(await send('openid-A1', good, 'TPL_UNKNOWN')).toMatchObject({ ok: false, errCode: 40037 });
  });

  it('injected faults: an error code once, then normal service', async () => {
    await c.post('/local/openapi/subscriptions', { openid: 'openid-F', results: { TPL_PROGRESS: 'accept' } });
    await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: -1, times: 1 });
    expect(await send('openid-F', good)).toMatchObject({ ok: false, errCode: -1 });
    expect(await send('openid-F', good)).toMatchObject({ ok: true });
  });

  it('injected faults for one recipient: only sends to that openid fail, others go through meanwhile', async () => {
    await c.post('/local/openapi/subscriptions', { openid: 'openid-F1', results: { TPL_PROGRESS: 'accept' } });
    await c.post('/local/openapi/subscriptions', { openid: 'openid-F2', results: { TPL_PROGRESS: 'accept' } });
    await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: -1, times: 1, touser: 'openid-F2' });
    expect(await send('openid-F1', good)).toMatchObject({ ok: true });
    expect(await send('openid-F2', good)).toMatchObject({ ok: false, errCode: -1 });
    expect(await send('openid-F2', good)).toMatchObject({ ok: true });
  });

  it('injected faults: a server error, then a gateway timeout (-604102) after delayMs, each consumed in order', async () => {
    await c.post('/local/openapi/subscriptions', { openid: 'openid-G', results: { TPL_PROGRESS: 'accept' } });
    await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'http500', times: 1 });
    await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'timeout', delayMs: 200, times: 1 });
    expect(await send('openid-G', good)).toMatchObject({ ok: false, errMsg: expect.stringContaining('injected server error') });
    const started = Date.now();
    expect(await send('openid-G', good)).toMatchObject({ ok: false, errCode: -604102 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    // Neither fault spent the credit.
    expect(await send('openid-G', good)).toMatchObject({ ok: true });
  });

  it('an injected hang without delayMs outlasts the calling function, which is killed', async () => {
    await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'timeout', times: 1 });
    process.env.CLOUDBASE_LOCAL_FUNCTION_TIMEOUT = '0.5';
    try {
      const reply = await c.post<{ error?: { code: string } }>('/local/functions/notify/invoke', { openid: 'openid-owner-1', data: { touser: 'openid-H1', templateId: 'TPL_PROGRESS', data: good } });
      expect(reply.error).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    } finally {
      delete process.env.CLOUDBASE_LOCAL_FUNCTION_TIMEOUT;
    }
  });

  it('refuses a malformed openid (40003)', async () => {
    expect(await send('bad openid!', good)).toMatchObject({ ok: false, errCode: 40003 });
  });
});

describe('security.msgSecCheck (v2)', () => {
  it('passes ordinary text and flags risky words deterministically', async () => {
    expect(await run({ api: 'check', openid: 'openid-owner-1', content: '楼道灯坏了，请尽快维修' })).toMatchObject({ ok: true, result: { result: { suggest: 'pass' } } });
    expect(await run({ api: 'check', openid: 'openid-owner-1', content: '有人在小区里赌博' })).toMatchObject({ ok: true, result: { result: { suggest: 'risky', label: 20006 } } });
  });

  it('refuses content over 2500 characters', async () => {
    expect(await run({ api: 'check', openid: 'openid-owner-1', content: '字'.repeat(2501) })).toMatchObject({ ok: false, errCode: 40097 });
  });
});

describe('云调用 permissions (config.json permissions.openapi)', () => {
  const check = { api: 'check', openid: 'openid-owner-1', content: '楼道灯坏了' };

  it('refuses an API the calling function does not declare with -604101, as the cloud does', async () => {
    // sendonly runs notify's code but declares only subscribeMessage.send.
    const refused = await c.post<{ result: Outcome }>('/local/functions/sendonly/invoke', { openid: 'openid-owner-1', data: check });
    // The cloud's answer, as CloudBase's FAQ 「云调用报错 -604101 如何解决」 quotes it.
    expect(refused.result).toEqual({ ok: false, errCode: -604101, errMsg: 'system error: error code: -604101' });
    // The declared API goes through from the same function (to WeChat, which finds no credit).
    const sent = await c.post<{ result: Outcome }>('/local/functions/sendonly/invoke', { openid: 'openid-owner-1', data: { touser: 'openid-S1', templateId: 'TPL_PROGRESS', data: good } });
    expect(sent.result).toMatchObject({ ok: false, errCode: 43101 });
  });

  it('models a declaration deployed without DevTools: declared, not registered → -604101 until registered', async () => {
    expect(await c.post('/local/openapi/permissions', { function: 'notify', registered: false })).toEqual({ unregistered: ['notify'] });
    try {
      expect(await run(check)).toMatchObject({ ok: false, errCode: -604101 });
      expect(await c.get('/local/openapi/permissions')).toEqual({ unregistered: ['notify'] });
    } finally {
      await c.post('/local/openapi/permissions', { function: 'notify', registered: true });
    }
    expect(await run(check)).toMatchObject({ ok: true, result: { result: { suggest: 'pass' } } });
  });

  it('knows the caller from the invocation, never from the request: a call from outside any function is -604104', async () => {
    // This test process, not a function run by CloudBase Local: whatever it sends, no function is calling.
    const cloud = (await import('wx-server-sdk')).default;
    cloud.init({ env: c.env });
    const e = await cloud.openapi.security.msgSecCheck({ openid: 'openid-owner-1', scene: 2, version: 2, content: '楼道灯坏了' }).catch((err: unknown) => err);
    expect(e).toMatchObject({ errCode: -604104, message: expect.stringContaining('illegal source of invocation') });
  });
});

describe('durability', () => {
  it('keeps credits and the inbox across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-openapi-'));
    const sdkEnv = { ...process.env };
    const modules = () => {
      const functions = functionsModule({ functionsRoot: path.join(__dirname, 'fixtures/functions') });
      return [functions, openApiModule({ runner: () => functions.runner(), templatesFile: path.join(__dirname, 'fixtures/subscription-templates.json') })];
    };
    try {
      const first = await startLocal({ dataDir, modules: modules() });
      await first.post('/local/openapi/subscriptions', { openid: 'openid-D', results: { TPL_PROGRESS: 'accept', TPL_OTHER: 'accept' } });
      await first.post('/local/functions/notify/invoke', { openid: 'openid-owner-1', data: { touser: 'openid-D', templateId: 'TPL_PROGRESS', data: good } });
      await first.stop();
      const second = await startLocal({ dataDir, modules: modules() });
      expect(await second.get('/local/openapi/credits?openid=openid-D')).toEqual({ TPL_PROGRESS: 0, TPL_OTHER: 1 });
      expect(await second.get('/local/openapi/messages?touser=openid-D')).toEqual([expect.objectContaining({ templateId: 'TPL_PROGRESS', data: good })]);
      await second.stop();
    } finally {
      Object.assign(process.env, sdkEnv);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
