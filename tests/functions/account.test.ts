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

it('refuses an unregistered phone, a room of another community, and staff accounts — writing nothing', async () => {
  await c.post('/local/counters/reset', {});
  expect(await bind('openid-x', '13600136999')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await bind('openid-x', '13600136000', 'room-9-1-101', 'community-b')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await bind('openid-staffer', '13600136000')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await bind('openid-x', 'not-a-phone')).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect((await c.get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
});
