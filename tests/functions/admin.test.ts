// Company set-up: invitations that bind staff, the duty roster, rooms — administrators only.
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const admin = { _id: 'openid-admin', kind: 'staff', name: '管理员', phone: '13700000030', role: 'admin', communityIds: ['community-a'], department: 'management', active: true };
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add(admin);
});
afterAll(() => c.stop());

it('an invitation code binds one new staff member, once, to its role and communities', async () => {
  const invited = await c.call<{ code: string }>(admin._id, { action: 'admin.invite', role: 'handler', communityIds: ['community-a'], department: 'engineering', name: '新维修工', phone: '13700000031' });
  expect(invited).toMatchObject({ ok: true, data: { code: expect.stringMatching(/^[A-Z0-9]{8}$/) } });
  const code = invited.ok ? invited.data.code : '';
  const [a, b] = await Promise.all([c.call('openid-new-staff', { action: 'staff.join', code }), c.call('openid-someone-else', { action: 'staff.join', code })]);
  expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
  const winner = a.ok ? 'openid-new-staff' : 'openid-someone-else';
  expect(await c.call(winner, { action: 'inbox.list', view: 'mine' })).toMatchObject({ ok: true });
  expect(await c.call(people.owner._id, { action: 'staff.join', code })).toMatchObject({ ok: false });
});

it('only administrators of the community invite, add shifts and rooms', async () => {
  const shift = { role: 'security_supervisor', staffId: 'openid-x', from: '2026-12-01T18:00:00+08:00', to: '2026-12-02T08:30:00+08:00' };
  expect(await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-a', shifts: [shift] })).toEqual({ ok: true, data: { added: 1 } });
  expect(await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-a', shifts: [{ ...shift, to: shift.from }] })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-b', shifts: [shift] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(people.reception._id, { action: 'admin.invite', role: 'admin', communityIds: ['community-a'], department: 'x', name: '我', phone: '13700000099' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  const rooms = { action: 'admin.rooms.upsert', communityId: 'community-a', rooms: [{ id: 'a-8-1-808', building: '8', unit: '1', room: '808', residentPhones: ['13500135000'] }] };
  expect(await c.call(people.head._id, rooms)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(admin._id, rooms)).toEqual({ ok: true, data: { saved: 1 } });
  // The new room can now be bound with its registered phone.
  expect(await c.call('openid-new-owner', { action: 'owner.bind', communityId: 'community-a', roomId: 'a-8-1-808', name: '新业主', phone: '13500135000' })).toMatchObject({ ok: true });
});
