// Abuse resistance through the real functions: nobody writes across communities, phones cannot be
// guessed, every free text passes content security, photo ids cannot climb out of their folder, an
// owner can leave, a removed phone ends its binding, and personal data is erased after retention.
import { API_ERRORS } from '../../typings/errors';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const adminA = { _id: 'openid-admin-a', kind: 'staff', name: '管理员甲', phone: '13700000040', role: 'admin', communityIds: ['community-a'], department: 'management', active: true };
const adminB = { _id: 'openid-admin-b', kind: 'staff', name: '管理员乙', phone: '13700000041', role: 'admin', communityIds: ['community-b'], department: 'management', active: true };
const handlerB = { _id: 'openid-handler-b', kind: 'staff', name: '乙区维修', phone: '13700000042', role: 'handler', communityIds: ['community-b'], department: 'engineering', active: true };
const dutyB = { _id: 'openid-duty-b', kind: 'staff', name: '乙区值班经理', phone: '13700000043', role: 'duty_manager', communityIds: ['community-b'], department: 'management', active: true };
const csHeadB = { _id: 'openid-cs-head-b', kind: 'staff', name: '乙区客服主管', phone: '13700000044', role: 'department_head', communityIds: ['community-b'], department: 'customer_service', active: true };
const room = { _id: 'room-a-1-101', communityId: 'community-a', building: '1', unit: '1', room: '101', residentPhones: ['13600000001', '13600000002'] };
const guessedRoom = { _id: 'room-a-1-102', communityId: 'community-a', building: '1', unit: '1', room: '102', residentPhones: ['13600000003'] };

type Counters = { total: { writes: number }; byCollection: Record<string, { writes: number }> };
const writes = async () => (await c.get<Counters>('/local/counters')).total.writes;

let complaintA = '';
let complaintB = '';
let visitA = '';
let surveyA = '';
let noticeA = '';
const file = async (openid: string, requestId: string, extra: object = {}) => {
  const r = await c.call<{ id: string }>(openid, { action: 'complaint.submit', requestId, communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门口路灯不亮', ...extra });
  return r;
};

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([adminA, adminB, handlerB, dutyB, csHeadB]);
  await c.db.collection('rooms').add([room, guessedRoom]);
  // An import A's administrator previewed: nobody else applies it.
  await c.db.collection('imports').add({ _id: 'import-into-a', communityId: 'community-a', by: adminA._id, createdAt: new Date(), batches: 1, applied: 0 });
  await c.db.collection('import_batches').add({ _id: 'import-into-a-0000', importId: 'import-into-a', seq: 0, done: false, ops: [{ id: room._id, remove: true }] });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
  const a = await file(people.owner._id, 'abuse-a-1');
  complaintA = a.ok ? a.data.id : '';
  const b = await c.call<{ id: string }>(people.strangerStaff._id, { action: 'complaint.record', requestId: 'abuse-b-1', channel: 'phone', complainant: { name: '乙区业主', phone: '13600000009' }, communityId: 'community-b', location: { kind: 'public_area', description: '乙区大门' }, description: '乙区门禁坏了' });
  complaintB = b.ok ? b.data.id : '';
  // A's visit and survey (业户沟通): nobody from B links, publishes or writes into them.
  const v = await c.call<{ id: string }>(people.reception._id, { action: 'visit.record', communityId: 'community-a', roomId: room._id, visitedOn: '2026-11-18', way: 'face', opinions: [{ topic: 'repair', text: '门铃坏了' }] });
  visitA = v.ok ? v.data.id : '';
  const s = await c.call<{ id: string }>(adminA._id, { action: 'survey.create', communityId: 'community-a', title: '甲区调查', opensOn: '2026-11-01', closesOn: '2026-11-30', anonymous: true });
  surveyA = s.ok ? s.data.id : '';
  const notice = await c.call<{ id: string }>(people.reception._id, { action: 'notice.publish', requestId: 'abuse-notice-a', communityId: 'community-a', kind: 'event', title: '甲区活动', text: '周六亲子活动', validFrom: '2026-11-21T14:00:00+08:00', validTo: '2026-11-21T17:00:00+08:00' });
  noticeA = notice.ok ? notice.data.id : '';
  if (!visitA || !surveyA || !noticeA) throw new Error(`set-up failed: ${JSON.stringify([v, s])}`);
});
afterAll(() => c.stop());

describe('nobody writes across communities (every admin and staff write × a caller from another community)', () => {
  const cases: Array<[string, () => string, () => object]> = [
    ['admin.rooms.upsert takes over a room of A from B', () => adminB._id, () => ({ action: 'admin.rooms.upsert', communityId: 'community-b', rooms: [{ id: room._id, building: '9', room: '999', residentPhones: ['13999999999'] }] })],
    ['admin.rooms.upsert into A', () => adminB._id, () => ({ action: 'admin.rooms.upsert', communityId: 'community-a', rooms: [{ id: 'room-new', building: '9', room: '999', residentPhones: [] }] })],
    ['admin.roster.add puts A’s staff on B’s roster', () => adminB._id, () => ({ action: 'admin.roster.add', communityId: 'community-b', shifts: [{ role: 'security_supervisor', staffId: people.reception._id, from: '2026-11-18T18:00:00+08:00', to: '2026-11-19T08:00:00+08:00' }] })],
    ['admin.roster.add on A’s roster', () => adminB._id, () => ({ action: 'admin.roster.add', communityId: 'community-a', shifts: [{ role: 'security_supervisor', staffId: handlerB._id, from: '2026-11-18T18:00:00+08:00', to: '2026-11-19T08:00:00+08:00' }] })],
    ['admin.roster.add: A’s admin names B’s staff', () => adminA._id, () => ({ action: 'admin.roster.add', communityId: 'community-a', shifts: [{ role: 'duty_manager', staffId: handlerB._id, from: '2026-11-18T18:00:00+08:00', to: '2026-11-19T08:00:00+08:00' }] })],
    ['admin.staff.update of A’s handler', () => adminB._id, () => ({ action: 'admin.staff.update', staffId: people.handler1._id, active: false })],
    ['admin.staff.update moves B’s handler into A', () => adminB._id, () => ({ action: 'admin.staff.update', staffId: handlerB._id, communityIds: ['community-a'] })],
    ['admin.invite into A', () => adminB._id, () => ({ action: 'admin.invite', role: 'admin', communityIds: ['community-a'], department: 'management', name: '内鬼', phone: '13711110000' })],
    ['admin.community.upsert renames A', () => adminB._id, () => ({ action: 'admin.community.upsert', id: 'community-a', name: '被改名', households: 1 })],
    ['admin.building.save renames a building of A', () => adminB._id, () => ({ action: 'admin.building.save', communityId: 'community-a', name: '被改名', renameFrom: '1' })],
    ['admin.households.preview over A’s roll', () => adminB._id, () => ({ action: 'admin.households.preview', communityId: 'community-a', fileID: `cloud://test-env.bucket/imports/${adminB._id}/roll.xlsx` })],
    ['admin.households.apply of an import into A', () => adminB._id, () => ({ action: 'admin.households.apply', importId: 'import-into-a' })],
    ['household.invite into another owner’s room', () => people.otherOwner._id, () => ({ action: 'household.invite', roomId: room._id, relation: 'tenant' })],
    ['household.remove from another owner’s room', () => people.otherOwner._id, () => ({ action: 'household.remove', roomId: room._id, personId: '0123456789abcdef' })],
    ['complaint.record in A', () => people.strangerStaff._id, () => ({ action: 'complaint.record', requestId: 'abuse-x-1', channel: 'phone', complainant: { name: '某人', phone: '13600000008' }, communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '测试' })],
    ['complaint.command triage of A’s complaint', () => people.strangerStaff._id, () => ({ action: 'complaint.command', id: complaintA, command: { type: 'triage', valid: false, explanation: '不成立' } })],
    ['complaint.command: A’s reception names B’s handler', () => people.reception._id, () => ({ action: 'complaint.command', id: complaintA, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: handlerB._id } })],
    ['complaint.command merges A’s complaint into B’s', () => people.reception._id, () => ({ action: 'complaint.command', id: complaintA, command: { type: 'merge', targetId: complaintB, explanation: '重复' } })],
    ['complaint.command on B’s complaint by A’s staff', () => people.reception._id, () => ({ action: 'complaint.command', id: complaintB, command: { type: 'triage', valid: false, explanation: '不成立' } })],
    ['complaint.revealPhone of B’s complaint', () => people.handler1._id, () => ({ action: 'complaint.revealPhone', id: complaintB })],
    ['visit.record of a room in A', () => people.strangerStaff._id, () => ({ action: 'visit.record', communityId: 'community-a', roomId: room._id, visitedOn: '2026-11-18', way: 'home', opinions: [] })],
    ['visit.record of A’s room filed under B', () => people.strangerStaff._id, () => ({ action: 'visit.record', communityId: 'community-b', roomId: room._id, visitedOn: '2026-11-18', way: 'home', opinions: [] })],
    ['visit.link of A’s visit to B’s complaint', () => people.strangerStaff._id, () => ({ action: 'visit.link', visitId: visitA, topic: 'repair', complaintId: complaintB })],
    ['visit.link of A’s visit to B’s complaint by A’s staff', () => people.reception._id, () => ({ action: 'visit.link', visitId: visitA, topic: 'repair', complaintId: complaintB })],
    ['visit.suggest of A’s visit', () => people.strangerStaff._id, () => ({ action: 'visit.suggest', visitId: visitA, topic: 'repair' })],
    ['survey.create in A', () => adminB._id, () => ({ action: 'survey.create', communityId: 'community-a', title: '冒名调查', opensOn: '2026-11-18', closesOn: '2026-11-30', anonymous: false })],
    ['survey.publish of A’s survey', () => adminB._id, () => ({ action: 'survey.publish', surveyId: surveyA })],
    ['survey.answer of A’s survey by an owner of nowhere in A', () => 'openid-nobody', () => ({ action: 'survey.answer', surveyId: surveyA, answers: [{ topic: 'repair', score: 1 }] })],
    ['summary.save of A’s month', () => csHeadB._id, () => ({ action: 'summary.save', communityId: 'community-a', year: 2026, month: 10, text: { overview: '冒名', problems: '', plans: '' } })],
    ['summary.review of A’s month', () => dutyB._id, () => ({ action: 'summary.review', communityId: 'community-a', year: 2026, month: 10, decision: 'approve' })],
    ['notice.publish into A by B’s staff', () => people.strangerStaff._id, () => ({ action: 'notice.publish', requestId: 'abuse-notice-1', communityId: 'community-a', kind: 'other', title: '假通知', text: '假内容', validFrom: '2026-11-18T11:00:00+08:00', validTo: '2026-11-18T12:00:00+08:00' })],
    ['notice.publish ending before it starts', () => people.reception._id, () => ({ action: 'notice.publish', requestId: 'abuse-notice-2', communityId: 'community-a', kind: 'water_outage', title: '停水', text: '停水', validFrom: '2026-11-18T12:00:00+08:00', validTo: '2026-11-18T11:00:00+08:00' })],
    ['notice.publish for a year', () => people.reception._id, () => ({ action: 'notice.publish', requestId: 'abuse-notice-3', communityId: 'community-a', kind: 'construction', title: '施工', text: '施工', validFrom: '2026-11-18T12:00:00+08:00', validTo: '2027-11-18T11:00:00+08:00' })],
    ['notice.publish with another’s photo', () => people.reception._id, () => ({ action: 'notice.publish', requestId: 'abuse-notice-4', communityId: 'community-a', kind: 'other', title: '通知', text: '内容', photos: [`cloud://test-env.bucket/complaint-photos/${people.owner._id}/a.jpg`], validFrom: '2026-11-18T11:00:00+08:00', validTo: '2026-11-18T12:00:00+08:00' })],
    ['notice.publish with an unknown kind', () => people.reception._id, () => ({ action: 'notice.publish', requestId: 'abuse-notice-5', communityId: 'community-a', kind: 'party', title: '通知', text: '内容', validFrom: '2026-11-18T11:00:00+08:00', validTo: '2026-11-18T12:00:00+08:00' })],
    ['notice.withdraw of A’s notice by B’s staff', () => people.strangerStaff._id, () => ({ action: 'notice.withdraw', id: noticeA })],
    ['notice.withdraw of A’s notice by B’s administrator', () => adminB._id, () => ({ action: 'notice.withdraw', id: noticeA })],
    ['notice.withdraw with a malformed id', () => people.reception._id, () => ({ action: 'notice.withdraw', id: '../notices' })],
    ['suggestion.submit on an unknown topic', () => people.owner._id, () => ({ action: 'suggestion.submit', requestId: 'abuse-suggestion-1', topic: 'weather', text: '建议' })],
    ['suggestion.submit with no text', () => people.owner._id, () => ({ action: 'suggestion.submit', requestId: 'abuse-suggestion-2', topic: 'other', text: '   ' })],
    ['suggestion.submit for another’s room', () => people.otherOwner._id, () => ({ action: 'suggestion.submit', requestId: 'abuse-suggestion-3', roomId: room._id, topic: 'other', text: '建议' })],
    ['suggestion.list of A by B’s staff', () => people.strangerStaff._id, () => ({ action: 'suggestion.list', communityId: 'community-a' })],
  ];

  it.each(cases)('%s → refused, zero writes', async (_name, caller, request) => {
    await c.post('/local/counters/reset', {});
    const r = await c.call(caller(), request());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).not.toBe('INTERNAL');
    expect(await writes()).toBe(0);
  });

  it('the room stays A’s: in A’s directory, still bindable with its registered phone only', async () => {
    const dir = await c.call<{ items: Array<{ id: string }> }>('openid-guest', { action: 'directory.list', communityId: 'community-a', building: '1' });
    expect(dir.ok && dir.data.items.map((i) => i.id)).toContain(room._id);
    expect(await c.call('openid-attacker', { action: 'owner.bind', communityId: 'community-b', roomId: room._id, name: '攻击者', phone: '13999999999' })).toMatchObject({ ok: false });
  });
});

describe('phone guessing on owner.bind', () => {
  const bind = (openid: string, phone: string, roomId = room._id) => c.call(openid, { action: 'owner.bind', communityId: 'community-a', roomId, name: '试探者', phone });

  it('five wrong phones lock the account for an hour, even with the right phone, with a Chinese message saying when', async () => {
    // Guessing across rooms: each room sees one failure, the account five.
    for (let i = 0; i < 5; i++) expect(await bind('openid-guesser', `1391111000${i}`, `room-guess-${i}`)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const locked = await bind('openid-guesser', room.residentPhones[0]!);
    expect(locked).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS' });
    // Locked at 10:00 (Beijing) + an hour.
    expect(!locked.ok && locked.message).toMatch(/^验证失败次数过多，请于 11:0\d 后再试/);
    const { data } = await c.db.collection('bind_attempts').where({ openid: 'openid-guesser' }).get();
    expect(data).toHaveLength(5);
  });

  it('five accounts guessing one room lock the room; an hour later its resident binds', async () => {
    for (let i = 0; i < 5; i++) expect(await bind(`openid-ring-${i}`, `1392222000${i}`, guessedRoom._id)).toMatchObject({ ok: false, code: 'PHONE_NOT_REGISTERED' });
    expect(await bind('openid-resident', guessedRoom.residentPhones[0]!, guessedRoom._id)).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS' });
    await c.post('/local/clock', { advanceMs: 61 * 60_000 });
    expect(await bind('openid-resident', guessedRoom.residentPhones[0]!, guessedRoom._id)).toMatchObject({ ok: true });
  });
});

describe('content security on every free text', () => {
  const risky = '这里有人赌博';
  const act = (openid: string, id: string, command: object) => c.call(openid, { action: 'complaint.command', id, command });

  it.each([
    ['location.description', { location: { kind: 'public_area', description: risky } }],
    ['contactTime', { contactTime: risky }],
    ['desiredOutcome', { desiredOutcome: risky }],
  ])('a risky %s is refused at intake, nothing written', async (_field, extra) => {
    await c.post('/local/counters/reset', {});
    expect(await file(people.otherOwner._id, `risky-${_field.replace('.', '-')}`, extra)).toMatchObject({ ok: false, code: 'CONTENT_RISKY', message: API_ERRORS.CONTENT_RISKY });
    expect(await writes()).toBe(0);
  });

  it('a risky notice or suggestion is refused, nothing written', async () => {
    await c.post('/local/counters/reset', {});
    expect(await c.call(people.reception._id, { action: 'notice.publish', requestId: 'risky-notice-1', communityId: 'community-a', kind: 'event', title: '活动', text: risky, validFrom: '2026-11-18T11:00:00+08:00', validTo: '2026-11-18T12:00:00+08:00' })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(await c.call(people.owner._id, { action: 'suggestion.submit', requestId: 'risky-suggestion-1', topic: 'security', text: risky })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(await writes()).toBe(0);
  });

  it('risky words in later texts — add_info, rating, reopen and withdraw reasons, staff notes — are refused', async () => {
    const r = await file(people.otherOwner._id, 'risky-later-1', { description: '电梯按钮失灵' });
    const id = r.ok ? r.data.id : '';
    await c.post('/local/counters/reset', {});
    const refusals = [
      await act(people.otherOwner._id, id, { type: 'add_info', text: risky, photos: [] }),
      await act(people.otherOwner._id, id, { type: 'withdraw', reason: risky }),
      await act(people.reception._id, id, { type: 'triage', valid: false, explanation: risky }),
      await act(people.otherOwner._id, id, { type: 'rate', score: 1, comment: risky }),
      await act(people.otherOwner._id, id, { type: 'reopen', reason: risky }),
    ];
    expect(refusals.map((x) => !x.ok && x.code)).toEqual(Array(5).fill('CONTENT_RISKY'));
    expect(await writes()).toBe(0);
    expect(await c.call(people.reception._id, { action: 'complaint.record', requestId: 'risky-rec', channel: 'phone', complainant: { name: risky, phone: '13600000007' }, communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '测试' })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
  });

  it('the longest texts the contract accepts are checked in pieces, never 「系统繁忙」; a risky word at the very end is found', async () => {
    const description = '楼'.repeat(2000);
    const desiredOutcome = '修'.repeat(500);
    const long = await file(people.otherOwner._id, 'long-text-1', { description, desiredOutcome, contactTime: '晚'.repeat(50) });
    expect(long).toMatchObject({ ok: true });
    expect(await file(people.otherOwner._id, 'long-text-2', { description, desiredOutcome: `${'修'.repeat(494)}${risky}` })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
  });
});

it('a photo id with a `..` segment is refused, nothing written', async () => {
  await c.post('/local/counters/reset', {});
  const photos = [`cloud://test-env.bucket/complaint-photos/${people.owner._id}/../${people.otherOwner._id}/a.jpg`];
  expect(await file(people.owner._id, 'dotdot-1', { photos })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await writes()).toBe(0);
});

describe('moving house and the right to be forgotten', () => {
  it('an owner unbinds: the account is a guest again, the complaint stays on record', async () => {
    const owner = 'openid-leaving';
    expect(await c.call(owner, { action: 'owner.bind', communityId: 'community-a', roomId: room._id, name: '搬家的人', phone: room.residentPhones[1]! })).toMatchObject({ ok: true });
    const filed = await file(owner, 'leaving-1');
    expect(await c.call(owner, { action: 'owner.unbind' })).toEqual({ ok: true, data: { unbound: true } });
    expect(await c.call(owner, { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await c.call(owner, { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'guest' } });
    expect(await c.call(people.reception._id, { action: 'complaint.detail', id: filed.ok ? filed.data.id : '' })).toMatchObject({ ok: true });
    expect(await c.call(people.reception._id, { action: 'owner.unbind' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('the office removes a phone from a room: that resident’s binding ends, the other stays', async () => {
    await c.call('openid-stays', { action: 'owner.bind', communityId: 'community-a', roomId: room._id, name: '留下的人', phone: room.residentPhones[0]! });
    await c.call('openid-moves', { action: 'owner.bind', communityId: 'community-a', roomId: room._id, name: '搬走的人', phone: room.residentPhones[1]! });
    const r = await c.call(adminA._id, { action: 'admin.rooms.upsert', communityId: 'community-a', rooms: [{ id: room._id, building: '1', unit: '1', room: '101', residentPhones: [room.residentPhones[0]!] }] });
    expect(r).toEqual({ ok: true, data: { saved: 1, unbound: 1 } });
    expect(await c.call('openid-moves', { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await c.call('openid-stays', { action: 'complaint.mine' })).toMatchObject({ ok: true });
  });

  it('a year after closing, the scheduler erases the complainant’s name and phone; the complaint stays', async () => {
    const r = await file(people.owner._id, 'erase-test-1', { description: '垃圾没人清' });
    const id = r.ok ? r.data.id : '';
    await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: false, explanation: '属于市政环卫，已转告' } });
    await c.tick(364 * 86_400_000);
    const before = await c.call<{ complaint: { complainant: { name: string; phone: string } } }>(people.reception._id, { action: 'complaint.detail', id });
    expect(before).toMatchObject({ ok: true, data: { complaint: { complainant: { name: people.owner.name, phone: '138****8000' } } } });
    await c.tick(2 * 86_400_000);
    const { data } = await c.db.collection('complaints').doc(id).get();
    const doc = data[0] as { complainant: { name: string; phone: string }; description: string; timeline: Array<{ type: string }>; nextTimerAt: Date | null };
    expect(doc.complainant).toMatchObject({ name: '', phone: '' });
    expect(doc.description).toBe('垃圾没人清');
    expect(doc.timeline.at(-1)!.type).toBe('personal_data_erased');
    expect(doc.nextTimerAt).toBeNull();
    expect(JSON.stringify(doc)).not.toMatch(/13800138000|张先生/);
  });
});
