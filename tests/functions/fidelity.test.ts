// Handbook fidelity through the real functions (issue: who is told, every rating counted): a merge
// tells the surviving complaint's owner too and is never a step offered to staff; a withdrawal
// cancels intake alerts not yet sent; a score noted on a phone callback reaches the month's figures.
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ ...admin });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

let n = 0;
const submit = async (openid: string, description: string) => {
  const r = await c.call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `fidelity-${n++}-${Date.now()}`, communityId: 'community-a', location: { kind: 'public_area', description: '3号楼大堂' }, description });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
};
const act = (openid: string, id: string, command: object) => c.call<{ actions: string[] }>(openid, { action: 'complaint.command', id, command });
type Outbox = Array<{ summary: string; status: string; recipient: { kind: string; role?: string } }>;
const outboxOf = async (id: string) => ((await c.db.collection('complaints').doc(id).get()).data[0] as { outbox: Outbox }).outbox;

it('merging a duplicate tells the surviving complaint’s owner, and receive_merge is offered to nobody', async () => {
  const original = await submit(people.owner._id, '大堂的灯坏了');
  const duplicate = await submit(people.otherOwner._id, '大堂灯不亮');
  const merged = await act(people.reception._id, duplicate, { type: 'merge', targetId: original, explanation: '同一盏灯，已并入先报的那件' });
  expect(merged).toMatchObject({ ok: true });
  expect((await outboxOf(original)).filter((e) => e.recipient.kind === 'owner').map((e) => e.summary)).toContain('同类投诉已合并处理');
  const seen = await c.call<{ actions: string[]; complaint: { timeline: Array<{ type: string; by: { role: string } }> } }>(people.reception._id, { action: 'complaint.detail', id: original });
  expect(seen.ok && seen.data.complaint.timeline.at(-1)).toMatchObject({ type: 'merge_received', by: { role: 'system' } });
  for (const who of [people.reception._id, people.head._id]) {
    const d = await c.call<{ actions: string[] }>(who, { action: 'complaint.detail', id: original });
    expect(d.ok && d.data.actions).not.toContain('receive_merge');
  }
  expect(await act(people.reception._id, original, { type: 'receive_merge', sourceId: duplicate })).toMatchObject({ ok: false, code: 'VALIDATION' });
});

it('a complaint withdrawn before its intake alerts went out sends them to nobody', async () => {
  await c.post('/local/openapi/subscriptions', { openid: people.reception._id, results: { TPL_STAFF_TASK: 'accept' } });
  const id = await submit(people.owner._id, '楼道有异味');
  expect(await act(people.owner._id, id, { type: 'withdraw', reason: '已经散了' })).toMatchObject({ ok: true });
  expect((await outboxOf(id)).filter((e) => e.recipient.role === 'reception').map((e) => e.status)).toEqual(['cancelled']);
  const before = (await c.get<unknown[]>(`/local/openapi/messages?touser=${people.reception._id}`)).length;
  await c.post('/local/functions/scheduler/invoke', { data: {} });
  const messages = await c.get<Array<{ data: { character_string1: { value: string } } }>>(`/local/openapi/messages?touser=${people.reception._id}`);
  const number = ((await c.db.collection('complaints').doc(id).get()).data[0] as { number: string }).number;
  expect(messages.slice(before).filter((m) => m.data.character_string1.value === number)).toEqual([]);
});

it('a score noted on a phone callback counts in the month’s satisfaction, beside the owners’ ratings', async () => {
  const id = await submit(people.owner._id, '电梯按钮失灵');
  await act(people.reception._id, id, { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  await act(people.handler1._id, id, { type: 'accept' });
  await act(people.handler1._id, id, { type: 'investigate', findings: '按钮损坏', photos: [], responsibleParty: 'property' });
  await act(people.handler1._id, id, { type: 'plan', description: '更换按钮', expectedCompletionAt: '2026-11-19T18:00:00+08:00', estimatedCost: 100 });
  await act(people.handler1._id, id, { type: 'resolve', result: '已更换', photos: [] });
  await c.tick(3 * 86_400_000 + 60_000); // no rating for 3 days → a callback task for reception
  expect(await act(people.reception._id, id, { type: 'record_callback', outcome: 'satisfied', note: '业主表示满意', score: 4 })).toMatchObject({ ok: true });
  const st = await c.call<{ satisfaction: { rated: number; bySource: { owner: number; callback: number }; meanRating: number } }>(admin._id, { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 11 });
  expect(st).toMatchObject({ ok: true, data: { satisfaction: { rated: 1, bySource: { owner: 0, callback: 1 }, meanRating: 4 } } });
});

describe('intake numbers and the reply (seed 000 §(一)(六))', () => {
  const file = (requestId: string) => c.call<{ id: string; number: string; contact: string; contactPhone: string | null }>(people.otherOwner._id, { action: 'complaint.submit', requestId, communityId: 'community-a', location: { kind: 'public_area', description: '花园' }, description: '草坪积水' });

  it('a retried submit writes nothing and spends no number, so the day’s numbers have no gaps', async () => {
    await c.post('/local/clock', { set: '2026-11-25T10:00:00+08:00' });
    const first = await file('numbers-0001');
    await c.post('/local/counters/reset', {});
    const retried = await file('numbers-0001');
    expect((await c.get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
    expect(retried).toEqual(first);
    const next = await file('numbers-0002');
    const seq = (r: typeof first) => (r.ok ? Number(r.data.number.slice(-4)) : NaN);
    expect(seq(next)).toBe(seq(first) + 1);
  });

  it('the reply names the service desk with its number once the company set one, for a tap to call', async () => {
    expect(await file('desk-0001')).toMatchObject({ ok: true, data: { contact: '客服中心', contactPhone: null } });
    const got = await c.call<{ policy: object }>(admin._id, { action: 'admin.policy.get' });
    const policy = { ...(got.ok ? got.data.policy : {}), serviceDesk: { name: '阳光花园客服中心', phone: '0571-88886666' } };
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy })).toMatchObject({ ok: true });
    expect(await file('desk-0002')).toMatchObject({ ok: true, data: { contact: '阳光花园客服中心 0571-88886666', contactPhone: '0571-88886666' } });
  });
});

describe('replies by the complainant’s own channel (seed 003 (8); 000 §(五))', () => {
  const CALLER = '13511112222';
  let id = '';

  it('a complaint taken on the phone and resolved waits in 待答复 for 客服, who are told; no callback clock yet', async () => {
    await c.post('/local/clock', { set: '2026-11-26T10:00:00+08:00' });
    const r = await c.call<{ id: string }>(people.reception._id, { action: 'complaint.record', requestId: 'reply-call-0001', channel: 'phone', complainant: { name: '王大爷', phone: CALLER }, communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: '楼上漏水' });
    id = r.ok ? r.data.id : '';
    await act(people.reception._id, id, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
    await act(people.handler1._id, id, { type: 'accept' });
    await act(people.handler1._id, id, { type: 'investigate', findings: '楼上水管渗漏', photos: [], responsibleParty: 'property' });
    await act(people.handler1._id, id, { type: 'plan', description: '更换水管', expectedCompletionAt: '2026-11-27T18:00:00+08:00', estimatedCost: 100 });
    await act(people.handler1._id, id, { type: 'resolve', result: '已更换水管', photos: [] });
    expect((await outboxOf(id)).filter((e) => e.recipient.role === 'reception').map((e) => e.summary)).toContain('请按原渠道答复投诉人');
    const waiting = await c.call<{ items: Array<{ id: string; dueAt: string }> }>(people.reception._id, { action: 'inbox.list', view: 'awaiting_reply' });
    // Resolved Thursday ~10:00: the reply is due one working day later (policy.satisfaction.replyWithin).
    expect(waiting.ok && waiting.data.items.find((i) => i.id === id)?.dueAt.slice(0, 16)).toBe(new Date('2026-11-27T10:00:00+08:00').toISOString().slice(0, 16));
    const d = await c.call<{ actions: string[]; complaint: { reply: { way: string; recordedAt: null }; callbackDueAt: null } }>(people.reception._id, { action: 'complaint.detail', id });
    expect(d).toMatchObject({ ok: true, data: { complaint: { reply: { way: 'phone', recordedAt: null }, callbackDueAt: null } } });
    expect(d.ok && d.data.actions).toContain('record_reply');
  });

  it('when due, 客服 are reminded; once they record the reply the callback clock starts and it leaves 待答复', async () => {
    await c.tick(2 * 86_400_000);
    const timeline = await c.call<{ complaint: { timeline: Array<{ type: string; deadline?: string }> } }>(people.reception._id, { action: 'complaint.detail', id });
    expect(timeline.ok && timeline.data.complaint.timeline.some((e) => e.type === 'reminded' && e.deadline === 'reply')).toBe(true);
    const replied = await c.call<{ complaint: { callbackDueAt: string | null; reply: { recordedAt: string | null } } }>(people.reception._id, { action: 'complaint.command', id, command: { type: 'record_reply', way: 'phone', outcome: 'satisfied', note: '已电话告知，王大爷满意', score: 5 } });
    expect(replied.ok && replied.data.complaint.callbackDueAt).not.toBeNull();
    expect(replied.ok && replied.data.complaint.reply.recordedAt).not.toBeNull();
    const waiting = await c.call<{ items: Array<{ id: string }> }>(people.reception._id, { action: 'inbox.list', view: 'awaiting_reply' });
    expect(waiting.ok && waiting.data.items.map((i) => i.id)).not.toContain(id);
  });

  it('the caller later binds the room with the same registered phone and finds the complaint in 我的投诉', async () => {
    await c.db.collection('rooms').add({ _id: 'room-1-2-301-reply', communityId: 'community-a', building: '1', unit: '2', room: '301', residentPhones: [CALLER] });
    expect(await c.call('openid-wang', { action: 'owner.bind', communityId: 'community-a', roomId: 'room-1-2-301-reply', name: '王大爷', phone: CALLER })).toMatchObject({ ok: true });
    const mine = await c.call<{ items: Array<{ id: string }> }>('openid-wang', { action: 'complaint.mine' });
    expect(mine.ok && mine.data.items.map((i) => i.id)).toEqual([id]);
    expect(await c.call('openid-wang', { action: 'complaint.detail', id })).toMatchObject({ ok: true, data: { complaint: { complainant: { phone: CALLER } } } });
  });
});

it('a month paged on (submission time, id): complaints sharing an instant at a page boundary are each counted once, and the figures say they are complete', async () => {
  // An administrator of a community of its own, so the month holds only these complaints.
  const tieAdmin = { ...admin, _id: 'openid-tie-admin', communityIds: ['community-tie'] };
  await c.db.collection('members').add(tieAdmin);
  const instant = new Date('2026-10-15T10:00:00+08:00');
  const doc = (i: number, at: Date) => ({
    _id: `tie-${String(i).padStart(5, '0')}`, number: `TS20261015-T${i}`, communityId: 'community-tie', status: 'submitted', channel: 'phone', location: { kind: 'public_area', description: '大门' },
    category: null, urgency: null, department: null, handlerId: null, submittedAt: at, respondBy: new Date(at.getTime() + 86_400_000), acceptedAt: null, resolveBy: null, resolvedAt: null,
    closedAt: null, closure: null, ratings: [], reopenCount: 0, pause: null, firstResolvedAt: null, version: 1, outbox: [], nextTimerAt: null, outboxDueAt: null,
  });
  // 1,012 complaints: the first page of 1,000 ends inside a run of 20 filed at the same instant.
  const docs = [...Array.from({ length: 990 }, (_x, i) => doc(i, new Date(instant.getTime() - (990 - i) * 1000))), ...Array.from({ length: 20 }, (_x, i) => doc(990 + i, instant)), doc(1010, new Date(instant.getTime() + 1000)), doc(1011, new Date(instant.getTime() + 2000))];
  for (let i = 0; i < docs.length; i += 200) await c.db.collection('complaints').add(docs.slice(i, i + 200));
  // Written behind the api's back: the month's summary is short, and says so until it is rebuilt —
  // the rebuild pages the month on (submittedAt, _id).
  const ask = () => c.call<{ submitted: number; complaintsRead: number; complete: boolean }>(tieAdmin._id, { action: 'stats.monthly', communityId: 'community-tie', year: 2026, month: 10 });
  expect(await ask()).toMatchObject({ ok: true, data: { complete: false, missing: 1012 } });
  expect(await c.call(tieAdmin._id, { action: 'stats.rebuild', communityId: 'community-tie', year: 2026, month: 10 })).toMatchObject({ ok: true, data: { complaints: 1012 } });
  expect(await ask()).toMatchObject({ ok: true, data: { submitted: 1012, complaintsRead: 1012, complete: true } });
}, 60_000);
