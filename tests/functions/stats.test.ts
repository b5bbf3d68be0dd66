// Monthly statistics through the real api function: managers only, their communities only.
import { strFromU8, unzipSync } from 'fflate';
import type { ExportProgress } from '../../typings/api';
import { people, seedPeople, exportReport, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: ['community-a'], department: 'management', active: true });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

it('counts the month, rates on-time work and satisfaction from what really happened', async () => {
  const file = async (n: number) => {
    const r = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: `stats-${n}-abcdef`, communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: `问题${n}` });
    return r.ok ? r.data.id : '';
  };
  const act = (openid: string, id: string, command: object) => c.call(openid, { action: 'complaint.command', id, command });
  const done = await file(1);
  await act(people.reception._id, done, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  await act(people.handler1._id, done, { type: 'accept' });
  await act(people.handler1._id, done, { type: 'investigate', findings: '查明', photos: [], responsibleParty: 'property' });
  await act(people.handler1._id, done, { type: 'plan', description: '修', expectedCompletionAt: '2026-11-19T10:00:00+08:00', estimatedCost: 0 });
  await act(people.handler1._id, done, { type: 'resolve', result: '修好了', photos: [] });
  await act(people.owner._id, done, { type: 'rate', score: 5, comment: '好' });
  const invalid = await file(2);
  await act(people.reception._id, invalid, { type: 'triage', valid: false, explanation: '不属于物业职责，已说明' });

  const r = await c.call<{ submitted: number; invalidShare: number; responseOnTimeRate: number; satisfaction: { satisfiedRate: number }; byCategory: Record<string, number> }>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 11 });
  expect(r).toMatchObject({ ok: true, data: { submitted: 2, invalidShare: 0.5, responseOnTimeRate: 1, satisfaction: { satisfiedRate: 1 }, byCategory: { repair: 1, unclassified: 1 } } });
});

it('builds the workbook a step per call, each saying what the next does, and nobody else can take the job on', async () => {
  const month = { communityId: 'community-a', year: 2026, month: 11 };
  const steps: ExportProgress[] = [];
  const r = await exportReport(c, 'openid-gm', month, steps);
  expect(r).toMatchObject({ ok: true, data: { url: expect.any(String) } });
  // The bar's value and words after each call: 0/3 and the first step's words, … then the file.
  expect(steps.map((s) => [s.step, s.steps, s.done ? 'done' : s.next])).toEqual([
    [0, 3, '正在统计本月投诉'],
    [1, 3, '正在整理业户沟通总结'],
    [2, 3, '正在写入报表并上传'],
    [3, 3, 'done'],
  ]);
  // The job is gone once the file is out; asking for it again is refused, not repeated.
  const jobId = steps[0]!.jobId;
  expect((await c.db.collection('report_jobs').doc(jobId).get()).data).toHaveLength(0);
  expect(await c.call('openid-gm', { action: 'stats.export', ...month, jobId })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '这份报表已生成或已失效，请重新生成' });
  // Another manager of the community cannot carry on the general manager's job, nor can its month be swapped.
  const started = await c.call<ExportProgress>('openid-gm', { action: 'stats.export', ...month });
  if (!started.ok) throw new Error(JSON.stringify(started));
  await c.post('/local/counters/reset', {});
  expect(await c.call(people.head._id, { action: 'stats.export', ...month, jobId: started.data.jobId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await c.call('openid-gm', { action: 'stats.export', ...month, month: 10, jobId: started.data.jobId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await c.call('openid-gm', { action: 'stats.export', ...month, jobId: 'not-a-job' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  const counters = await c.get<{ writes?: number; byCollection: Record<string, { writes?: number }> }>('/local/counters');
  expect(counters.byCollection.report_jobs?.writes ?? 0).toBe(0);
  expect((await c.db.collection('report_jobs').doc(started.data.jobId).get()).data[0]).toMatchObject({ step: 0, sheets: [] });
  // Abandoned half-way and started again: the same job, from the start — one document per person, community and month at most.
  expect(await c.call('openid-gm', { action: 'stats.export', ...month, jobId: started.data.jobId })).toMatchObject({ ok: true, data: { step: 1 } });
  const again = await c.call<ExportProgress>('openid-gm', { action: 'stats.export', ...month });
  expect(again).toMatchObject({ ok: true, data: { jobId: started.data.jobId, step: 0 } });
  expect((await c.db.collection('report_jobs').doc(started.data.jobId).get()).data[0]).toMatchObject({ step: 0, sheets: [] });
});

it('refuses owners, handlers and other communities', async () => {
  const ask = (openid: string, communityId = 'community-a') => c.call(openid, { action: 'stats.monthly', communityId, year: 2026, month: 11 });
  expect(await ask(people.owner._id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await ask(people.handler1._id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await ask('openid-gm', 'community-b')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

it('exports the month as an xlsx workbook in storage, readable from its temp URL', async () => {
  const r = await exportReport(c, 'openid-gm', { communityId: 'community-a', year: 2026, month: 11 });
  expect(r).toMatchObject({ ok: true, data: { fileID: expect.stringContaining('reports/community-a/2026-11-') } });
  const bytes = new Uint8Array(await (await fetch(r.ok ? r.data.url : '')).arrayBuffer());
  const files = unzipSync(bytes);
  const workbook = strFromU8(files['xl/workbook.xml']!);
  for (const name of ['汇总', '按类别', '按渠道', '员工工作量', '重复问题']) expect(workbook).toContain(name);
  const shared = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array()) + strFromU8(files['xl/worksheets/sheet1.xml']!);
  expect(shared).toContain('按时响应率');
  expect(await c.call(people.handler1._id, { action: 'stats.export', communityId: 'community-a', year: 2026, month: 11 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

it('counts every complaint when more than a page of them share one submission time', async () => {
  // 1,012 complaints filed at one instant of December: pages of 1,000 end inside the run of equal
  // times, and the (submittedAt, _id) cursor carries on from the last one read.
  const _ = c.db.command;
  const { data } = await c.db.collection('complaints').where({ communityId: 'community-a', submittedAt: _.gte(new Date(0)) }).limit(1).get();
  const template = data[0] as Record<string, unknown>;
  const at = new Date('2026-12-05T10:00:00+08:00');
  // Imported behind the api's back, without the due marker every write through the store sets, with the
  // scheduler folding as usual: no fold, and no read of the unfolded writes, sees them.
  await c.post('/local/functions/scheduler/invoke', { data: {} });
  const copies = Array.from({ length: 1012 }, (_x, i) => ({ ...template, _id: `same-instant-${String(i).padStart(4, '0')}`, number: `same-instant-${i}`, submittedAt: at, factsDueAt: null }));
  for (let i = 0; i < copies.length; i += 200) await c.db.collection('complaints').add(copies.slice(i, i + 200));
  // So the statistics do not hold them: said, not hidden.
  const before = await c.call<{ submitted: number; complete: boolean; missing: number }>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 12 });
  expect(before).toMatchObject({ ok: true, data: { submitted: 0, complete: false, missing: 1012 } });
  // The rebuild pages them on (submittedAt, _id) in pages of 1,000 that end inside the run of equal times.
  expect(await c.call('openid-gm', { action: 'stats.rebuild', communityId: 'community-a', year: 2026, month: 12 })).toMatchObject({ ok: true, data: { complaints: 1012 } });
  const r = await c.call<{ submitted: number; complaintsRead: number; complete: boolean }>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 12 });
  expect(r).toMatchObject({ ok: true, data: { submitted: 1012, complete: true, missing: 0 } });
  // Read once each: the month's 1,012 plus the look-back's complaints of November.
  expect(r.ok && r.data.complaintsRead).toBe(1012 + 2);
});

it('answers a month from its day documents: one read of at most 92, however many complaints', async () => {
  await c.post('/local/counters/reset', {});
  expect(await c.call('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 12 })).toMatchObject({ ok: true, data: { submitted: 1012 } });
  const counters = await c.get<{ byCollection: Record<string, { reads: number; scanned: number }> }>('/local/counters');
  // One read of the day documents (December and its 60-day look-back: only the days that had complaints exist).
  expect(counters.byCollection.stat_days).toMatchObject({ reads: 1 });
  expect(counters.byCollection.stat_days!.scanned).toBeLessThanOrEqual(92);
  // The complaints: counted by index, a count per month, to tell short statistics; and one read of those whose
  // facts are due (none here), laid over the days.
  // … and one more count, by index, of those filed during a matching notice (the 业户沟通 block, server/statistics/communication.ts).
  expect(counters.byCollection.complaints?.reads).toBe(4 + 1);
});

it('only administrators and the general manager rebuild, within their communities', async () => {
  const rebuild = (openid: string, communityId = 'community-a') => c.call(openid, { action: 'stats.rebuild', communityId, year: 2026, month: 11 });
  expect(await rebuild(people.head._id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await rebuild('openid-gm', 'community-b')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});
