// 集团看板 through the real api function: every community the general manager oversees, side by side
// for a month, from one small totals document each (server/statistics/totals.ts), kept by the scheduler;
// and no 20-community cap for company roles.
import { admin, ownerMember, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const MANY = Array.from({ length: 30 }, (_x, i) => `community-${String(i).padStart(2, '0')}`);
const gm = { _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: ['community-a', 'community-b', ...MANY], department: 'management', active: true };
const ownerB = ownerMember('openid-owner-b', '王女士', '13900139001', 'room-b-1-101', 'community-b');

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([gm, { ...admin, communityIds: gm.communityIds }, ownerB]);
  await c.db.collection('communities').add([
    { _id: 'community-a', name: '阳光花园', households: 800 },
    { _id: 'community-b', name: '翠湖苑', households: 250 },
    ...MANY.map((id, i) => ({ _id: id, name: `小区${i}`, households: 100 })),
  ]);
  await c.post('/local/clock', { set: '2026-11-10T10:00:00+08:00' });
});
afterAll(() => c.stop());

const file = async (owner: string, communityId: string, n: number) => {
  const building = communityId === 'community-a' ? '1' : 'b-1';
  const r = await c.call<{ id: string }>(owner, { action: 'complaint.submit', requestId: `company-${communityId}-${n}-abcdef`, communityId, location: { kind: 'room', building, room: '301' }, description: `问题${n}` });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
};
const act = (openid: string, id: string, command: object) => c.call(openid, { action: 'complaint.command', id, command });

it('shows every community of the general manager side by side, ranked, with the figures of its own dashboard', async () => {
  // 阳光花园: one complaint worked and rated 5★ on time; 翠湖苑: two left untouched past their deadline.
  const done = await file(people.owner._id, 'community-a', 1);
  await act(people.reception._id, done, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  await act(people.handler1._id, done, { type: 'accept' });
  await act(people.handler1._id, done, { type: 'investigate', findings: '查明', photos: [], responsibleParty: 'property' });
  await act(people.handler1._id, done, { type: 'plan', description: '修', expectedCompletionAt: '2026-11-11T10:00:00+08:00', estimatedCost: 0 });
  await act(people.handler1._id, done, { type: 'resolve', result: '修好了', photos: [] });
  await act(people.owner._id, done, { type: 'rate', score: 5, comment: '好' });
  await file(ownerB._id, 'community-b', 1);
  await c.post('/local/clock', { advanceMs: 60_000 * 11 });
  await file(ownerB._id, 'community-b', 2);
  await c.post('/local/clock', { set: '2026-11-20T10:00:00+08:00' });

  const r = await c.call<{ items: Array<Record<string, unknown>>; overdueComplete: boolean }>('openid-gm', { action: 'stats.company', year: 2026, month: 11 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  expect(r.data.items).toHaveLength(32);
  // Ranked: on-time resolution first (翠湖苑's deadlines have passed unmet), communities with nothing to measure last.
  // No totals existed yet: the call computed them (asOf now).
  const asOf = expect.stringMatching(/^2026-11-20T02:00:0/);
  expect(r.data.items.slice(0, 2)).toEqual([
    expect.objectContaining({ communityId: 'community-a', name: '阳光花园', submitted: 1, responseOnTimeRate: 1, resolutionOnTimeRate: 1, satisfiedRate: 1, rated: 1, reopenRate: 0, overdueNow: 0, visitTarget: 32, visitsDone: 0, complete: true, asOf }),
    expect.objectContaining({ communityId: 'community-b', name: '翠湖苑', submitted: 2, responseOnTimeRate: 0, resolutionOnTimeRate: null, satisfiedRate: null, overdueNow: 2, visitTarget: 10, complete: true, asOf }),
  ]);
  expect(r.data.items[2]).toMatchObject({ submitted: 0, responseOnTimeRate: null, overdueNow: 0 });
  expect(r.data.overdueComplete).toBe(true);
  // Asked again: one read of totals for all 32 communities, whatever their size — no facts, no complaints but the overdue count.
  await c.post('/local/counters/reset', {});
  expect(await c.call('openid-gm', { action: 'stats.company', year: 2026, month: 11 })).toMatchObject({ ok: true, data: { items: expect.arrayContaining([expect.objectContaining({ communityId: 'community-b', submitted: 2, asOf })]) } });
  const counters = await c.get<{ byCollection: Record<string, { reads: number }> }>('/local/counters');
  expect(counters.byCollection.stat_totals).toMatchObject({ reads: 1 });
  expect(counters.byCollection.stat_days).toBeUndefined();
  expect(counters.byCollection.complaints).toMatchObject({ reads: 1 });
  // The same figures as each community's own dashboard.
  const b = await c.call<Record<string, unknown>>('openid-gm', { action: 'stats.monthly', communityId: 'community-b', year: 2026, month: 11 });
  expect(b).toMatchObject({ ok: true, data: { submitted: 2, responseOnTimeRate: 0 } });
});

it('is for the general manager and administrators only', async () => {
  expect(await c.call(admin._id, { action: 'stats.company', year: 2026, month: 11 })).toMatchObject({ ok: true });
  expect(await c.call(people.head._id, { action: 'stats.company', year: 2026, month: 11 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(people.owner._id, { action: 'stats.company', year: 2026, month: 11 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

it('lets company roles hold more than 20 communities, and no one else', async () => {
  const invite = (role: string, communityIds: string[]) => c.call(admin._id, { action: 'admin.invite', role, communityIds, department: 'management', name: '区域经理', phone: '13700000099' });
  expect(await invite('general_manager', MANY)).toMatchObject({ ok: true });
  const refused = await invite('department_head', MANY);
  expect(refused).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('只有总经理和管理员可以负责超过 20 个小区') });
  expect(await invite('department_head', MANY.slice(0, 20))).toMatchObject({ ok: true });
  expect(await invite('general_manager', [...MANY, ...MANY.slice(0, 1)])).toMatchObject({ ok: false, code: 'VALIDATION' });
  // Moving a head to 30 communities is refused on the role they hold; promoting them with it is not.
  const update = (extra: object) => c.call(admin._id, { action: 'admin.staff.update', staffId: people.head._id, communityIds: ['community-a', ...MANY], ...extra });
  expect(await update({})).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('只有总经理和管理员') });
  expect(await update({ role: 'duty_manager' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await update({ role: 'general_manager' })).toMatchObject({ ok: true, data: { updated: true } });
});

const runScheduler = () => c.post<{ result: { statistics: { totalsComputed: number; more: boolean } } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);
const row = async (communityId: string) => {
  const r = await c.call<{ items: Array<Record<string, unknown>> }>('openid-gm', { action: 'stats.company', year: 2026, month: 11 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.items.find((i) => i.communityId === communityId)!;
};

it('follows new complaints at the next scheduler run, and deadlines passing without any write within 15 minutes', async () => {
  await c.post('/local/clock', { set: '2026-11-21T10:00:00+08:00' });
  await runScheduler();
  const before = await row('community-a');
  expect(before).toMatchObject({ submitted: 1, responseOnTimeRate: 1 });
  // A complaint filed: the dashboard shows the totals as of the last run (it says when), the next run folds it in.
  await file(people.owner._id, 'community-a', 3);
  expect(await row('community-a')).toMatchObject({ submitted: 1, asOf: before.asOf });
  await c.post('/local/clock', { advanceMs: 60_000 });
  expect((await runScheduler()).statistics).toMatchObject({ totalsComputed: 1, more: false });
  const after = await row('community-a');
  expect(after).toMatchObject({ submitted: 2, responseOnTimeRate: 1, asOf: expect.stringMatching(/^2026-11-21T02:01:0/) });
  // Nothing changed since: the next run computes nothing, the dirty day was cleared.
  await c.post('/local/clock', { advanceMs: 60_000 });
  expect((await runScheduler()).statistics).toMatchObject({ totalsComputed: 0 });
  const { total: dirty } = await c.db.collection('stat_days').where({ dirty: true }).count();
  expect(dirty).toBe(0);
  // Its response deadline passes unmet with no fact changing (the scheduler's reminders write the complaint,
  // not its facts): the current month's totals are recomputed anyway once 15 minutes old, and the missed deadline counts.
  // (Filed on a Saturday: its response deadline is Tuesday at 18:00, in working hours.)
  await c.post('/local/clock', { set: '2026-11-25T10:00:00+08:00' });
  expect((await runScheduler()).statistics.totalsComputed).toBeGreaterThanOrEqual(1);
  expect(await row('community-a')).toMatchObject({ submitted: 2, responseOnTimeRate: 0.5, overdueNow: 1 });
});

it('heals statistics that lost complaints: the month is rebuilt from the complaints before its totals are computed', async () => {
  // Complaints written behind the api's back (no facts folded), in a community nobody computed for this month yet.
  const at = new Date('2026-11-05T09:00:00+08:00');
  const { data } = await c.db.collection('complaints').where({ communityId: 'community-b', submittedAt: c.db.command.gte(new Date('2026-11-01T00:00:00+08:00')) }).limit(1).get();
  const template = data[0] as Record<string, unknown>;
  await c.db.collection('complaints').add([0, 1, 2].map((i) => ({ ...template, _id: `orphan-${i}`, number: `orphan-${i}`, communityId: 'community-00', submittedAt: at })));
  // Its totals (computed empty on the first day) are older than 15 minutes: the next run recomputes them,
  // finds the month short by index, and rebuilds it first.
  expect(await row('community-00')).toMatchObject({ submitted: 0 });
  await c.post('/local/clock', { advanceMs: 16 * 60_000 });
  await runScheduler();
  expect(await row('community-00')).toMatchObject({ submitted: 3, complete: true, missing: 0 });
  const { data: days } = await c.db.collection('stat_days').where({ _id: 'community-00:2026-11-05' }).get();
  expect(Object.keys((days[0] as { c: object }).c)).toEqual(['orphan-0', 'orphan-1', 'orphan-2']);
});

it('管理看板 carries twelve months: the month asked for computed now, the eleven before from their totals in one read, a month without totals missing', async () => {
  await c.post('/local/clock', { set: '2026-12-03T10:00:00+08:00' });
  // The scheduler fills every community's previous month (November) that has no totals yet.
  await runScheduler();
  type Trend = { month: string; figures: Record<string, unknown> | null };
  type Monthly = { submitted: number; responseOnTimeRate: number | null; trend: Trend[]; targets: Record<string, number> };
  await c.post('/local/counters/reset', {});
  const r = await c.call<Monthly>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 12 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  // The trend's totals are one query of eleven ids, beside the month's own reads: one round trip more, none of them unbounded.
  const counters = await c.get<{ byCollection: Record<string, { calls: number; reads: number }> }>('/local/counters');
  expect(counters.byCollection.stat_totals).toMatchObject({ calls: 1 });
  expect(r.data.trend.map((p) => p.month)).toEqual(Array.from({ length: 12 }, (_x, i) => `2026-${String(i + 1).padStart(2, '0')}`));
  // November as its totals document holds it (the figures 集团看板 shows); October and before were never computed: missing, not zero.
  const { data: november } = await c.db.collection('stat_totals').doc('community-a:2026-11').get();
  expect(r.data.trend[10]).toEqual({ month: '2026-11', figures: (november[0] as { figures: object }).figures });
  expect(r.data.trend[10]!.figures).toMatchObject({ submitted: 2 });
  // Earlier months are their totals where the scheduler computed them (it fills each previous month), else missing.
  const earlier = r.data.trend.slice(0, 10).map((p) => p.month);
  const { data: stored } = await c.db.collection('stat_totals').where({ _id: c.db.command.in(earlier.map((m) => `community-a:${m}`)) }).get();
  const computed = new Set((stored as Array<{ _id: string }>).map((d) => d._id.slice('community-a:'.length)));
  expect(computed.size).toBeLessThan(10);
  for (const p of r.data.trend.slice(0, 10)) expect(p.figures === null).toBe(!computed.has(p.month));
  // December is this call's own figures.
  expect(r.data.trend[11]).toEqual({ month: '2026-12', figures: expect.objectContaining({ submitted: r.data.submitted, responseOnTimeRate: r.data.responseOnTimeRate }) });
  // The company's targets ride along (domain/policy.ts defaults until a manager sets them).
  expect(r.data.targets).toEqual({ responseOnTimeRate: 0.9, resolutionOnTimeRate: 0.9, satisfiedRate: 0.8, reopenRate: 0.1 });
  // Across a new year: February's twelve months start the March before.
  const february = await c.call<Monthly>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 2 });
  expect(february.ok && [february.data.trend[0]!.month, february.data.trend[11]!.month]).toEqual(['2025-03', '2026-02']);
  // Someone else's community: refused before any read of its totals.
  await c.post('/local/counters/reset', {});
  expect(await c.call(people.head._id, { action: 'stats.monthly', communityId: 'community-b', year: 2026, month: 12 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect((await c.get<{ byCollection: Record<string, unknown> }>('/local/counters')).byCollection.stat_totals).toBeUndefined();
});

it('holds the month to the targets the company sets', async () => {
  const got = await c.call<{ policy: Record<string, unknown> }>(admin._id, { action: 'admin.policy.get' });
  if (!got.ok) throw new Error(JSON.stringify(got));
  const targets = { responseOnTimeRate: 0.95, resolutionOnTimeRate: 0.85, satisfiedRate: 0.9, reopenRate: 0.05 };
  expect(await c.call(admin._id, { action: 'admin.policy.set', policy: { ...got.data.policy, targets } })).toMatchObject({ ok: true });
  expect(await c.call('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 12 })).toMatchObject({ ok: true, data: { targets } });
  // A target is a rate: anything else is refused and nothing is saved.
  expect(await c.call(admin._id, { action: 'admin.policy.set', policy: { ...got.data.policy, targets: { ...targets, satisfiedRate: 1.5 } } })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await c.call(admin._id, { action: 'admin.policy.get' })).toMatchObject({ ok: true, data: { policy: { targets } } });
});
