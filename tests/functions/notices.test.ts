// 信息公告 / 通知单 through the real functions (seed 002 沟通方式, 要求 (1)(2)): published to a building,
// shown to that building's owners on 首页 and in the intake's question — not to another building's —
// gone once ended, and sent once per owner who accepted the notice template however the scheduler's
// runs overlap. The intake's reads stay flat however many notices have ended. An owner (or reception
// for a caller's room) answering 「是这个问题」 is counted once per household and notice, for rooms the
// caller holds now, while the notice is in force — per notice and in the month's 业户沟通.
import { ownerMember, people, seedPeople, exportReport, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const b3 = ownerMember('openid-b3-owner', '王先生', '13811113333', 'room-3-1-101');
const b3b = ownerMember('openid-b3-owner-2', '陈女士', '13811113334', 'room-3-2-202');
const b5 = ownerMember('openid-b5-owner', '刘先生', '13811115555', 'room-5-1-101');
/** Holds a building-3 room until they move out of it (owner.unbind) mid-test, and keeps one in building 5. */
const leaving = {
  ...ownerMember('openid-b3-leaving', '赵女士', '13811113335', 'room-3-1-102'),
  rooms: ['room-3-1-102', 'room-5-2-202'].map((roomId) => ({ roomId, communityId: 'community-a', relation: 'owner', phone: '13811113335', invitedBy: null, since: new Date('2026-01-01T00:00:00Z') })),
  roomIds: ['room-3-1-102', 'room-5-2-202'],
};
const NOTICE_TEMPLATE = 'TPL_COMMUNITY_NOTICE';
/** Building 5 here, and building 3 of another community: community-a's building 3 is not theirs. */
const twoPlaces = {
  ...ownerMember('openid-two-places', '周先生', '13811116666', 'room-5-1-101'),
  communityIds: ['community-a', 'community-b'],
  rooms: [
    { roomId: 'room-5-1-101', communityId: 'community-a', relation: 'owner', phone: '13811116666', invitedBy: null, since: new Date('2026-01-01T00:00:00Z') },
    { roomId: 'room-b-3-1-301', communityId: 'community-b', relation: 'owner', phone: '13811116666', invitedBy: null, since: new Date('2026-01-01T00:00:00Z') },
  ],
  roomIds: ['room-5-1-101', 'room-b-3-1-301'],
};

type Card = { id: string; title: string; area: string; state: string; unread: boolean };
type Message = { touser: string; templateId: string; data: Record<string, { value: string }> };

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([b3, b3b, b5, twoPlaces, leaving].map((m) => ({ ...m })));
  await c.db.collection('rooms').add([
    { _id: 'room-3-1-101', communityId: 'community-a', building: '3', unit: '1', room: '101', residentPhones: [b3.phone] },
    { _id: 'room-3-2-202', communityId: 'community-a', building: '3', unit: '2', room: '202', residentPhones: [b3b.phone] },
    { _id: 'room-3-1-102', communityId: 'community-a', building: '3', unit: '1', room: '102', residentPhones: [leaving.phone] },
    { _id: 'room-5-1-101', communityId: 'community-a', building: '5', unit: '1', room: '101', residentPhones: [b5.phone] },
    { _id: 'room-b-3-1-301', communityId: 'community-b', building: '3', unit: '1', room: '301', residentPhones: [twoPlaces.phone] },
  ]);
  await c.db.collection('buildings').add([
    { _id: 'community-a:3', communityId: 'community-a', name: '3' },
    { _id: 'community-a:5', communityId: 'community-a', name: '5' },
  ]);
  // A Wednesday, 08:00: the water goes off at 09:00.
  await c.post('/local/clock', { set: '2026-11-18T08:00:00+08:00' });
});
afterAll(() => c.stop());

let n = 0;
const publish = (who: string, extra: object = {}) =>
  c.call<{ id: string }>(who, {
    action: 'notice.publish',
    requestId: `notice-${++n}-test`,
    communityId: 'community-a',
    kind: 'water_outage',
    title: '3号楼停水（二次供水水箱清洗）',
    text: '今日 9:00–18:00 清洗二次供水水箱，3 号楼停水，请提前储水。',
    buildings: ['3'],
    validFrom: '2026-11-18T09:00:00+08:00',
    validTo: '2026-11-18T18:00:00+08:00',
    ...extra,
  });
const intake = (who: string, building: string, category = 'repair') => c.call<{ items: Card[] }>(who, { action: 'notice.intake', communityId: 'community-a', building, category });
const list = (who: string, extra: object = {}) => c.call<{ items: Card[]; unread: number }>(who, { action: 'notice.list', ...extra });
const runScheduler = () => c.post<{ result: { sent: number; noCredit: number; failed: number } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);
const inbox = (openid: string) => c.get<Message[]>(`/local/openapi/messages?touser=${openid}`);
/** The owner accepts the notice template in the mini-program: WeChat's credit and our ledger. */
async function accept(openid: string) {
  await c.post('/local/openapi/subscriptions', { openid, results: { [NOTICE_TEMPLATE]: 'accept' } });
  expect(await c.call(openid, { action: 'subscription.record', results: { [NOTICE_TEMPLATE]: 'accept' } })).toMatchObject({ ok: true });
}

let noticeId = '';

it('reception publishes a notice to building 3; a handler may not publish, and a bad period is refused', async () => {
  expect(await publish(people.handler1._id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await publish(people.reception._id, { validTo: '2026-11-18T08:30:00+08:00' })).toMatchObject({ ok: false, code: 'VALIDATION', message: '公告的结束时间必须晚于开始时间' });
  expect(await publish(people.reception._id, { buildings: ['9'] })).toMatchObject({ ok: false, code: 'VALIDATION', message: '小区里没有这些楼栋：9' });
  expect(await publish(people.strangerStaff._id, { communityId: 'community-a' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect((await c.db.collection('notices').where({ communityId: 'community-a' }).count()).total).toBe(0);
  for (const o of [b3, b3b, b5]) await accept(o._id);
  const r = await publish(people.reception._id);
  expect(r).toMatchObject({ ok: true });
  noticeId = r.ok ? r.data.id : '';
  // A retried publish is the same notice.
  expect(await publish(people.reception._id, { requestId: `notice-${n}-test` })).toMatchObject({ ok: true, data: { id: noticeId } });
  expect((await c.db.collection('notices').where({ communityId: 'community-a' }).count()).total).toBe(1);
});

it('the building-3 owner sees it on 首页 with the unread marker; the building-5 owner does not', async () => {
  const mine = await list(b3._id);
  expect(mine).toMatchObject({ ok: true, data: { unread: 1, items: [{ id: noticeId, title: '3号楼停水（二次供水水箱清洗）', area: '3号楼', state: 'upcoming', unread: true }] } });
  expect(await list(b5._id)).toMatchObject({ ok: true, data: { items: [], unread: 0 } });
  expect(await list(twoPlaces._id)).toMatchObject({ ok: true, data: { items: [], unread: 0 } });
  // Opening the list clears the marker.
  await list(b3._id, { markSeen: true });
  expect(await list(b3._id)).toMatchObject({ ok: true, data: { unread: 0, items: [{ id: noticeId, unread: false }] } });
  expect(await c.call(b5._id, { action: 'notice.detail', id: noticeId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await c.call(b3._id, { action: 'notice.detail', id: noticeId })).toMatchObject({ ok: true, data: { text: expect.stringContaining('请提前储水'), publishedBy: null } });
});

it('filing during the outage: the building-3 owner is shown the notice, the building-5 owner is not, and the complaint records it', async () => {
  // Before 09:00 the work has not started: nothing to explain a complaint yet.
  expect(await intake(b3._id, '3')).toMatchObject({ ok: true, data: { items: [] } });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
  expect(await intake(b3._id, '3')).toMatchObject({ ok: true, data: { items: [{ id: noticeId, state: 'in_force', area: '3号楼' }] } });
  expect(await intake(b5._id, '5')).toMatchObject({ ok: true, data: { items: [] } });
  // A category the outage does not explain.
  expect(await intake(b3._id, '3', 'fees')).toMatchObject({ ok: true, data: { items: [] } });
  const filed = await c.call<{ id: string }>(b3._id, {
    action: 'complaint.submit',
    requestId: 'notice-filed-0001',
    communityId: 'community-a',
    location: { kind: 'room', building: '3', unit: '1', room: '101' },
    description: '家里没有水',
    suggestedCategory: 'repair',
    noticesShown: [noticeId, 'made-up-notice'],
  });
  expect(filed).toMatchObject({ ok: true });
  const { data } = await c.db.collection('complaints').doc(filed.ok ? filed.data.id : '').get();
  expect(data[0]).toMatchObject({ noticesShown: [noticeId], noticeShown: true });
});

const deflect = (who: string, extra: object = {}) => c.call<{ counted: boolean }>(who, { action: 'notice.deflect', requestId: `deflect-${++n}-test`, roomId: 'room-3-2-202', noticeIds: [noticeId], ...extra });
const deflections = async () => (await c.db.collection('notice_deflections').where({ noticeIds: noticeId }).get()).data as Array<{ roomId: string; by: string; channel: string; communityId: string; noticeIds: string[] }>;
const writes = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;

it('「是这个问题」: counted once per household and notice — a double tap once, again not at all', async () => {
  const tap = { requestId: 'deflect-double-tap', roomId: 'room-3-2-202', noticeIds: [noticeId] };
  const twice = await Promise.all([c.call(b3b._id, { action: 'notice.deflect', ...tap }), c.call(b3b._id, { action: 'notice.deflect', ...tap })]);
  expect(twice).toEqual([
    { ok: true, data: { counted: true } },
    { ok: true, data: { counted: true } },
  ]);
  // A retry later answers the same.
  expect(await c.call(b3b._id, { action: 'notice.deflect', ...tap })).toEqual({ ok: true, data: { counted: true } });
  // Asked again on another form: the household is counted already.
  expect(await deflect(b3b._id)).toEqual({ ok: true, data: { counted: false } });
  const stored = await deflections();
  expect(stored).toEqual([{ _id: expect.any(String), communityId: 'community-a', roomId: 'room-3-2-202', noticeIds: [noticeId], at: expect.anything(), by: b3b._id, channel: 'mini_program' }]);
});

it('refuses a room the caller does not hold now, a notice not for the room or made up, and a channel from an owner — writing nothing', async () => {
  await c.post('/local/counters/reset', {});
  expect(await deflect(b3._id)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '您没有绑定这套房屋' });
  expect(await deflect(b5._id, { roomId: 'room-5-1-101' })).toMatchObject({ ok: false, code: 'VALIDATION', message: '这条公告不涉及这套房屋所在的楼栋' });
  expect(await deflect(twoPlaces._id, { roomId: 'room-b-3-1-301' })).toMatchObject({ ok: false, code: 'VALIDATION', message: '这条公告不涉及这套房屋所在的楼栋' });
  expect(await deflect(b3._id, { roomId: 'room-3-1-101', noticeIds: [noticeId, 'made-up-notice'] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await deflect(b3._id, { roomId: 'room-3-1-101', channel: 'phone' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await deflect(b3._id, { roomId: 'room-3-1-101', noticeIds: [noticeId, noticeId] })).toMatchObject({ ok: false, code: 'VALIDATION', message: '公告重复' });
  expect(await deflect(people.handler1._id, { roomId: 'room-3-1-101', channel: 'phone' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await writes()).toBe(0);
  // Moved out: the binding of now decides, not the one the account had.
  expect(await c.call(leaving._id, { action: 'owner.unbind', roomId: 'room-3-1-102' })).toMatchObject({ ok: true });
  await c.post('/local/counters/reset', {});
  expect(await deflect(leaving._id, { roomId: 'room-3-1-102' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await writes()).toBe(0);
  expect(await deflections()).toHaveLength(1);
});

it('reception records it for a caller’s room (代业主登记), in its own communities only, saying how the owner called', async () => {
  const forRoom = { roomId: 'room-3-1-101' };
  expect(await deflect(people.reception._id, forRoom)).toMatchObject({ ok: false, code: 'VALIDATION', message: '请选择业主联系物业的方式（来电、来访等）' });
  expect(await deflect(people.strangerStaff._id, { ...forRoom, channel: 'phone' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await deflect(people.reception._id, { ...forRoom, channel: 'phone' })).toEqual({ ok: true, data: { counted: true } });
  expect((await deflections()).find((d) => d.roomId === 'room-3-1-101')).toMatchObject({ by: people.reception._id, channel: 'phone' });
  // Staff see the count on the notice; owners do not.
  expect(await list(people.reception._id, { communityId: 'community-a' })).toMatchObject({ ok: true, data: { items: [{ id: noticeId, deflected: 2 }] } });
  expect(await c.call(people.reception._id, { action: 'notice.detail', id: noticeId })).toMatchObject({ ok: true, data: { deflected: 2 } });
  expect(await list(b3._id)).toMatchObject({ ok: true, data: { items: [{ id: noticeId, deflected: null }] } });
  // Counted by index: the staff list reads no deflection, only counts it.
  await c.post('/local/counters/reset', {});
  await list(people.reception._id, { communityId: 'community-a' });
  const { byCollection } = await c.get<{ byCollection: Record<string, { reads: number; scanned: number }> }>('/local/counters');
  expect(byCollection.notice_deflections?.scanned ?? 0).toBeLessThanOrEqual(2);
});

it('one message per owner of building 3 who accepted the template, across overlapping scheduler runs', async () => {
  const overlapping = await Promise.all([runScheduler(), runScheduler()]);
  expect(overlapping.map((r) => r.failed)).toEqual([0, 0]);
  await runScheduler();
  const got = async (o: { _id: string }) => (await inbox(o._id)).filter((m) => m.templateId === NOTICE_TEMPLATE);
  expect(await got(b3)).toHaveLength(1);
  expect(await got(b3b)).toHaveLength(1);
  expect(await got(b5)).toEqual([]);
  expect((await got(b3))[0]!.data).toMatchObject({ thing1: { value: '3号楼停水（二次供水水箱清洗）' }, phrase2: { value: '停水' }, thing3: { value: '3号楼' } });
  // Owners who did not accept the template are not sent a failing message (the 首页 marker tells them).
  const { data } = await c.db.collection('notices').doc(noticeId).get();
  const outbox = (data[0] as { outbox: Array<{ status: string; touser?: string }> }).outbox;
  expect(outbox.map((e) => [e.touser, e.status]).sort()).toEqual([
    [b3._id, 'sent'],
    [b3b._id, 'sent'],
  ]);
});

it('an ended notice is gone from the list and the intake, and deflects nothing more', async () => {
  await c.post('/local/clock', { set: '2026-11-18T18:00:01+08:00' });
  expect(await list(b3._id)).toMatchObject({ ok: true, data: { items: [] } });
  expect(await intake(b3._id, '3')).toMatchObject({ ok: true, data: { items: [] } });
  expect(await deflect(b3._id, { roomId: 'room-3-1-101' })).toMatchObject({ ok: false, code: 'CONFLICT', message: '这条公告已经结束或已撤回；如果问题仍在，请继续投诉' });
});

it('the month’s statistics and workbook count the notice, the owners it reached, the complaint filed during it and the two households it kept from filing', async () => {
  const month = { communityId: 'community-a', year: 2026, month: 11 };
  expect(await c.call(people.head._id, { action: 'stats.monthly', ...month })).toMatchObject({ ok: true, data: { communication: { noticesPublished: 1, ownersReached: 2, complaintsDuringNotice: 1, complaintsDeflected: 2 } } });
  expect(await c.call(people.head._id, { action: 'stats.monthly', ...month, month: 10 })).toMatchObject({ ok: true, data: { communication: { complaintsDeflected: 0 } } });
  const r = (await exportReport(c, people.head._id, month)) as { ok: true; data: { url: string } };
  const { unzipSync, strFromU8 } = await import('fflate');
  const text = Object.values(unzipSync(new Uint8Array(await (await fetch(r.data.url)).arrayBuffer()))).map((f) => strFromU8(f)).join('\n');
  expect(text).toContain('业户沟通');
  expect(text).toContain('看到公告后仍投诉（件）');
  expect(text).toContain('看到公告后未再投诉（户次）');
});

it('the intake reads stay flat with many ended notices', async () => {
  const scannedFor = async () => {
    await c.post('/local/counters/reset', {});
    const r = await intake(b3._id, '3');
    expect(r.ok).toBe(true);
    const { byCollection } = await c.get<{ byCollection: Record<string, { reads: number; scanned: number }> }>('/local/counters');
    return byCollection.notices!;
  };
  // One notice in force now, then 200 that have ended.
  const now = new Date((await c.get<{ now: string }>('/local/clock')).now);
  const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  expect(await publish(people.reception._id, { validFrom: at(-1), validTo: at(5) })).toMatchObject({ ok: true });
  const few = await scannedFor();
  const ended = Array.from({ length: 200 }, (_, i) => ({
    _id: `ended-${i}`,
    communityId: 'community-a',
    kind: 'water_outage',
    title: '旧公告',
    text: '已结束',
    photos: [],
    buildings: ['3'],
    area: ['community-a/3'],
    validFrom: new Date(now.getTime() - (i + 48) * 3_600_000),
    validTo: new Date(now.getTime() - (i + 1) * 3_600_000),
    publishedAt: new Date(now.getTime() - (i + 49) * 3_600_000),
    publishedBy: { id: people.reception._id, name: '客服小王' },
    nextTimerAt: null,
    version: 1,
    outbox: [],
    outboxDueAt: null,
  }));
  await c.db.collection('notices').add(ended);
  const many = await scannedFor();
  expect(many).toEqual(few);
  expect(many.scanned).toBeLessThanOrEqual(2);
});

it('撤回: reception withdraws a current notice — gone for owners at once, its unsent message cancelled; a handler may not, and twice is refused', async () => {
  const now = new Date((await c.get<{ now: string }>('/local/clock')).now);
  const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  const published = await publish(people.reception._id, { title: '3号楼电梯维修', kind: 'lift_repair', validFrom: at(-1), validTo: at(6) });
  if (!published.ok) throw new Error(JSON.stringify(published));
  const id = published.data.id;
  await accept(b3._id);
  const titles = async (who: string) => ((await list(who)) as { ok: true; data: { items: Card[] } }).data.items.map((i) => i.title);
  expect(await titles(b3._id)).toContain('3号楼电梯维修');
  expect(((await intake(b3._id, '3', 'facilities')) as { ok: true; data: { items: Card[] } }).data.items.map((i) => i.id)).toContain(id);
  expect(await c.call(people.handler1._id, { action: 'notice.withdraw', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  const withdrawn = await c.call<{ withdrawnAt: string }>(people.reception._id, { action: 'notice.withdraw', id });
  expect(withdrawn).toMatchObject({ ok: true });
  // Gone for the owner at once: the list, the intake, the detail.
  expect(await titles(b3._id)).not.toContain('3号楼电梯维修');
  expect(((await intake(b3._id, '3', 'facilities')) as { ok: true; data: { items: Card[] } }).data.items.map((i) => i.id)).not.toContain(id);
  expect(await c.call(b3._id, { action: 'notice.detail', id })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '没有找到这条公告，可能已经撤下' });
  // The message to the area had not gone out: cancelled, and the scheduler sends nothing for it.
  const { data } = await c.db.collection('notices').doc(id).get();
  const doc = data[0] as { outbox: Array<{ status: string; lastError: string | null }>; withdrawn: { by: { id: string } } };
  expect(doc.outbox).toEqual([expect.objectContaining({ status: 'cancelled', lastError: 'withdrawn' })]);
  expect(doc.withdrawn.by.id).toBe(people.reception._id);
  await runScheduler();
  expect((await inbox(b3._id)).filter((m) => m.data.thing1?.value === '3号楼电梯维修')).toEqual([]);
  await c.post('/local/counters/reset', {});
  expect(await c.call(people.reception._id, { action: 'notice.withdraw', id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '这条公告已经结束或已撤回，无需撤回' });
  expect((await c.get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
});
