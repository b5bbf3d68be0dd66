// The statistics fold (server/statistics/days.ts) against CloudBase Local with the real SDK: a pass that
// stops at its deadline goes on after its cursor in the next run — even through a run of complaints
// that share one write time (the scheduler stamps a whole run's writes with one time) — and a finished
// pass puts every complaint in its day, once.
import { foldWrites } from '../../server/statistics/days';
import type { Deps } from '../../server/kernel/ports';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.post('/local/clock', { set: '2026-11-10T10:00:00+08:00' });
});
afterAll(() => c.stop());

const clock = async () => new Date((await c.get<{ now: string }>('/local/clock')).now);
/** What foldWrites uses of the function's world: the database (the real SDK, against CloudBase Local). */
const deps = () => ({ db: c.db }) as unknown as Deps;
/** Stop after `pages` pages have been read. */
const after = (pages: number) => {
  let asked = 0;
  return () => asked++ >= pages;
};

it('goes on after its cursor when it stops at its deadline, through complaints sharing one write time', async () => {
  // The first fold of the environment takes in everything there is (here: nothing yet).
  expect(await foldWrites(deps(), await clock(), after(10), 10)).toMatchObject({ complaints: 0, more: false });
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'fold-pass-1-abcdef', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门口灯坏了' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const { data } = await c.db.collection('complaints').doc(filed.data.id).get();
  const { _id: _ignored, ...template } = data[0] as Record<string, unknown>;
  // 24 more written at one instant, as a scheduler run stamps its writes.
  const stamp = await clock();
  await c.db.collection('complaints').add(Array.from({ length: 24 }, (_x, i) => ({ ...template, _id: `fold-${String(i).padStart(2, '0')}`, number: `FOLD-${i}`, updatedAt: stamp })));

  const now = await clock();
  const first = await foldWrites(deps(), now, after(1), 10);
  expect(first).toMatchObject({ complaints: 10, more: true });
  const second = await foldWrites(deps(), new Date(now.getTime() + 60_000), after(1), 10);
  expect(second).toMatchObject({ complaints: 10, more: true });
  const last = await foldWrites(deps(), new Date(now.getTime() + 120_000), after(10), 10);
  expect(last).toMatchObject({ complaints: 5, more: false });

  const { data: days } = await c.db.collection('stat_days').where({ _id: 'community-a:2026-11-10' }).get();
  expect(Object.keys((days[0] as { c: object }).c).sort()).toEqual([filed.data.id, ...Array.from({ length: 24 }, (_x, i) => `fold-${String(i).padStart(2, '0')}`)].sort());
  // The finished pass marks when it began: the next one starts a margin before that, never after a write it may have missed.
  const { data: marks } = await c.db.collection('heartbeats').where({ _id: 'stat-fold' }).get();
  expect(marks[0]).toMatchObject({ at: now, pass: null });
  // The next pass re-reads that margin (the same facts: no day is written again) and is done.
  expect(await foldWrites(deps(), new Date(now.getTime() + 180_000), after(10), 10)).toMatchObject({ more: false, days: 0 });
});
