// Access follows who holds the room now (DESIGN.md; seed 002 标准3 信息保密; domain/access.ts): a
// tenant the owner removed, an owner who moved out of one of two flats, a family member left with no
// room and the room's next resident each call every owner-side action about the room they no longer
// hold (or never held) — each is refused or shows nothing of it, writes nothing, and no message about
// the room reaches them, including messages queued before they left. The office keeps every record.
import { DEFAULT_POLICY } from '../../domain/policy';
import { ACTION_ROLES, mayCall } from '../../server/kernel/authorization';
import type { Action } from '../../typings/api';
import type { ApiResult } from '../../typings/errors';
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const COMMUNITY = 'community-a';
const TEMPLATES = ['TPL_COMPLAINT_ACCEPTED', 'TPL_COMPLAINT_PROGRESS', 'TPL_COMPLAINT_RESULT', 'TPL_SUGGESTION_REPLY', 'TPL_COMMUNITY_NOTICE', 'TPL_SURVEY_INVITE'];

/** The people: the owner of 1-2-301 (people.owner) invites a tenant and a family member into it. */
const tenant = { _id: 'openid-tenant', name: '租户小陈', phone: '13811113333', otherRoom: 'room-2-1-201' };
const family = { _id: 'openid-family-only', name: '家属小张', phone: '13811114444' };
const twoFlats = { _id: 'openid-two-flats', name: '两套房的刘先生', phone: '13811115555' };
const newcomer = { _id: 'openid-newcomer', name: '新业主周女士', phone: '13811116666' };

const OLD_ROOM = 'room-1-2-301';
const SOLD_ROOM = 'room-5-1-501';
const KEPT_ROOM = 'room-6-1-601';

interface Former {
  openid: string;
  room: string;
  building: string;
  /** The filing of the open complaint, as the owner's phone sent it (its retry is refused too). */
  filing?: object;
  /** An open complaint, a resolved one, a suggestion and a notice of the room's building. */
  complaint: string;
  resolved: string;
  suggestion: string;
  notice: string;
}
const formers: Record<'removedTenant' | 'movedOutOwner' | 'noRoomLeft', Former> = {
  removedTenant: { openid: tenant._id, room: OLD_ROOM, building: '1', complaint: '', resolved: '', suggestion: '', notice: '' },
  movedOutOwner: { openid: twoFlats._id, room: SOLD_ROOM, building: '5', complaint: '', resolved: '', suggestion: '', notice: '' },
  noRoomLeft: { openid: family._id, room: OLD_ROOM, building: '1', complaint: '', resolved: '', suggestion: '', notice: '' },
};
let surveyId = '';
/** A complaint of the flat the owner of two keeps: its messages still arrive (the control). */
let keptComplaint = '';

const call = <T = unknown>(openid: string, request: object) => c.call<T>(openid, request);
async function ok<T>(openid: string, request: object): Promise<T> {
  const res = await call<T>(openid, request);
  if (!res.ok) throw new Error(`${JSON.stringify(request)}: ${res.code} ${res.message}`);
  return res.data;
}
const writes = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;
const act = (openid: string, id: string, command: object) => ok(openid, { action: 'complaint.command', id, command });

const filing = (roomId: string, building: string, key: string) => ({ action: 'complaint.submit', requestId: `residence-${key}`, roomId, communityId: COMMUNITY, location: { kind: 'room', building, room: roomId.slice(-3) }, description: `${key} 厨房下水道堵了` });

async function file(openid: string, roomId: string, building: string, key: string): Promise<string> {
  const filed = await ok<{ id: string }>(openid, filing(roomId, building, key));
  await act(people.reception._id, filed.id, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  await act(people.handler1._id, filed.id, { type: 'accept' });
  return filed.id;
}
async function fileResolved(openid: string, roomId: string, building: string, key: string): Promise<string> {
  const id = await file(openid, roomId, building, key);
  await act(people.handler1._id, id, { type: 'investigate', findings: '管道堵塞', photos: [], responsibleParty: 'property' });
  await act(people.handler1._id, id, { type: 'plan', description: '疏通', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 0 });
  await act(people.handler1._id, id, { type: 'resolve', result: '已疏通', photos: [] });
  return id;
}

async function join(who: { _id: string; name: string; phone: string }, relation: 'family' | 'tenant'): Promise<void> {
  const { code } = await ok<{ code: string }>(people.owner._id, { action: 'household.invite', roomId: OLD_ROOM, relation });
  await ok(who._id, { action: 'household.join', code, name: who.name, phone: who.phone });
}

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ ...admin });
  await c.db.collection('communities').add({ _id: COMMUNITY, name: '阳光花园', households: 300 });
  const room = (id: string, building: string, phones: string[]) => ({ _id: id, communityId: COMMUNITY, building, unit: '1', room: id.slice(-3), residentPhones: phones });
  await c.db.collection('rooms').add([
    room(OLD_ROOM, '1', [people.owner.phone]),
    room(tenant.otherRoom, '2', [tenant.phone]),
    room(SOLD_ROOM, '5', [twoFlats.phone, newcomer.phone]),
    room(KEPT_ROOM, '6', [twoFlats.phone]),
  ]);
  await c.db.collection('buildings').add(['1', '2', '5', '6'].map((name) => ({ _id: `${COMMUNITY}:${name}`, communityId: COMMUNITY, name })));
  await c.post('/local/clock', { set: '2026-12-07T10:00:00+08:00' });
  for (const who of [tenant, family, twoFlats, newcomer, people.owner]) {
    for (let i = 0; i < 10; i++) await c.post('/local/openapi/subscriptions', { openid: who._id, results: Object.fromEntries(TEMPLATES.map((t) => [t, 'accept'])) });
  }

  // The tenant holds a flat of their own (2-1-201) and rents 1-2-301; the family member holds only 1-2-301.
  await ok(tenant._id, { action: 'owner.bind', communityId: COMMUNITY, roomId: tenant.otherRoom, name: tenant.name, phone: tenant.phone });
  await join(tenant, 'tenant');
  await join(family, 'family');
  for (const roomId of [SOLD_ROOM, KEPT_ROOM]) await ok(twoFlats._id, { action: 'owner.bind', communityId: COMMUNITY, roomId, name: twoFlats.name, phone: twoFlats.phone });

  for (const [key, f] of Object.entries(formers)) {
    f.complaint = await file(f.openid, f.room, f.building, `${key}-open`);
    f.filing = filing(f.room, f.building, `${key}-open`);
    f.resolved = await fileResolved(f.openid, f.room, f.building, `${key}-resolved`);
    f.suggestion = (await ok<{ id: string }>(f.openid, { action: 'suggestion.submit', requestId: `residence-sg-${key}`, roomId: f.room, topic: 'greening', text: `${key} 希望多种些树` })).id;
    await ok(people.reception._id, { action: 'suggestion.reply', id: f.suggestion, text: '感谢建议，明年春天补种' });
  }
  keptComplaint = await file(twoFlats._id, KEPT_ROOM, '6', 'kept');
  for (const building of ['1', '5']) {
    const { id } = await ok<{ id: string }>(people.reception._id, { action: 'notice.publish', requestId: `residence-notice-${building}`, communityId: COMMUNITY, kind: 'water_outage', title: `${building}号楼停水`, text: '管道检修，今日停水', buildings: [building], validFrom: '2026-12-07T09:00:00+08:00', validTo: '2026-12-08T18:00:00+08:00' });
    for (const f of Object.values(formers)) if (f.building === building) f.notice = id;
  }
  surveyId = (await ok<{ id: string }>(admin._id, { action: 'survey.create', communityId: COMMUNITY, title: '年度满意度调查', opensOn: '2026-12-07', closesOn: '2026-12-31', anonymous: false })).id;

  // Everyone accepted every template (WeChat's side and our ledger, which notices and surveys consult).
  for (const who of [tenant, family, twoFlats, newcomer]) await ok(who._id, { action: 'subscription.record', results: Object.fromEntries(TEMPLATES.map((t) => [t, 'accept'])) });

  // They leave — before any scheduler run, so the messages of filing and handling are still queued.
  const household = await ok<{ items: Array<{ personId: string; name: string }> }>(people.owner._id, { action: 'household.list', roomId: OLD_ROOM });
  for (const name of [tenant.name, family.name]) {
    await ok(people.owner._id, { action: 'household.remove', roomId: OLD_ROOM, personId: household.items.find((p) => p.name === name)!.personId });
  }
  await ok(twoFlats._id, { action: 'owner.unbind', roomId: SOLD_ROOM });
  await ok(newcomer._id, { action: 'owner.bind', communityId: COMMUNITY, roomId: SOLD_ROOM, name: newcomer.name, phone: newcomer.phone });
  // Staff go on with the complaints after the people left: more messages for the complainants.
  for (const f of Object.values(formers)) await act(people.handler1._id, f.complaint, { type: 'investigate', findings: '需要更换管道', photos: [], responsibleParty: 'property' });
  await act(people.handler1._id, keptComplaint, { type: 'investigate', findings: '需要更换管道', photos: [], responsibleParty: 'property' });
});
afterAll(() => c.stop());

/** Owner-side actions that concern no room's records (their own account, or the community's public notices at intake). */
const NOT_ABOUT_A_ROOM: readonly Action[] = ['account.me', 'directory.list', 'owner.bind', 'household.join', 'company.setup', 'staff.join', 'subscription.record', 'subscription.credits', 'complaint.preview', 'notice.intake', 'survey.results'];

/** Every owner-side action, aimed at the room the person left and its records. */
function aimedAt(f: Former): Array<{ action: Action } & Record<string, unknown>> {
  return [
    { action: 'complaint.detail', id: f.complaint },
    { action: 'complaint.detail', id: f.resolved },
    { action: 'complaint.timeline', id: f.complaint, before: 1000 },
    { action: 'complaint.command', id: f.complaint, command: { type: 'add_info', text: '补充一下情况', photos: [] } },
    { action: 'complaint.command', id: f.complaint, command: { type: 'withdraw', reason: '不需要了' } },
    { action: 'complaint.command', id: f.resolved, command: { type: 'rate', score: 1, comment: '不满意' } },
    { action: 'complaint.command', id: f.resolved, command: { type: 'reopen', reason: '又堵了' } },
    { action: 'complaint.mine', status: 'all' },
    { action: 'complaint.mine', status: 'open' },
    // The very request that filed the open complaint, retried: not answered with it.
    f.filing as { action: Action },
    { action: 'complaint.submit', requestId: `residence-again-${f.openid}`, roomId: f.room, communityId: COMMUNITY, location: { kind: 'room', building: f.building, room: f.room.slice(-3) }, description: '又堵了' },
    { action: 'suggestion.detail', id: f.suggestion },
    { action: 'suggestion.mine' },
    { action: 'suggestion.submit', requestId: `residence-sg-again-${f.openid}`, roomId: f.room, topic: 'greening', text: '再提一条' },
    { action: 'survey.mine' },
    { action: 'survey.answer', surveyId, roomId: f.room, answers: [{ topic: 'repair', score: 5 }] },
    { action: 'notice.list' },
    { action: 'notice.detail', id: f.notice },
    { action: 'notice.deflect', requestId: `residence-deflect-${f.openid}`, roomId: f.room, noticeIds: [f.notice] },
    { action: 'household.invite', roomId: f.room, relation: 'family' },
    { action: 'household.list', roomId: f.room },
    { action: 'household.remove', roomId: f.room, personId: '0123456789abcdef' },
    { action: 'owner.unbind', roomId: f.room },
  ];
}

/** Refused, or answered with nothing of the room: no id of its records, not the room. */
function expectNothingOf(res: ApiResult<unknown>, f: Former, request: object): void {
  if (!res.ok) return;
  const answer = JSON.stringify(res.data);
  for (const secret of [f.complaint, f.resolved, f.suggestion, f.notice, f.room].filter((s) => s !== '')) {
    if (answer.includes(secret)) throw new Error(`${JSON.stringify(request)} answered with ${secret}: ${answer.slice(0, 300)}`);
  }
}

test('the table covers every action an owner may call', () => {
  const ownerSide = (Object.keys(ACTION_ROLES) as Action[]).filter((a) => mayCall(a, 'owner', DEFAULT_POLICY));
  const covered = new Set([...NOT_ABOUT_A_ROOM, ...aimedAt(formers.removedTenant).map((r) => r.action)]);
  expect(ownerSide.filter((a) => !covered.has(a))).toEqual([]);
});

describe.each(Object.keys(formers) as Array<keyof typeof formers>)('%s', (who) => {
  test('every owner-side action about the room they left is refused or shows nothing of it, and writes nothing', async () => {
    const f = formers[who];
    for (const request of aimedAt(f)) {
      const before = await writes();
      const res = await call(f.openid, request);
      expectNothingOf(res, f, request);
      expect({ request, writes: (await writes()) - before }).toEqual({ request, writes: 0 });
    }
  });
});

test('a tenant removed from one flat keeps their own flat, and the owner and the office keep every record', async () => {
  const f = formers.removedTenant;
  // The refusal says why, in words the person understands.
  const refused = await call(f.openid, { action: 'complaint.detail', id: f.complaint });
  expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '您已不在这套房屋登记，不能再查看或办理这套房屋的事项' });
  const own = await file(tenant._id, tenant.otherRoom, '2', 'own-flat');
  const mine = await ok<{ items: Array<{ id: string }> }>(tenant._id, { action: 'complaint.mine', status: 'all' });
  expect(mine.items.map((i) => i.id)).toEqual([own]);
  // The owner still follows what the tenant filed for the owner's room; staff see it all.
  const followed = await ok<{ items: Array<{ id: string }> }>(people.owner._id, { action: 'complaint.mine', status: 'all' });
  expect(followed.items.map((i) => i.id)).toEqual(expect.arrayContaining([f.complaint, f.resolved, formers.noRoomLeft.complaint]));
  for (const id of [f.complaint, formers.movedOutOwner.complaint, formers.noRoomLeft.resolved]) {
    expect((await call(people.reception._id, { action: 'complaint.detail', id })).ok).toBe(true);
  }
});

test('the owner who sold one flat keeps the other; the new resident sees nothing of the former one', async () => {
  const f = formers.movedOutOwner;
  const mine = await ok<{ items: Array<{ id: string }> }>(twoFlats._id, { action: 'complaint.mine', status: 'all' });
  expect(mine.items.map((i) => i.id)).toEqual([keptComplaint]);
  expect((await call(twoFlats._id, { action: 'complaint.detail', id: keptComplaint })).ok).toBe(true);
  // The room's next resident: none of the former owner's records, though the room is now theirs.
  for (const request of [
    { action: 'complaint.detail', id: f.complaint },
    { action: 'complaint.timeline', id: f.complaint, before: 1000 },
    { action: 'complaint.command', id: f.complaint, command: { type: 'add_info', text: '我是新业主', photos: [] } },
    { action: 'complaint.command', id: f.resolved, command: { type: 'rate', score: 5, comment: '' } },
    { action: 'suggestion.detail', id: f.suggestion },
    { action: 'complaint.mine', status: 'all' },
    { action: 'suggestion.mine' },
  ]) {
    const before = await writes();
    const res = await call(newcomer._id, request);
    expectNothingOf(res, { ...f, room: '', notice: '' }, request);
    expect({ request, writes: (await writes()) - before }).toEqual({ request, writes: 0 });
  }
  expect(await call(newcomer._id, { action: 'complaint.detail', id: f.complaint })).toMatchObject({ ok: false, message: '这不是您提交的投诉' });
});

test('no message about the room reaches whoever left it, not even those queued before they left', async () => {
  for (let i = 0; i < 3; i++) await c.tick();
  const messages = await c.get<Array<{ touser: string; page: string }>>('/local/openapi/messages');
  for (const f of Object.values(formers)) {
    const about = [f.complaint, f.resolved, f.suggestion, f.notice];
    expect(messages.filter((m) => m.touser === f.openid && about.some((id) => m.page.endsWith(`id=${id}`)))).toEqual([]);
  }
  // The control: the flat the owner kept is messaged as ever (accepted, assigned, accepted, investigated).
  expect(messages.filter((m) => m.touser === twoFlats._id && m.page.endsWith(`id=${keptComplaint}`)).length).toBeGreaterThanOrEqual(2);
  // The new resident hears of the notice of the building they now live in; the former owner does not.
  const soldNotice = formers.movedOutOwner.notice;
  const reached = messages.filter((m) => m.page.endsWith(`id=${soldNotice}`)).map((m) => m.touser);
  expect(reached).toContain(newcomer._id);
  expect(reached).not.toContain(twoFlats._id);
});

test('a complaint recorded by phone belongs to the room its complainant binds first, and stays with that room', async () => {
  const caller = { _id: 'openid-caller-by-phone', name: '王大爷', phone: '13811117777' };
  await c.db.collection('rooms').add([
    { _id: 'room-7-1-701', communityId: COMMUNITY, building: '7', unit: '1', room: '701', residentPhones: [caller.phone] },
    { _id: 'room-8-1-801', communityId: COMMUNITY, building: '8', unit: '1', room: '801', residentPhones: [caller.phone] },
  ]);
  const recorded = await ok<{ id: string }>(people.reception._id, { action: 'complaint.record', requestId: 'residence-recorded-1', channel: 'phone', complainant: { name: caller.name, phone: caller.phone }, communityId: COMMUNITY, location: { kind: 'public_area', description: '7号楼门口' }, description: '门口路灯坏了' });
  await ok(caller._id, { action: 'owner.bind', communityId: COMMUNITY, roomId: 'room-7-1-701', name: caller.name, phone: caller.phone });
  await ok(caller._id, { action: 'owner.bind', communityId: COMMUNITY, roomId: 'room-8-1-801', name: caller.name, phone: caller.phone });
  const listed = async () => (await ok<{ items: Array<{ id: string }> }>(caller._id, { action: 'complaint.mine', status: 'all' })).items.map((i) => i.id);
  expect(await listed()).toEqual([recorded.id]);
  await ok(caller._id, { action: 'owner.unbind', roomId: 'room-7-1-701' });
  expect(await listed()).toEqual([]);
  expect(await call(caller._id, { action: 'complaint.detail', id: recorded.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});
