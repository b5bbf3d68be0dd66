// The console's data, read over HTTP from a real CloudBase Local running the project's functions on
// the demo company (scripts/seed.ts) — what each of its six sections shows — and the demo scenario
// the 演示 page runs (scripts/local-demo.js, the product's demo plugin), step by step.
import { seedDemo } from '../../scripts/seed';
import { consoleModule } from '@wuye/cloudbase-local';
import { shanghaiEjson } from '@wuye/cloudbase-local/internals';
import { isLocalRequest } from '@wuye/cloudbase-local/internals';
import { INVOCATION_LOG_CAPACITY, InvocationLog } from '@wuye/cloudbase-local/internals';
import { functionsModule } from '@wuye/cloudbase-local';
import { openApiModule } from '@wuye/cloudbase-local';
import { storageModule } from '@wuye/cloudbase-local';
import { timersModule } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';
import http from 'http';
import path from 'path';
import { productPlugins } from '../../scripts/local-plugins';

// The product's calendar (「+1 工作日」) and demo, as `npm start` hands them to the console.
const { nextWorkingDay, demoScript } = productPlugins();
const consolePlugins = { nextWorkingDay, demoScript };

const demo = require('../../scripts/local-demo.js') as {
  nextSaturdayNight(now: Date): Date;
  prepare(call: Call): Promise<{ at: string }>;
  file(call: Call): Promise<{ id: string; number: string }>;
  advance(call: Call, ms: number): Promise<void>;
  alerts(call: Call, since: string, number?: string): Promise<{ sent: Array<{ at: string; name: string; role: string | null; title: string; touser: string; data: Record<string, { value: string }> }>; refused: Array<{ reason: string; errcode: number }> }>;
  detail(call: Call, id: string): Promise<{ complaint: { suggestedUrgency: string; timeline: Array<{ type: string; notify?: string }> } }>;
};
type Call = (method: string, path: string, body?: unknown) => Promise<never>;

let c: LocalCloud;
const call: Call = async (method, p, body) => {
  const res = await fetch(`${c.url}${p}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as never;
};
const invoke = (openid: string, data: object) => c.post<{ result: { ok: boolean; data?: { id: string }; code?: string } }>('/local/functions/api/invoke', { openid, data });

beforeAll(async () => {
  const functions = functionsModule();
  c = await startLocal({ projectRoot: path.resolve(__dirname, '../..'), modules: [storageModule(), functions, openApiModule({ runner: () => functions.runner() }), timersModule({ runner: () => functions.runner() }), consoleModule({ ...consolePlugins, runner: () => functions.runner() })] });
  process.env.CLOUDBASE_LOCAL_URL = c.url;
  await c.post('/local/clock', { set: '2026-11-25T10:00:00+08:00' }); // a Wednesday morning
  await seedDemo();
});
afterAll(() => c.stop());

describe('页面', () => {
  it('serves the console page and its scripts at / on 127.0.0.1, with a policy that allows only its own files', async () => {
    const res = await fetch(`${c.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    for (const label of ['数据库', '云函数', '订阅消息', '时钟与定时器', '存储', '演示']) expect(html).toContain(label);
    for (const file of ['console.js', 'console.css', 'demo.js']) expect((await fetch(`${c.url}/console/${file}`)).status).toBe(200);
    expect((await fetch(`${c.url}/console/..%2Fmodule.ts`)).status).toBe(404);
  });

  it('answers loopback peers addressed by a loopback name only (a LAN peer, or a rebound DNS name, gets 403)', async () => {
    expect(isLocalRequest({ remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:3030' } })).toBe(true);
    expect(isLocalRequest({ remoteAddress: '::ffff:127.0.0.1', headers: { host: 'localhost:3030' } })).toBe(true);
    expect(isLocalRequest({ remoteAddress: '192.168.1.20', headers: { host: '127.0.0.1:3030' } })).toBe(false);
    expect(isLocalRequest({ remoteAddress: '127.0.0.1', headers: { host: 'attacker.example:3030' } })).toBe(false);
    // fetch would not send another Host: a plain request, as a page on a rebound name would make.
    const asHost = (p: string, host: string) =>
      new Promise<number>((resolve, reject) => http.get(`${c.url}${p}`, { headers: { host } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject));
    expect(await asHost('/local/console/collections', 'attacker.example')).toBe(403);
    expect(await asHost('/', 'attacker.example:80')).toBe(403);
    expect(await asHost('/local/console/collections', new URL(c.url).host)).toBe(200);
    // The data only the console reads is as closed: what users wrote, and their photos.
    for (const p of ['/local/openapi/text-checks', '/local/openapi/refusals', '/local/openapi/templates', '/local/storage/file?path=x.png']) expect(await asHost(p, 'attacker.example')).toBe(403);
  });
});

describe('数据库', () => {
  it('lists every declared collection with its document count and indexes', async () => {
    const list = await c.get<Array<{ name: string; count: number; indexes: Array<{ name: string; keys: unknown[] }> }>>('/local/console/collections');
    const complaints = list.find((x) => x.name === 'complaints')!;
    expect(complaints.count).toBe(5);
    expect(complaints.indexes.map((i) => i.name)).toContain('community_status_submitted_id');
    expect(list.find((x) => x.name === 'members')!.count).toBe(15);
  });

  it('pages through documents newest first, as EJSON with dates in Asia/Shanghai time', async () => {
    const first = await c.get<{ total: number; documents: Array<{ _id: string; submittedAt: { $date: string } }> }>('/local/console/documents?collection=complaints&limit=2');
    const second = await c.get<{ documents: Array<{ _id: string }> }>('/local/console/documents?collection=complaints&limit=2&offset=2');
    expect(first.total).toBe(5);
    expect(first.documents).toHaveLength(2);
    expect(second.documents).toHaveLength(2);
    expect(new Set([...first.documents, ...second.documents].map((d) => d._id)).size).toBe(4);
    // The seed filed them at the clock's 10:0x on 2026-11-25: shown as such, with the offset.
    expect(first.documents[0]!.submittedAt.$date).toMatch(/^2026-11-25T10:0\d:\d\d\.\d{3}\+08:00$/);
    expect(shanghaiEjson({ at: new Date('2026-11-28T15:10:00Z') })).toEqual({ at: { $date: '2026-11-28T23:10:00.000+08:00' } });
  });

  it('answers a query through the engine and names the index that serves it', async () => {
    const r = await c.post<{ coverage: { covered: boolean; index: { name: string }; sortServed: boolean }; documents: Array<{ status: string }>; counts: { scanned: number }; error: null }>('/local/console/query', {
      collection: 'complaints',
      where: { communityId: 'community-a', status: 'submitted' },
      orderBy: [{ field: 'submittedAt', direction: 'desc' }],
      limit: 10,
    });
    expect(r.error).toBeNull();
    expect(r.coverage).toMatchObject({ covered: true, index: { name: 'community_status_submitted_id' }, sortServed: true });
    expect(r.documents.map((d) => d.status)).toEqual(['submitted']);
    expect(r.counts.scanned).toBe(1);
  });

  it('shows why strict mode refuses a query no index covers, and reads nothing', async () => {
    const r = await c.post<{ coverage: { covered: boolean; reason: string }; documents: unknown[]; error: { code: string } }>('/local/console/query', { collection: 'complaints', where: { description: '楼道声控灯不亮' } });
    expect(r.coverage.covered).toBe(false);
    expect(r.coverage.reason).toContain('description');
    expect(r.error.code).toBe('DATABASE_QUERY_NOT_INDEXED');
    expect(r.documents).toEqual([]);
  });

  it('takes dates in EJSON and refuses a malformed query with a Chinese message', async () => {
    const r = await c.post<{ coverage: { covered: boolean }; documents: unknown[] }>('/local/console/query', { collection: 'complaints', where: { communityId: 'community-a', submittedAt: { $gte: { $date: '2026-11-25T00:00:00+08:00' } } }, orderBy: [['submittedAt', 'asc']] });
    expect(r.coverage.covered).toBe(true);
    expect(r.documents).toHaveLength(4);
    const bad = await fetch(`${c.url}/local/console/query`, { method: 'POST', body: JSON.stringify({ collection: 'complaints', where: [1] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/where/);
    expect((await fetch(`${c.url}/local/console/query`, { method: 'POST', body: JSON.stringify({ collection: 'nope' }) })).status).toBe(400);
  });
});

describe('云函数', () => {
  it('logs each invocation with caller, role, action, duration, counts and result code; one opens with request, response and logs', async () => {
    const [latest] = await c.get<Array<{ seq: number }>>('/local/console/invocations?limit=1');
    await invoke('demo-owner-1', { action: 'complaint.mine' });
    await invoke('demo-owner-1', { action: 'no.such.action' });
    const list = await c.get<Array<{ id: string; function: string; openid: string; name: string; role: string; action: string; durationMs: number; code: string; counts: { reads: number; writes: number; scanned: number } }>>(`/local/console/invocations?after=${latest!.seq}`);
    expect(list.map((i) => [i.action, i.code])).toEqual([
      ['no.such.action', 'UNKNOWN_ACTION'],
      ['complaint.mine', 'OK'],
    ]);
    const mine = list[1]!;
    expect(mine).toMatchObject({ function: 'api', openid: 'demo-owner-1', name: '张先生', role: 'owner' });
    expect(mine.counts.reads).toBeGreaterThan(0);
    expect(mine.durationMs).toBeGreaterThanOrEqual(0);
    const one = await c.get<{ request: { action: string }; response: { ok: boolean }; logs: unknown[] }>(`/local/console/invocations/${mine.id}`);
    expect(one.request).toEqual({ action: 'complaint.mine' });
    expect(one.response.ok).toBe(true);
    expect(Array.isArray(one.logs)).toBe(true);
    // Filters: by function, caller, action, and errors only.
    expect((await c.get<unknown[]>(`/local/console/invocations?after=${latest!.seq}&code=error`)).length).toBe(1);
    expect((await c.get<unknown[]>(`/local/console/invocations?after=${latest!.seq}&openid=demo-gm`)).length).toBe(0);
    expect((await c.get<unknown[]>(`/local/console/invocations?after=${latest!.seq}&action=complaint.mine&function=api`)).length).toBe(1);
  });

  it('lists the demo company’s people, whom the invoke form calls as', async () => {
    const people = await c.get<Array<{ openid: string; name: string; role: string }>>('/local/console/people');
    expect(people).toHaveLength(15);
    expect(people).toContainEqual(expect.objectContaining({ openid: 'demo-duty-manager', name: '值班经理 冯经理', role: 'duty_manager' }));
  });
});

describe('订阅消息, 存储, 时钟', () => {
  it('keeps refused sends with their code and every text verdict; lists the templates with their titles', async () => {
    const before = (await c.get<unknown[]>('/local/openapi/refusals')).length;
    // The seed filed complaints without anyone granting credits: the scheduler's sends are refused 43101.
    await c.post('/local/functions/scheduler/invoke', { data: {} });
    const refused = await c.get<Array<{ touser: string; errcode: number }>>('/local/openapi/refusals');
    expect(refused.length).toBeGreaterThan(before);
    expect(refused.every((r) => r.errcode === 43101)).toBe(true);
    expect((await c.get<unknown[]>('/local/openapi/refusals?touser=demo-owner-2')).length).toBeGreaterThan(0);
    const checks = await c.get<Array<{ content: string; suggest: string }>>('/local/openapi/text-checks');
    expect(checks).toContainEqual(expect.objectContaining({ content: expect.stringContaining('楼道声控灯不亮'), suggest: 'pass' }));
    expect(await c.get('/local/openapi/templates')).toContainEqual(expect.objectContaining({ id: 'TPL_COMPLAINT_ACCEPTED', title: '投诉受理通知' }));
  });

  it('serves an uploaded picture by its path for the preview, with its uploader and size in the list', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await fetch(`${c.url}/local/storage/upload?openid=demo-owner-1&path=complaint-photos/demo-owner-1/a.png`, { method: 'POST', body: png });
    const files = await c.get<Array<{ path: string; uploader: string; size: number }>>('/local/storage/files');
    expect(files).toContainEqual(expect.objectContaining({ path: 'complaint-photos/demo-owner-1/a.png', uploader: 'demo-owner-1', size: png.length }));
    const res = await fetch(`${c.url}/local/storage/file?path=${encodeURIComponent('complaint-photos/demo-owner-1/a.png')}`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
    expect((await fetch(`${c.url}/local/storage/file?path=nope.png`)).status).toBe(404);
  });

  it('+1 工作日 moves to the same time on the next working day, over a weekend', async () => {
    await c.post('/local/clock', { set: '2026-11-27T16:30:00+08:00' }); // a Friday
    const { now } = await c.post<{ now: string }>('/local/console/clock/workday', {});
    // The Monday, give or take the moment between the two calls (the clock runs).
    expect(Math.abs(Date.parse(now) - Date.parse('2026-11-30T16:30:00+08:00'))).toBeLessThan(1000);
  });
});

describe('演示', () => {
  it('files 电梯困人 at 23:10 on a Saturday: the night’s security supervisor and the duty manager are told, the owner gets 受理; advancing chases them and escalates', async () => {
    expect(demo.nextSaturdayNight(new Date('2026-11-30T09:00:00+08:00')).toISOString()).toBe(new Date('2026-12-05T23:10:00+08:00').toISOString());
    await c.post('/local/clock', { set: '2026-11-30T09:00:00+08:00' }); // a Monday
    const { at } = await demo.prepare(call);
    expect(at).toBe(new Date('2026-12-05T23:10:00+08:00').toISOString());
    const filed = await demo.file(call);
    const first = await demo.alerts(call, at, filed.number);
    const told = (list: typeof first.sent) => list.map((m) => `${m.name}:${m.title}`);
    expect(told(first.sent)).toEqual(expect.arrayContaining(['张先生:投诉受理通知', '当值安全主管 何主管:工单任务提醒', '值班经理 冯经理:工单任务提醒']));
    expect(first.sent.some((m) => m.role === 'department_head')).toBe(false);
    expect((await demo.detail(call, filed.id)).complaint.suggestedUrgency).toBe('urgent');

    await demo.advance(call, 16 * 60_000);
    await demo.advance(call, 15 * 60_000);
    const later = await demo.alerts(call, at, filed.number);
    expect(later.sent.length).toBeGreaterThan(first.sent.length);
    const timeline = (await demo.detail(call, filed.id)).complaint.timeline;
    expect(timeline.filter((e) => e.type === 'escalated').map((e) => e.notify)).toEqual(['security_supervisor', 'general_manager']);
    // Minute by minute, as the scheduler's timer runs: the general manager is told at +30 min, not at the end of a jump.
    const toGm = later.sent.find((m) => m.name === '总经理 刘总')!;
    // (The local clock runs on in real time between steps: a few seconds past the minute.)
    const minutes = (Date.parse(toGm.at) - Date.parse(at)) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(30);
    expect(minutes).toBeLessThan(31);
    // The scheduler's runs open, in the 云函数 tab, to their log line and their report.
    const [run] = await c.get<Array<{ id: string }>>('/local/console/invocations?function=scheduler&limit=1');
    const detail = await c.get<{ logs: Array<{ text: string }>; response: { sent?: number } }>(`/local/console/invocations/${run!.id}`);
    expect(detail.logs.map((l) => l.text)).toEqual([expect.stringMatching(/^scheduler: timers \d+, sent \d+/)]);
    expect(typeof detail.response.sent).toBe('number');
    // Every refusal in the demo says why.
    for (const r of later.refused) expect(r.reason).toMatch(/\S/);
    expect(told(later.sent)).toContain('总经理 刘总:工单任务提醒');
  });
});

describe('调用记录 (fixture functions)', () => {
  let f: LocalCloud;
  const functions = functionsModule({ functionsRoot: path.join(__dirname, 'fixtures/functions') });
  beforeAll(async () => {
    f = await startLocal({ modules: [functions, consoleModule({ ...consolePlugins, runner: () => functions.runner() })] });
  });
  afterAll(() => f.stop());
  type Record = { id: string; function: string; code: string; logs: Array<{ level: string; text: string }>; response: unknown; error: { code: string; message: string } | null };
  const lastOf = async (fn: string) => {
    const [latest] = await f.get<Array<{ id: string }>>(`/local/console/invocations?function=${fn}&limit=1`);
    return f.get<Record>(`/local/console/invocations/${latest!.id}`);
  };

  it('keeps what a function logged, each line with its level, still apart per invocation', async () => {
    await Promise.all([f.post('/local/functions/chatty/invoke', { openid: 'openid-A', data: { tag: 'a' } }), f.post('/local/functions/whoami/invoke', { openid: 'openid-B', data: { tag: 'b' } })]);
    const chatty = await lastOf('chatty');
    expect(chatty.logs.map((l) => [l.level, l.text])).toEqual([
      ['log', "starting { tag: 'a' }"],
      ['warn', 'careful'],
      ['error', 'something went wrong, but not fatally'],
    ]);
    expect((await lastOf('whoami')).logs).toEqual([]);
  });

  it('records a crash with the platform’s code and message, and cuts a large answer to a preview', async () => {
    await f.post('/local/functions/boom/invoke', { data: {} });
    expect(await lastOf('boom')).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', error: { message: 'kaboom' }, response: null });
    await f.post('/local/functions/chatty/invoke', { data: { tag: 'big', size: 100_000 } });
    expect((await lastOf('chatty')).response).toMatchObject({ truncated: true, chars: expect.any(Number), preview: expect.stringContaining('"tag":"big"') });
  });

  it('holds the last 500 invocations only', async () => {
    const log = new InvocationLog();
    for (let i = 0; i < 600; i++) log.add({ id: `i${i}`, function: 'f', openid: null, trigger: null, action: null, at: '', durationMs: 0, code: 'OK', counts: null, request: null, response: null, error: null, logs: [] });
    expect(log.all()).toHaveLength(INVOCATION_LOG_CAPACITY);
    expect(log.all()[0]!.id).toBe('i100');
    expect(log.get('i99')).toBeUndefined();
    expect(log.all().at(-1)!.seq).toBe(600);
  });
});
