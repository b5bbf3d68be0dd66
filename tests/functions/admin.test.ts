// Company set-up: invitations that bind staff, the duty roster, rooms — administrators only.
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ ...admin });
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
  const shift = { role: 'security_supervisor', staffId: people.reception._id, from: '2026-12-01T18:00:00+08:00', to: '2026-12-02T08:30:00+08:00' };
  expect(await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-a', shifts: [shift] })).toEqual({ ok: true, data: { added: 1 } });
  expect(await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-a', shifts: [{ ...shift, to: shift.from }] })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-b', shifts: [shift] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(people.reception._id, { action: 'admin.invite', role: 'admin', communityIds: ['community-a'], department: 'x', name: '我', phone: '13700000099' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  const rooms = { action: 'admin.rooms.upsert', communityId: 'community-a', rooms: [{ id: 'a-8-1-808', building: '8', unit: '1', room: '808', residentPhones: ['13500135000'] }] };
  expect(await c.call(people.head._id, rooms)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(admin._id, rooms)).toEqual({ ok: true, data: { saved: 1, unbound: 0 } });
  // The new room can now be bound with its registered phone.
  expect(await c.call('openid-new-owner', { action: 'owner.bind', communityId: 'community-a', roomId: 'a-8-1-808', name: '新业主', phone: '13500135000' })).toMatchObject({ ok: true });
});

describe('company policy', () => {
  type PolicyReply = { policy: { urgencies: { important: { firstResponse: { amount: number } } }; calendar: { overrides: unknown[] } }; calendarGaps: number[] };

  it('starts from the seeds, warns that next year has no holiday data, and takes a manager’s change at once', async () => {
    await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
    const got = await c.call<PolicyReply>(admin._id, { action: 'admin.policy.get' });
    expect(got).toMatchObject({ ok: true, data: { policy: { urgencies: { important: { firstResponse: { amount: 1 } } } }, calendarGaps: [2027] } });
    const policy = got.ok ? structuredClone(got.data.policy) : null;
    // 重要 → 4 working hours instead of a day; 2027 New Year's Day entered by hand.
    (policy as { urgencies: { important: { firstResponse: object } } }).urgencies.important.firstResponse = { amount: 4, unit: 'working_hours' };
    Object.assign((policy as { calendar: object }).calendar, { overrides: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], yearsCoveredByOverrides: [2027] });
    const set = await c.call<PolicyReply>(admin._id, { action: 'admin.policy.set', policy });
    expect(set).toMatchObject({ ok: true, data: { calendarGaps: [] } });

    const r = await c.call<{ id: string; respondBy: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'policy-test-1', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门禁坏了' });
    const id = r.ok ? r.data.id : '';
    const triaged = await c.call<{ complaint: { respondBy: string } }>(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'facilities', urgency: 'important', complexity: 'ordinary', handlerId: people.handler1._id } });
    // Submitted Wednesday 10:00 + 4 working hours (lunch 12:00–13:30) = 15:30.
    // (To the minute: CloudBase Local's clock keeps running after it is set.)
    expect(triaged.ok && triaged.data.complaint.respondBy.slice(0, 16)).toBe(new Date('2026-11-18T15:30:00+08:00').toISOString().slice(0, 16));
  });

  it('refuses an inconsistent or malformed policy, and non-administrators', async () => {
    const got = await c.call<PolicyReply>(admin._id, { action: 'admin.policy.get' });
    const broken = structuredClone(got.ok ? got.data.policy : {}) as { categories: Array<{ department: string }> };
    broken.categories[0]!.department = 'no_such_department';
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy: broken })).toMatchObject({ ok: false, code: 'VALIDATION', detail: expect.stringContaining('不存在') });
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy: { categories: [] } })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await c.call(people.head._id, { action: 'admin.policy.get' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('staff and communities', () => {
  it('moves a handler to another department, deactivates them, and they lose access', async () => {
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: people.handler2._id, department: 'environment' })).toEqual({ ok: true, data: { updated: true, released: 0 } });
    expect(await c.call(people.handler2._id, { action: 'inbox.list', view: 'department' })).toMatchObject({ ok: true });
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: people.handler2._id, active: false })).toEqual({ ok: true, data: { updated: true, released: 0 } });
    expect(await c.call(people.handler2._id, { action: 'inbox.list', view: 'mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });

  it('refuses moving staff into a community the administrator does not manage, owners, and self-demotion', async () => {
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: people.handler1._id, communityIds: ['community-b'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: people.owner._id, active: false })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: admin._id, active: false })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('records a community with its households and answers the monthly owner-visit target (seed 002 §6)', async () => {
    expect(await c.call(admin._id, { action: 'admin.community.upsert', id: 'community-a', name: '阳光花园', households: 280 })).toEqual({ ok: true, data: { id: 'community-a', visitTarget: 12 } });
  });
});

describe('lists for naming people', () => {
  it('staff.list gives a community’s active staff (optionally one department) to its own staff only', async () => {
    const all = await c.call<{ items: Array<{ id: string; role: string; department: string | null }> }>(people.reception._id, { action: 'staff.list', communityId: 'community-a' });
    const ids = all.ok ? all.data.items.map((s) => s.id) : [];
    expect(ids).toEqual(expect.arrayContaining(['openid-admin', 'openid-handler-1', 'openid-head', 'openid-reception']));
    // handler-2 was deactivated above; community-b's staff and owners are not listed.
    expect(ids).not.toContain('openid-handler-2');
    expect(ids).not.toContain(people.strangerStaff._id);
    expect(ids).not.toContain(people.owner._id);
    const engineering = await c.call<{ items: Array<{ id: string }> }>(people.reception._id, { action: 'staff.list', communityId: 'community-a', department: 'engineering' });
    const inEngineering = engineering.ok ? engineering.data.items.map((s) => s.id) : [];
    expect(inEngineering).toEqual(expect.arrayContaining(['openid-handler-1', 'openid-head']));
    expect(inEngineering).not.toContain(people.reception._id);
    expect(await c.call(people.strangerStaff._id, { action: 'staff.list', communityId: 'community-a' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(people.owner._id, { action: 'staff.list', communityId: 'community-a' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('admin.roster.list shows the shifts not yet over, soonest ending first, to administrators', async () => {
    const now = Date.parse((await c.get<{ now: string }>('/local/clock')).now);
    const at = (h: number) => new Date(now + h * 3_600_000).toISOString();
    await c.call(admin._id, { action: 'admin.roster.add', communityId: 'community-a', shifts: [
      { role: 'duty_manager', staffId: 'openid-head', from: at(-30), to: at(-20) },
      { role: 'duty_manager', staffId: 'openid-head', from: at(1), to: at(10) },
      { role: 'security_supervisor', staffId: 'openid-handler-1', from: at(-1), to: at(5) },
    ] });
    const r = await c.call<{ items: Array<{ role: string; to: string }> }>(admin._id, { action: 'admin.roster.list', communityId: 'community-a' });
    expect(r.ok && r.data.items.filter((s) => Date.parse(s.to) < now)).toEqual([]);
    expect(r.ok && r.data.items.slice(0, 2).map((s) => s.role)).toEqual(['security_supervisor', 'duty_manager']);
    expect(await c.call(people.head._id, { action: 'admin.roster.list', communityId: 'community-a' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
