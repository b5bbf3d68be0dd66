// Binding a WeChat user to a room: only with a phone the property registered for that room.
import { startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await c.db.collection('rooms').add({ _id: 'room-9-1-101', communityId: 'community-a', building: '9', unit: '1', room: '101', residentPhones: ['13600136000'] });
  await c.db.collection('members').add({ _id: 'openid-staffer', kind: 'staff', name: '员工', phone: '13700000000', role: 'reception', communityIds: ['community-a'], active: true });
});
afterAll(() => c.stop());

const bind = (openid: string, phone: string, roomId = 'room-9-1-101', communityId = 'community-a') => c.call(openid, { action: 'owner.bind', communityId, roomId, name: '新业主', phone });

it('binds with a registered phone; the owner can then file complaints', async () => {
  expect(await c.call('openid-new', { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  expect(await bind('openid-new', '13600136000')).toEqual({ ok: true, data: { roomId: 'room-9-1-101', communityId: 'community-a' } });
  expect(await c.call('openid-new', { action: 'complaint.mine' })).toMatchObject({ ok: true, data: { items: [] } });
});

it('refuses an unregistered phone, a room of another community, and staff accounts — writing nothing but the failed attempts', async () => {
  await c.post('/local/counters/reset', {});
  expect(await bind('openid-x', '13600136999')).toMatchObject({ ok: false, code: 'PHONE_NOT_REGISTERED', message: '该手机号未在此房屋登记，请核对或联系物业' });
  expect(await bind('openid-x', '13600136000', 'room-9-1-101', 'community-b')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await bind('openid-staffer', '13600136000')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await bind('openid-x', 'not-a-phone')).toMatchObject({ ok: false, code: 'VALIDATION' });
  // Two guesses are on record (they count toward the lock); nothing else was written.
  const counters = await c.get<{ total: { writes: number }; byCollection: Record<string, { writes: number }> }>('/local/counters');
  expect(counters.total.writes).toBe(2);
  expect(counters.byCollection.bind_attempts!.writes).toBe(2);
});

describe('account.me: who the mini-program is talking to', () => {
  it('a stranger is a guest who still gets the categories and template ids to render the app', async () => {
    const r = await c.call<{ kind: string; categories: Array<{ code: string }>; templates: Record<string, string> }>('openid-guest', { action: 'account.me' });
    expect(r).toMatchObject({ ok: true, data: { kind: 'guest', role: null, rooms: [], communities: [] } });
    if (!r.ok) throw new Error('unreachable');
    expect(r.data.categories.map((x) => x.code)).toContain('repair');
    expect(r.data.templates).toEqual({ accepted: 'TPL_COMPLAINT_ACCEPTED', progress: 'TPL_COMPLAINT_PROGRESS', result: 'TPL_COMPLAINT_RESULT', task: 'TPL_STAFF_TASK', notice: 'TPL_COMMUNITY_NOTICE', suggestion_reply: 'TPL_SUGGESTION_REPLY', survey: 'TPL_SURVEY_INVITE' });
    // The number to give out in an emergency: the policy's desk, with no phone until the company sets one.
    expect((r.data as { serviceDesk?: object }).serviceDesk).toEqual({ name: '客服中心', phone: '' });
  });

  it('a bound owner sees their room and community by name; staff see role and department', async () => {
    await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 280 });
    await bind('openid-me', '13600136000');
    expect(await c.call('openid-me', { action: 'account.me' })).toMatchObject({
      ok: true,
      data: { kind: 'owner', role: 'owner', communities: [{ id: 'community-a', name: '阳光花园' }], rooms: [{ id: 'room-9-1-101', building: '9', unit: '1', room: '101', relation: 'owner' }] },
    });
    expect(await c.call('openid-staffer', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'staff', role: 'reception', rooms: [] } });
  });
});

describe('directory.list: 小区 → 楼栋 → 房屋 for binding', () => {
  it('lists buildings written by admin.rooms.upsert, then their rooms, never residents’ phones', async () => {
    await c.db.collection('members').add({ _id: 'openid-admin', kind: 'staff', name: '管理员', phone: '13700000009', role: 'admin', communityIds: ['community-a'], active: true });
    const rooms = [
      { id: 'a-7-1-101', building: '7', unit: '1', room: '101', residentPhones: ['13600000001'] },
      { id: 'a-7-1-102', building: '7', unit: '1', room: '102', residentPhones: [] },
      { id: 'a-8-1-101', building: '8', room: '101', residentPhones: [] },
    ];
    expect(await c.call('openid-admin', { action: 'admin.rooms.upsert', communityId: 'community-a', rooms })).toMatchObject({ ok: true });
    const buildings = await c.call('openid-guest', { action: 'directory.list', communityId: 'community-a' });
    expect(buildings).toEqual({ ok: true, data: { level: 'buildings', items: [{ id: '7', label: '7栋' }, { id: '8', label: '8栋' }] } });
    const inSeven = await c.call('openid-guest', { action: 'directory.list', communityId: 'community-a', building: '7' });
    expect(inSeven).toEqual({ ok: true, data: { level: 'rooms', items: [{ id: 'a-7-1-101', label: '1单元 101', unit: '1', room: '101' }, { id: 'a-7-1-102', label: '1单元 102', unit: '1', room: '102' }] } });
    // Staff recording a complaint take the location from the pick: a room without a unit has none.
    const inEight = await c.call('openid-guest', { action: 'directory.list', communityId: 'community-a', building: '8' });
    expect(inEight).toEqual({ ok: true, data: { level: 'rooms', items: [{ id: 'a-8-1-101', label: '101', unit: '', room: '101' }] } });
    expect(JSON.stringify(inSeven)).not.toContain('1360000');
    expect(await c.call('openid-guest', { action: 'directory.list' })).toMatchObject({ ok: true, data: { level: 'communities', items: [{ id: 'community-a', label: '阳光花园' }] } });
  });

  it('refuses a malformed community id', async () => {
    expect(await c.call('openid-guest', { action: 'directory.list', communityId: '../x' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });
});
