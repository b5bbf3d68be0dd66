// The scheduler's statistics step (server/statistics/totals.ts keepStatistics) against CloudBase Local with
// the real SDK: when the writes it folds reach many months at once (a week of timers firing on a
// community's old open complaints), it recomputes one community-month at a time until its deadline,
// leaves the days of the months it did not reach dirty, goes on in the next run, and ends with the
// same figures as the community's own dashboard.
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Deps } from '../../server/kernel/ports';
import { keepStatistics, readTotals, totalsId } from '../../server/statistics/totals';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: ['community-a'], department: 'management', active: true });
  await c.post('/local/clock', { set: '2026-11-10T10:00:00+08:00' });
});
afterAll(() => c.stop());

const clock = async () => new Date((await c.get<{ now: string }>('/local/clock')).now);
const deps = () => ({ db: c.db, now: () => new Date() }) as unknown as Deps;
/** Let the step go on for `checks` more checks of its deadline (the fold checks once a page, the totals once a month). */
const allow = (checks: number) => {
  let asked = 0;
  return () => asked++ >= checks;
};
const dirtyDays = async () => ((await c.db.collection('stat_days').where({ dirty: true }).limit(100).get()).data as Array<{ day: string }>).map((d) => d.day).sort();

it('recomputes one community-month at a time until its deadline, and the next run goes on', async () => {
  // Nothing folded yet: the first fold takes in everything there is.
  expect(await keepStatistics(deps(), DEFAULT_POLICY, await clock(), allow(10))).toMatchObject({ folded: 0, more: false });
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'totals-1-abcdef', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门口灯坏了' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const { data } = await c.db.collection('complaints').doc(filed.data.id).get();
  const { _id: _ignored, ...template } = data[0] as Record<string, unknown>;
  // Open complaints filed in June and September, all written just now (their timers fired).
  const now = await clock();
  const old = ['2026-06-15', '2026-09-15'].map((day, i) => {
    const submittedAt = new Date(`${day}T09:00:00+08:00`);
    return { ...template, _id: `old-${i}`, number: `OLD-${i}`, submittedAt, respondBy: new Date(submittedAt.getTime() + 86_400_000), updatedAt: now };
  });
  await c.db.collection('complaints').add(old);

  // June's complaint counts in June, July and August (its deadlines and the look-back), September's in
  // September, October and November: six months. The deadline allows the fold's page and three months.
  const first = await keepStatistics(deps(), DEFAULT_POLICY, now, allow(1 + 3));
  expect(first).toMatchObject({ folded: 3, daysWritten: 3, totalsComputed: 3, more: true });
  const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
  const stored = async () => (await readTotals(c.db, months.map((m) => totalsId('community-a', m)))).map((t) => t.month).sort();
  expect(await stored()).toEqual(['2026-06', '2026-07', '2026-08']);
  // June's day is done; the other two wait for months not computed yet.
  expect(await dirtyDays()).toEqual(['2026-09-15', '2026-11-10']);

  const second = await keepStatistics(deps(), DEFAULT_POLICY, new Date(now.getTime() + 60_000), allow(100));
  expect(second).toMatchObject({ totalsComputed: 3, more: false });
  expect(await stored()).toEqual(months);
  expect(await dirtyDays()).toEqual([]);

  // The same figures as the community's own dashboard, month by month.
  for (const m of months) {
    const [year, month] = m.split('-').map(Number);
    const own = await c.call<{ submitted: number; responseOnTimeRate: number | null; complete: boolean }>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year, month });
    if (!own.ok) throw new Error(JSON.stringify(own));
    expect(own.data.complete).toBe(true);
    const [totals] = await readTotals(c.db, [totalsId('community-a', m)]);
    expect(totals).toMatchObject({ missing: 0, figures: { submitted: own.data.submitted, responseOnTimeRate: own.data.responseOnTimeRate } });
  }
});
