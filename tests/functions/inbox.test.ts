// Staff inboxes and the logged phone reveal, through the real api function.
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.post('/local/clock', { set: '2026-11-18T09:00:00+08:00' });
});
afterAll(() => c.stop());

let n = 0;
type Card = { id: string; status: string };
const submit = async (openid: string) => {
  const r = await c.call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `inbox-${n++}-${Date.now()}`, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description: `车库灯不亮 ${n}` });
  if (!r.ok) throw new Error(JSON.stringify(r));
  await c.post('/local/clock', { advanceMs: 60_000 });
  return r.data.id;
};
const act = (openid: string, id: string, command: object) => c.call(openid, { action: 'complaint.command', id, command });
const view = async (openid: string, v: string, cursor?: string, limit = 20) => {
  const r = await c.call<{ items: Card[]; next: string | null }>(openid, { action: 'inbox.list', view: v, cursor, limit });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
};

it('待受理 lists new complaints newest first, a page at a time', async () => {
  const ids = [await submit(people.owner._id), await submit(people.otherOwner._id), await submit(people.owner._id)];
  const first = await view(people.reception._id, 'to_triage', undefined, 2);
  expect(first.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
  const second = await view(people.reception._id, 'to_triage', first.next!, 2);
  expect(second.items.map((i) => i.id)).toEqual([ids[0]]);
  expect(second.next).toBeNull();
});

it('待我处理, 待审批, 即将超时 and 已超时 follow the process and the clock', async () => {
  const id = await submit(people.owner._id);
  await act(people.reception._id, id, { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary', handlerId: people.handler2._id });
  expect((await view(people.handler2._id, 'mine')).items.map((i) => i.id)).toContain(id);
  expect((await view(people.handler1._id, 'mine')).items.map((i) => i.id)).not.toContain(id);
  // 重要: respond within 1 working day → due Thursday ~09:0x; 3 h before that it is due soon.
  await c.post('/local/clock', { set: '2026-11-19T06:30:00+08:00' });
  expect((await view(people.head._id, 'due_soon')).items.map((i) => i.id)).toContain(id);
  await c.post('/local/clock', { set: '2026-11-19T12:00:00+08:00' });
  expect((await view(people.head._id, 'overdue')).items.map((i) => i.id)).toContain(id);
  const counts = await c.call<Record<string, number>>(people.head._id, { action: 'inbox.counts' });
  expect(counts).toMatchObject({ ok: true, data: { overdue: expect.any(Number), to_triage: expect.any(Number) } });
  expect(counts.ok && counts.data.overdue).toBeGreaterThanOrEqual(1);
  await act(people.handler2._id, id, { type: 'accept' });
  await act(people.handler2._id, id, { type: 'investigate', findings: '线路老化', photos: [], responsibleParty: 'property' });
  await act(people.handler2._id, id, { type: 'plan', description: '更换线路', expectedCompletionAt: '2026-11-20T18:00:00+08:00', estimatedCost: 300 });
  expect((await view(people.head._id, 'awaiting_approval')).items.map((i) => i.id)).toContain(id);
});

it('owners have no inbox; staff of another community see none of these', async () => {
  expect(await c.call(people.owner._id, { action: 'inbox.list', view: 'to_triage' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect((await view(people.strangerStaff._id, 'to_triage')).items).toEqual([]);
  expect(await c.call(people.strangerStaff._id, { action: 'inbox.list', view: 'to_triage', communityId: 'community-a' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

it('only the assigned handler can reveal the phone number, and each reveal is logged', async () => {
  const id = await submit(people.owner._id);
  await act(people.reception._id, id, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  expect(await c.call(people.reception._id, { action: 'complaint.revealPhone', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(people.handler2._id, { action: 'complaint.revealPhone', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(people.handler1._id, { action: 'complaint.revealPhone', id })).toEqual({ ok: true, data: { phone: '13800138000' } });
  const log = await c.db.collection('access_log').where({ complaintId: id }).get();
  expect(log.data).toEqual([expect.objectContaining({ staffId: people.handler1._id, what: 'complainant.phone' })]);
});
