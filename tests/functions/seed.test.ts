// The demo company `npm start` seeds, made through the real api function; seeded once only.
import { seedDemo } from '../../scripts/seed';
import { startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  process.env.CLOUDBASE_LOCAL_URL = c.url;
});
afterAll(() => c.stop());

it('creates communities, staff in every role, owners, a roster and complaints in several states — once', async () => {
  expect(await seedDemo()).toBe(true);
  const roles = new Set(((await c.db.collection('members').where({ communityIds: 'community-a' }).limit(100).get()).data as Array<{ role: string }>).map((m) => m.role));
  expect([...roles].sort()).toEqual(['admin', 'department_head', 'duty_manager', 'general_manager', 'handler', 'owner', 'reception', 'security_supervisor']);
  const statuses = async (openid: string, status: string) => {
    const r = await c.call<{ items: Array<{ status: string }> }>(openid, { action: 'complaint.mine', status });
    return r.ok ? r.data.items.map((i) => i.status) : [];
  };
  expect((await statuses('demo-owner-1', 'all')).sort()).toEqual(['assigned', 'resolved']);
  expect((await statuses('demo-owner-2', 'all')).sort()).toEqual(['closed', 'submitted']);
  expect(await statuses('demo-owner-3', 'open')).toEqual(['in_progress']);
  // A new owner can bind the free room through the directory the administrator's rooms built.
  expect(await c.call('demo-new-owner', { action: 'directory.list', communityId: 'community-a' })).toMatchObject({ ok: true, data: { items: [{ id: '1' }, { id: '2' }, { id: '3' }] } });
  expect(await c.call('demo-new-owner', { action: 'owner.bind', communityId: 'community-a', roomId: 'a-2-1-502', name: '新业主', phone: '13800138009' })).toMatchObject({ ok: true });
  expect(await seedDemo()).toBe(false);
});
