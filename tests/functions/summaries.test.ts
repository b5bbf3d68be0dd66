// 业户沟通总结 through the real api and scheduler functions (seed 002 职责): drafted when the month ends
// and the 客户服务主管 told; its figures are the statistics', the visits' and the surveys' own; edited
// and submitted by the 客户服务主管; returned and approved by the 管理处主任 (never the author);
// exported as a sheet of the monthly workbook.
import { unzipSync, strFromU8 } from 'fflate';
import { ownerMember, people, seedPeople, exportReport, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const csHead = { _id: 'openid-cs-head', kind: 'staff', name: '客服部刘主管', phone: '13700000021', role: 'department_head', communityIds: ['community-a'], department: 'customer_service', active: true };
const director = { _id: 'openid-duty', kind: 'staff', name: '值班经理周', phone: '13700000022', role: 'duty_manager', communityIds: ['community-a'], department: 'management', active: true };
const gm = { _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: ['community-a'], department: 'management', active: true };
const voter = ownerMember('openid-voter', '业主甲', '13800000999', 'r-2');
const month = { communityId: 'community-a', year: 2026, month: 11 };
const text = { overview: '本月走访 2 户，业主主要关心维修及时性。', problems: '1 栋反复漏水，已安排工程部排查。', plans: '下月完成外墙防水。' };
/** One run of the real scheduler function, as its timer trigger runs it. */
const runScheduler = async () => (await c.post<{ result: Record<string, unknown> }>('/local/functions/scheduler/invoke', { data: {} })).result;
const writes = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([csHead, director, gm, voter]);
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 300 });
  await c.db.collection('rooms').add([
    { _id: 'r-1', communityId: 'community-a', building: '1', unit: '1', room: '101', residentPhones: [] },
    { _id: 'r-2', communityId: 'community-a', building: '1', unit: '1', room: '102', residentPhones: [voter.phone] },
  ]);
  await c.post('/local/openapi/subscriptions', { openid: csHead._id, results: { TPL_STAFF_TASK: 'accept' } });
  await c.post('/local/clock', { set: '2026-11-10T10:00:00+08:00' });
});
afterAll(() => c.stop());

it('is scheduled for every community during the month and drafted when it ends, telling the 客户服务主管', async () => {
  expect(await runScheduler()).toMatchObject({ summariesScheduled: 1 });
  expect(await runScheduler()).toMatchObject({ summariesScheduled: 0 });
  const { data } = await c.db.collection('communication_summaries').doc('community-a_202611').get();
  expect(data).toEqual([expect.objectContaining({ status: 'scheduled' })]);
  // Before the month ends there is nothing to edit.
  await c.post('/local/counters/reset', {});
  expect(await c.call(csHead._id, { action: 'summary.save', ...month, text })).toMatchObject({ ok: false, message: '这个月还没有结束，月末会自动生成总结草稿' });
  expect(await writes()).toBe(0);

  // The month's complaints, visits and a survey.
  for (const n of [1, 2]) {
    const r = await c.call(people.owner._id, { action: 'complaint.submit', requestId: `summary-${n}-abcdef`, communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: `卫生间漏水${n}` });
    expect(r).toMatchObject({ ok: true });
  }
  for (const roomId of ['r-1', 'r-2']) {
    expect(await c.call(csHead._id, { action: 'visit.record', ...{ communityId: 'community-a' }, roomId, visitedOn: '2026-11-10', way: 'home', opinions: [{ topic: 'repair', text: '维修慢' }] })).toMatchObject({ ok: true });
  }
  const survey = await c.call<{ id: string }>(csHead._id, { action: 'survey.create', communityId: 'community-a', title: '11月满意度调查', opensOn: '2026-11-10', closesOn: '2026-11-20', anonymous: true });
  if (!survey.ok) throw new Error(JSON.stringify(survey));
  expect(await c.call(voter._id, { action: 'survey.answer', surveyId: survey.data.id, answers: [{ topic: 'repair', score: 3 }] })).toMatchObject({ ok: true });

  await c.post('/local/clock', { set: '2026-12-01T00:00:30+08:00' });
  expect(await runScheduler()).toMatchObject({ summariesScheduled: 1 });
  const drafted = await c.db.collection('communication_summaries').doc('community-a_202611').get();
  expect(drafted.data).toEqual([expect.objectContaining({ status: 'draft' })]);
  const inbox = await c.get<Array<{ data: Record<string, { value: string }> }>>(`/local/openapi/messages?touser=${csHead._id}`);
  expect(inbox.map((m) => m.data.thing2?.value)).toContain('2026-11 业户沟通总结待编写');
  // December's waits for December's end.
  expect((await c.db.collection('communication_summaries').doc('community-a_202612').get()).data).toEqual([expect.objectContaining({ status: 'scheduled' })]);
});

it('carries the figures of the statistics — every block, as stats.monthly gives them — the visits and the surveys', async () => {
  const [summary, stats, visits] = await Promise.all([
    c.call<{ status: string; canEdit: boolean; figures: { statistics: Record<string, unknown> & { submitted: number }; visits: { done: number; target: number }; surveys: Array<{ title: string; responses: number; responseRate: number }> } }>(csHead._id, { action: 'summary.get', ...month }),
    c.call<Record<string, unknown>>(csHead._id, { action: 'stats.monthly', ...month }),
    c.call<{ done: number; target: number }>(csHead._id, { action: 'visit.month', ...month }),
  ]);
  if (!summary.ok || !stats.ok || !visits.ok) throw new Error(JSON.stringify([summary, stats, visits]));
  expect(summary.data).toMatchObject({ status: 'draft', canEdit: true });
  // The scheduler's heartbeat, the 12-month trend and the targets are the dashboard's; every figure of the month is the summary's.
  const { schedulerLastRunAt: _heartbeat, schedulerAlarms: _alarms, trend: _trend, targets: _targets, ...figures } = stats.data;
  expect(summary.data.figures.statistics).toEqual(figures);
  expect(summary.data.figures.statistics).toMatchObject({ submitted: 2, complete: true, communication: { noticesPublished: 0, complaintsDeflected: 0, suggestionsReceived: 0 } });
  expect(summary.data.figures.visits).toMatchObject({ done: visits.data.done, target: visits.data.target });
  expect(summary.data.figures.visits).toMatchObject({ done: 2, target: 12 });
  expect(summary.data.figures.surveys).toEqual([expect.objectContaining({ title: '11月满意度调查', responses: 1, responseRate: Number((1 / 300).toFixed(4)) })]);
});

it('is written by the 客户服务主管 only, and reviewed by a 管理处主任 — never its author', async () => {
  await c.post('/local/counters/reset', {});
  expect(await c.call(people.head._id, { action: 'summary.save', ...month, text })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '业户沟通总结由客户服务主管（客服部主管）编写' });
  expect(await c.call(people.reception._id, { action: 'summary.save', ...month, text })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(director._id, { action: 'summary.review', ...month, decision: 'approve' })).toMatchObject({ ok: false, message: '总结还没有提交，或已经审阅过了' });
  expect(await writes()).toBe(0);

  expect(await c.call(csHead._id, { action: 'summary.save', ...month, text: { ...text, plans: '' } })).toMatchObject({ ok: true, data: { status: 'draft', text: { plans: '' } } });
  expect(await c.call(csHead._id, { action: 'summary.save', ...month, text, submit: true })).toMatchObject({ ok: true, data: { status: 'submitted', canEdit: false, authorName: '客服部刘主管' } });
  // The author is no reviewer; a return needs its reason.
  expect(await c.call(csHead._id, { action: 'summary.review', ...month, decision: 'approve' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  await c.post('/local/counters/reset', {});
  expect(await c.call(director._id, { action: 'summary.review', ...month, decision: 'return' })).toMatchObject({ ok: false, message: '退回总结时请写明原因' });
  expect(await writes()).toBe(0);
  expect(await c.call(director._id, { action: 'summary.review', ...month, decision: 'return', comment: '请补充走访中反映的特殊困难' })).toMatchObject({ ok: true, data: { status: 'returned', canEdit: false } });
  expect(await c.call(csHead._id, { action: 'summary.save', ...month, text: { ...text, overview: `${text.overview}独居老人 1 户需定期探访。` }, submit: true })).toMatchObject({ ok: true, data: { status: 'submitted' } });
  const approved = await c.call<{ status: string; history: Array<{ action: string; byName: string; comment: string }> }>(gm._id, { action: 'summary.review', ...month, decision: 'approve', comment: '同意' });
  expect(approved).toMatchObject({ ok: true, data: { status: 'approved' } });
  if (!approved.ok) return;
  expect(approved.data.history.map((h) => `${h.action} ${h.byName}`)).toEqual(['drafted 系统', 'edited 客服部刘主管', 'submitted 客服部刘主管', 'returned 值班经理周', 'submitted 客服部刘主管', 'approved 总经理']);
  // Approved: nobody changes it any more.
  await c.post('/local/counters/reset', {});
  expect(await c.call(csHead._id, { action: 'summary.save', ...month, text })).toMatchObject({ ok: false, message: '总结已提交审阅，退回后才能修改' });
  expect(await writes()).toBe(0);
});

it('is exported with the monthly workbook', async () => {
  const r = await exportReport(c, gm._id, month);
  if (!r.ok) throw new Error(JSON.stringify(r));
  const files = unzipSync(new Uint8Array(await (await fetch(r.data.url)).arrayBuffer()));
  const all = Object.values(files).map((f) => strFromU8(f)).join('\n');
  expect(all).toContain('业户沟通总结');
  expect(all).toContain('1 栋反复漏水，已安排工程部排查。');
  expect(all).toContain('已审阅通过');
  expect(all).toContain('2 / 12');
});
