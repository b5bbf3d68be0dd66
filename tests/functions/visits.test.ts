// 业户走访 through the real api function (seed 002 §6): the month's target, a room counted once a
// month (also when two staff record it at once), a complaint callback is no visit, the households to
// visit next, an opinion turned into a complaint, and refusals that write nothing.
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const gm = { _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: ['community-a', 'community-b'], department: 'management', active: true };
const csHead = { _id: 'openid-cs-head', kind: 'staff', name: '客服部刘主管', phone: '13700000021', role: 'department_head', communityIds: ['community-a'], department: 'customer_service', active: true };
const ROOMS = ['r-101', 'r-102', 'r-103', 'r-104', 'r-105'];

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([gm, csHead, { ...admin }]);
  await c.db.collection('communities').add([
    { _id: 'community-a', name: '阳光花园', households: 300 },
    { _id: 'community-b', name: '翠湖苑', households: 40 },
  ]);
  await c.db.collection('rooms').add([
    ...ROOMS.map((id, i) => ({ _id: id, communityId: 'community-a', building: '1', unit: '1', room: `10${i + 1}`, residentPhones: [] })),
    { _id: 'room-1-2-301', communityId: 'community-a', building: '1', unit: '2', room: '301', residentPhones: [people.owner.phone] },
    { _id: 'r-b-1', communityId: 'community-b', building: 'b-1', room: '101', residentPhones: [] },
  ]);
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

type Month = { target: number; done: number; met: boolean; byStaff: Array<{ staffId: string; name: string; visits: number }>; next: Array<{ roomId: string; room: string; lastVisitedOn: string | null }> };
const month = async (who = csHead._id) => {
  const r = await c.call<Month>(who, { action: 'visit.month', communityId: 'community-a', year: 2026, month: 11 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
};
const record = (who: string, roomId: string, extra: object = {}) =>
  c.call<{ id: string; counted: boolean; done: number; target: number }>(who, {
    action: 'visit.record',
    communityId: 'community-a',
    roomId,
    visitedOn: '2026-11-18',
    way: 'home',
    opinions: [{ topic: 'repair', text: '楼道灯坏了很久' }],
    ...extra,
  });
const writes = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;

it('a community of 300 occupied households needs 12 visits a month (4 %, seed 002 §6)', async () => {
  expect(await month()).toMatchObject({ target: 12, done: 0, met: false, byStaff: [] });
});

it('counts a room once a month, also when two staff record it at the same moment', async () => {
  const first = await record(people.reception._id, 'r-101');
  expect(first).toMatchObject({ ok: true, data: { counted: true, done: 1, target: 12 } });
  // The same room again this month: kept on record, not counted.
  const again = await record(csHead._id, 'r-101', { way: 'phone', opinions: [{ topic: 'cleaning', text: '垃圾清运及时' }] });
  expect(again).toMatchObject({ ok: true, data: { counted: false, done: 1 } });
  // Two at once on a room nobody visited yet: exactly one counts.
  const both = await Promise.all([record(people.reception._id, 'r-102'), record(csHead._id, 'r-102')]);
  expect(both.map((r) => (r.ok ? r.data.counted : null)).sort()).toEqual([false, true]);
  const m = await month();
  expect(m.done).toBe(2);
  expect(m.byStaff.reduce((n, s) => n + s.visits, 0)).toBe(2);
  // The list keeps every visit, latest first, and says which ones count.
  const list = await c.call<{ items: Array<{ room: string; counted: boolean }> }>(csHead._id, { action: 'visit.list', communityId: 'community-a', year: 2026, month: 11 });
  if (!list.ok) throw new Error(JSON.stringify(list));
  expect(list.data.items).toHaveLength(4);
  expect(list.data.items.filter((v) => v.counted)).toHaveLength(2);
  expect(list.data.items[0]!.room).toBe('1栋1单元102');
  // Next month the room counts again.
  await c.post('/local/clock', { set: '2026-12-02T10:00:00+08:00' });
  expect(await record(people.reception._id, 'r-101', { visitedOn: '2026-12-02' })).toMatchObject({ ok: true, data: { counted: true, done: 1 } });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});

it('a complaint callback is not a visit', async () => {
  const before = (await month()).done;
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'visits-callback-1', communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: '厨房水龙头漏水' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const id = filed.data.id;
  const act = async (who: string, command: object) => {
    const r = await c.call(who, { action: 'complaint.command', id, command });
    if (!r.ok) throw new Error(JSON.stringify(r));
  };
  await act(people.reception._id, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  await act(people.handler1._id, { type: 'accept' });
  await act(people.handler1._id, { type: 'investigate', findings: '阀芯老化', photos: [], responsibleParty: 'owner' });
  await act(people.handler1._id, { type: 'plan', description: '换阀芯', expectedCompletionAt: '2026-11-19T10:00:00+08:00', estimatedCost: 0 });
  await act(people.handler1._id, { type: 'resolve', result: '已更换', photos: [] });
  // Not rated in time: the callback falls due and 客服 calls the owner back.
  await c.tick(4 * 24 * 3600_000);
  await act(people.reception._id, { type: 'record_callback', outcome: 'satisfied', note: '业主满意', score: 5 });
  const after = await month();
  expect(after.done).toBe(before);
  // …and the room the callback went to is still among those not visited.
  expect(after.next.map((n) => n.roomId)).toContain('room-1-2-301');
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});

it('names the households not visited for the longest time as the next to visit: never visited first', async () => {
  await c.post('/local/clock', { set: '2026-11-20T10:00:00+08:00' });
  await record(people.reception._id, 'r-103', { visitedOn: '2026-11-19' });
  await record(people.reception._id, 'r-104', { visitedOn: '2026-11-20' });
  const m = await month();
  // Never visited: r-105 and room-1-2-301 (by id); then the oldest latest visit first: r-102 on the
  // 18th, r-103 on the 19th, r-104 on the 20th, r-101 last (visited again on 2 December, above).
  expect(m.next.map((n) => n.roomId)).toEqual(['r-105', 'room-1-2-301', 'r-102', 'r-103', 'r-104', 'r-101']);
  expect(m.next[0]).toEqual({ roomId: 'r-105', room: '1栋1单元105', lastVisitedOn: null });
  expect(m.next[2]).toMatchObject({ lastVisitedOn: '2026-11-18' });
});

it('turns an opinion into a complaint, linked both ways', async () => {
  const visit = await record(people.reception._id, 'r-105', { way: 'face', opinions: [{ topic: 'greening', text: '草坪很久没修剪' }, { topic: 'difficulties', text: '独居老人，行动不便' }] });
  if (!visit.ok) throw new Error(JSON.stringify(visit));
  const complaint = await c.call<{ id: string; number: string }>(people.reception._id, {
    action: 'complaint.record',
    requestId: 'visit-opinion-greening-1',
    channel: 'walk_in',
    complainant: { name: '陈阿姨', phone: '13611112222' },
    communityId: 'community-a',
    location: { kind: 'public_area', description: '1栋前草坪' },
    description: '业户走访时反映：草坪很久没修剪',
  });
  if (!complaint.ok) throw new Error(JSON.stringify(complaint));
  expect(await c.call(people.reception._id, { action: 'visit.link', visitId: visit.data.id, topic: 'greening', complaintId: complaint.data.id })).toMatchObject({ ok: true, data: { linked: true } });
  const list = await c.call<{ items: Array<{ id: string; opinions: Array<{ topic: string; complaintId: string | null; complaintNumber: string | null }> }> }>(csHead._id, { action: 'visit.list', communityId: 'community-a', year: 2026, month: 11 });
  if (!list.ok) throw new Error(JSON.stringify(list));
  const linked = list.data.items.find((v) => v.id === visit.data.id)!;
  expect(linked.opinions).toEqual([
    { topic: 'greening', text: '草坪很久没修剪', complaintId: complaint.data.id, complaintNumber: complaint.data.number, suggestionId: null, suggestionNumber: null },
    { topic: 'difficulties', text: '独居老人，行动不便', complaintId: null, complaintNumber: null, suggestionId: null, suggestionNumber: null },
  ]);
  // The complaint's side: the visit and opinion it came from, by the complaint's id.
  const { data } = await c.db.collection('visit_links').doc(complaint.data.id).get();
  expect(data).toEqual([expect.objectContaining({ visitId: visit.data.id, topic: 'greening', roomId: 'r-105' })]);
  // A second complaint for the same opinion is refused.
  await c.post('/local/counters/reset', {});
  expect(await c.call(people.reception._id, { action: 'visit.link', visitId: visit.data.id, topic: 'greening', complaintId: 'a'.repeat(32) })).toMatchObject({ ok: false });
  expect(await writes()).toBe(0);
});

it('shows the visits on the company dashboard', async () => {
  const r = await c.call<{ items: Array<{ communityId: string; visitTarget: number; visitsDone: number | null }> }>(gm._id, { action: 'stats.company', year: 2026, month: 11 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const done = (await month()).done;
  expect(r.data.items.find((i) => i.communityId === 'community-a')).toMatchObject({ visitTarget: 12, visitsDone: done });
  expect(done).toBe(5);
  expect(r.data.items.find((i) => i.communityId === 'community-b')).toMatchObject({ visitTarget: 2, visitsDone: 0 });
});

type SuggestionItem = { id: string; number: string; topic: string; text: string; status: string; author: { name: string; room: string } | null; reply: { text: string } | null; fromVisit: { visitId: string; visitedOn: string; staffName: string } | null };

it('turns an opinion into a suggestion of the room’s registered owner in one call, linked both ways', async () => {
  const visit = await record(people.reception._id, 'room-1-2-301', { opinions: [{ topic: 'greening', text: '希望小区多种些花' }, { topic: 'cleaning', text: '垃圾桶旁边有异味' }] });
  if (!visit.ok) throw new Error(JSON.stringify(visit));
  // Twice at once (a double tap, a retry): one suggestion.
  const both = await Promise.all([0, 1].map(() => c.call<{ suggestionId: string; number: string }>(people.reception._id, { action: 'visit.suggest', visitId: visit.data.id, topic: 'greening' })));
  const [one, two] = both as [(typeof both)[0], (typeof both)[0]];
  if (!one.ok || !two.ok) throw new Error(JSON.stringify(both));
  expect(two.data).toEqual(one.data);
  const { suggestionId, number } = one.data;
  expect(number).toMatch(/^JY\d{8}-\d{4}$/);

  // The visit's side: the opinion names the suggestion.
  const list = await c.call<{ items: Array<{ id: string; opinions: Array<{ topic: string; suggestionId: string | null; suggestionNumber: string | null; complaintId: string | null }> }> }>(csHead._id, { action: 'visit.list', communityId: 'community-a', year: 2026, month: 11 });
  if (!list.ok) throw new Error(JSON.stringify(list));
  expect(list.data.items.find((v) => v.id === visit.data.id)!.opinions).toEqual([
    expect.objectContaining({ topic: 'greening', suggestionId, suggestionNumber: number, complaintId: null }),
    expect.objectContaining({ topic: 'cleaning', suggestionId: null, suggestionNumber: null }),
  ]);
  // The suggestion's side: the owner's, in the opinion's words, and it says it came from the visit.
  const fromVisit = { visitId: visit.data.id, visitedOn: '2026-11-18', staffName: people.reception.name };
  const staffList = await c.call<{ items: SuggestionItem[] }>(csHead._id, { action: 'suggestion.list', communityId: 'community-a' });
  expect(staffList.ok && staffList.data.items.find((s) => s.id === suggestionId)).toMatchObject({ number, topic: 'greening', text: '希望小区多种些花', status: 'open', author: { name: '张先生', room: '1栋2单元301' }, fromVisit });
  const mine = await c.call<{ items: SuggestionItem[] }>(people.owner._id, { action: 'suggestion.mine' });
  expect(mine.ok && mine.data.items.find((s) => s.id === suggestionId)).toMatchObject({ number, text: '希望小区多种些花', fromVisit });
  // Answered as any other: the owner reads the reply in 我的意见建议.
  expect(await c.call(csHead._id, { action: 'suggestion.reply', id: suggestionId, text: '已安排绿化部下月补种月季' })).toMatchObject({ ok: true });
  const answered = await c.call<{ items: SuggestionItem[] }>(people.owner._id, { action: 'suggestion.mine' });
  expect(answered.ok && answered.data.items.find((s) => s.id === suggestionId)).toMatchObject({ status: 'answered', reply: { text: '已安排绿化部下月补种月季' } });

  // The opinion is now a suggestion: it does not also become a complaint.
  const complaint = await c.call<{ id: string }>(people.reception._id, { action: 'complaint.record', requestId: 'visit-suggested-greening', channel: 'walk_in', complainant: { name: '张先生', phone: '13800138000' }, communityId: 'community-a', location: { kind: 'public_area', description: '中心花园' }, description: '希望小区多种些花' });
  if (!complaint.ok) throw new Error(JSON.stringify(complaint));
  await c.post('/local/counters/reset', {});
  const linked = await c.call(people.reception._id, { action: 'visit.link', visitId: visit.data.id, topic: 'greening', complaintId: complaint.data.id });
  expect(linked).toMatchObject({ ok: false, message: expect.stringContaining('已经转为意见建议') });
  expect(await writes()).toBe(0);
});

it.each([
  ['staff of another community', () => people.strangerStaff._id, 'greening', 'room-1-2-301', null],
  ['a handler (not a visitor)', () => people.handler1._id, 'greening', 'room-1-2-301', null],
  ['the owner', () => people.owner._id, 'greening', 'room-1-2-301', null],
  ['a topic the owner said nothing on', () => people.reception._id, 'security', 'room-1-2-301', '这次走访没有这个方面的意见'],
  ['a room no owner has bound', () => people.reception._id, 'greening', 'r-103', '还没有业主绑定小程序'],
])('refuses to turn an opinion into a suggestion for %s, writing nothing', async (_name, who, topic, roomId, message) => {
  const visit = await record(people.reception._id, roomId, { opinions: [{ topic: 'greening', text: '希望多种些树' }] });
  if (!visit.ok) throw new Error(JSON.stringify(visit));
  await c.post('/local/counters/reset', {});
  const r = await c.call(who(), { action: 'visit.suggest', visitId: visit.data.id, topic });
  expect(r.ok).toBe(false);
  if (message && !r.ok) expect(r.message).toContain(message);
  expect(await writes()).toBe(0);
});

it.each([
  ['a day in the future', people.reception._id, { visitedOn: '2026-11-21' }, '走访日期不能晚于今天'],
  ['two months back', people.reception._id, { visitedOn: '2026-09-30' }, '只能登记本月或上月的走访'],
  ['a day that does not exist', people.reception._id, { visitedOn: '2026-02-30' }, '日期不正确'],
  ['two opinions on one topic', people.reception._id, { opinions: [{ topic: 'repair', text: 'a' }, { topic: 'repair', text: 'b' }] }, '每个方面只填一条意见'],
  ['a room of another community', people.reception._id, { roomId: 'r-b-1' }, '这个小区没有这套房屋'],
  ['staff of another community', people.strangerStaff._id, {}, null],
  ['a handler (not a visitor)', people.handler1._id, {}, null],
  ['an owner', people.owner._id, {}, null],
])('refuses %s, writing nothing', async (_name, who, extra, message) => {
  await c.post('/local/counters/reset', {});
  const r = await record(who, 'r-101', extra);
  expect(r.ok).toBe(false);
  if (message && !r.ok) expect(r.message).toContain(message);
  expect(await writes()).toBe(0);
});
