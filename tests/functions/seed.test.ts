// The demo company `npm start` seeds, made through the real api function; a rerun writes nothing,
// and a seed stopped partway (Ctrl-C during the first start) is completed by the next one.
import { seedDemo } from '../../scripts/seed';
import { startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeEach(async () => {
  c = await startApi();
  process.env.CLOUDBASE_LOCAL_URL = c.url;
});
afterEach(() => c.stop());

const statuses = async (openid: string, status: string) => {
  const r = await c.call<{ items: Array<{ status: string }> }>(openid, { action: 'complaint.mine', status });
  return r.ok ? r.data.items.map((i) => i.status) : [];
};

/** Everything the seed makes, each exactly once. */
async function expectCompleteCompany(): Promise<void> {
  // Straight from the store: strict mode (rightly) refuses unindexed full scans through the SDK.
  const count = async (collection: string) => c.local.database.store.collections.get(collection)!.docs.size;
  expect(await count('communities')).toBe(2);
  expect(await count('members')).toBe(15);
  expect(await count('rooms')).toBe(4);
  expect(await count('buildings')).toBe(4);
  expect(await count('duty_roster')).toBe(3);
  expect(await count('complaints')).toBe(5);
  const roles = new Set(((await c.db.collection('members').where({ communityIds: 'community-a' }).limit(100).get()).data as Array<{ role: string }>).map((m) => m.role));
  expect([...roles].sort()).toEqual(['admin', 'department_head', 'duty_manager', 'general_manager', 'handler', 'owner', 'reception', 'security_supervisor']);
  expect((await statuses('demo-owner-1', 'all')).sort()).toEqual(['assigned', 'resolved']);
  expect((await statuses('demo-owner-2', 'all')).sort()).toEqual(['closed', 'submitted']);
  expect(await statuses('demo-owner-3', 'open')).toEqual(['in_progress']);
  // No step ran twice: every event the seed caused appears once on its complaint's timeline.
  const complaints = [...c.local.database.store.collections.get('complaints')!.docs.values()] as unknown as Array<{ timeline: Array<{ type: string }> }>;
  for (const { timeline } of complaints) {
    const seeded = timeline.map((e) => e.type).filter((t) => !['reminded', 'escalated'].includes(t));
    expect(seeded).toEqual([...new Set(seeded)]);
  }
}

it('creates communities, staff in every role, owners, a roster and complaints in several states — once', async () => {
  expect(await seedDemo()).toBe('created');
  await expectCompleteCompany();
  // A new owner can bind the free room through the directory the administrator's rooms built.
  expect(await c.call('demo-new-owner', { action: 'directory.list', communityId: 'community-a' })).toMatchObject({ ok: true, data: { items: [{ id: '1' }, { id: '2' }, { id: '3' }] } });
  expect(await c.call('demo-new-owner', { action: 'owner.bind', communityId: 'community-a', roomId: 'a-2-1-502', name: '新业主', phone: '13800138009' })).toMatchObject({ ok: true });
  // The next start finds everything and writes nothing (the binding made since is left alone).
  await c.post('/local/counters/reset', {});
  expect(await seedDemo()).toBe('complete');
  const counters = await c.get<{ total: { writes: number } }>('/local/counters');
  expect(counters.total.writes).toBe(0);
  expect(await c.call('demo-new-owner', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'owner' } });
});

it('completes a seed stopped partway, and parts lost since, without duplicating anything', async () => {
  // Stopped in the middle of the complaints (after the 3rd complaint's accept), as Ctrl-C would.
  const stop = new Error('interrupted');
  let total = 0;
  await expect(
    seedDemo({
      afterWrite: (n) => {
        total = n;
        if (n === 2 + 15 + 2 + 3 + 2 + 1 + 3) throw stop;
      },
    }),
  ).rejects.toBe(stop);
  expect(total).toBe(28);
  expect(c.local.database.store.collections.get('complaints')!.docs.size).toBe(3);
  // And pieces lost from earlier parts (a member, a roster shift, a building) come back too.
  await c.db.collection('members').doc('demo-gm').remove();
  await c.db.collection('duty_roster').doc('demo-roster-community-b-duty_manager').remove();
  await c.db.collection('buildings').doc('community-a:2').remove();
  expect(await seedDemo()).toBe('resumed');
  await expectCompleteCompany();
  expect(await seedDemo()).toBe('complete');
});

it('gives demo owners saved with one `roomId` (before several rooms per account) their room, so they file again', async () => {
  await c.db.collection('members').add({ _id: 'demo-owner-1', kind: 'owner', name: '张先生', phone: '13800138001', role: 'owner', communityIds: ['community-a'], roomId: 'a-1-2-301', active: true });
  await seedDemo();
  expect(await c.call('demo-owner-1', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'owner', rooms: [{ id: 'a-1-2-301', relation: 'owner' }] } });
  const filed = await c.call('demo-owner-1', { action: 'complaint.submit', requestId: 'legacy-owner-1', communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: '楼道灯不亮了' });
  expect(filed).toMatchObject({ ok: true });
});
