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
const submit = async (openid: string, description = `车库灯不亮 ${n}`) => {
  const r = await c.call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `inbox-${n++}-${Date.now()}`, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description });
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

it('待受理 lists the most pressing response deadline first — what intake judged urgent before the newest — a page at a time', async () => {
  const ids = [await submit(people.owner._id), await submit(people.otherOwner._id), await submit(people.owner._id, '地下车库水管爆裂，水漫到车位')];
  const first = await view(people.reception._id, 'to_triage', undefined, 2);
  expect(first.items.map((i) => i.id)).toEqual([ids[2], ids[0]]);
  const second = await view(people.reception._id, 'to_triage', first.next!, 2);
  expect(second.items.map((i) => i.id)).toEqual([ids[1]]);
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

describe('a page boundary inside a run of equal keys skips and repeats nothing', () => {
  // 25 complaints sharing one key (the submission time, or the running deadline), pages of 20: all
  // 25 seen once. Each is a copy of a complaint the real api stored, placed in the view's state.
  const now = Date.parse('2026-11-19T12:00:00+08:00');
  const tie = new Date(now + 86_400_000);
  const cases: Array<[string, string, (i: number) => Record<string, unknown>]> = [
    ['to_triage', people.reception._id, () => ({ status: 'submitted', submittedAt: tie })],
    ['mine', people.handler1._id, () => ({ status: 'in_progress', handlerId: people.handler1._id, submittedAt: tie })],
    ['department', people.head._id, () => ({ status: 'in_progress', department: 'engineering', submittedAt: tie })],
    ['due_soon', people.head._id, () => ({ status: 'assigned', dueAt: new Date(now + 3_600_000) })],
    ['overdue', people.head._id, () => ({ status: 'assigned', dueAt: new Date(now - 3_600_000) })],
    ['awaiting_approval', people.head._id, () => ({ status: 'awaiting_approval', submittedAt: tie })],
    ['awaiting_reply', people.head._id, () => ({ status: 'resolved', awaitingReply: true, submittedAt: tie })],
    ['awaiting_callback', people.head._id, () => ({ status: 'resolved', callbackRequested: true, submittedAt: tie })],
  ];
  let template: Record<string, unknown>;
  beforeAll(async () => {
    await c.post('/local/clock', { set: new Date(now).toISOString() });
    const id = await submit(people.owner._id);
    template = (await c.db.collection('complaints').doc(id).get()).data[0] as Record<string, unknown>;
    await c.post('/local/clock', { set: new Date(now).toISOString() });
  });

  it.each(cases)('%s', async (v, who, state) => {
    const ids = Array.from({ length: 25 }, (_x, i) => `tie-${v}-${String(i).padStart(2, '0')}`);
    await c.db.collection('complaints').add(ids.map((_id, i) => ({ ...template, _id, number: `${v}-${i}`, ...state(i) })));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await view(who, v, cursor, 20);
      seen.push(...r.items.map((i) => i.id));
      if (!r.next) break;
      cursor = r.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual(ids);
  });

  it('a malformed cursor is refused with a Chinese message, not a crash', async () => {
    for (const cursor of ['2026-11-19T12:00:00Z', 'k12.bad id', 'x'.repeat(200), '']) {
      const r = await c.call(people.head._id, { action: 'inbox.list', view: 'to_triage', cursor });
      expect(r).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    }
  });
});
