// The statistics fold (server/statistics/days.ts) against CloudBase Local with the real SDK: every state
// write through the store marks the complaint's facts due in that same write; the fold sweeps the marked
// complaints a page at a time — a fold stopped at its deadline leaves the rest marked for the next run,
// with nothing of its own to remember — puts each in its day once, and clears a marker only if the
// complaint is still at the version it folded.
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

/** What foldWrites uses of the function's world: the database (the real SDK, against CloudBase Local). */
const deps = () => ({ db: c.db }) as unknown as Deps;
/** Stop after `pages` pages have been read. */
const after = (pages: number) => {
  let asked = 0;
  return () => asked++ >= pages;
};
const due = async () => (await c.db.collection('complaints').where({ factsDueAt: c.db.command.gte(new Date(0)) }).count()).total;
const day = async () => ((await c.db.collection('stat_days').where({ _id: 'community-a:2026-11-10' }).get()).data[0] as { c: Record<string, { v: number; a?: number }> } | undefined)?.c ?? {};

it('folds the marked complaints a page at a time, the rest staying marked for the next run', async () => {
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'fold-pass-1-abcdef', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门口灯坏了' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  // The submit marked it, in the write that stored it.
  const { data } = await c.db.collection('complaints').doc(filed.data.id).get();
  const { _id: _ignored, ...template } = data[0] as Record<string, unknown>;
  expect(template.factsDueAt).toBeInstanceOf(Date);
  // 24 more, marked at one instant (as a scheduler run stamps its writes), at two versions.
  await c.db.collection('complaints').add(Array.from({ length: 24 }, (_x, i) => ({ ...template, _id: `fold-${String(i).padStart(2, '0')}`, number: `FOLD-${i}`, version: 1 + (i % 2) })));
  expect(await due()).toBe(25);

  const first = await foldWrites(deps(), after(1), 10);
  expect(first).toMatchObject({ complaints: 10, more: true });
  expect(await due()).toBe(15);
  const second = await foldWrites(deps(), after(1), 10);
  expect(second).toMatchObject({ complaints: 10, more: true });
  const last = await foldWrites(deps(), after(10), 10);
  expect(last).toMatchObject({ complaints: 5, more: false });
  // Cleared a page at a time, one write per version in the page, not one per complaint.
  expect(first.cleared + second.cleared + last.cleared).toBeLessThanOrEqual(6);
  expect(await due()).toBe(0);
  expect(Object.keys(await day()).sort()).toEqual([filed.data.id, ...Array.from({ length: 24 }, (_x, i) => `fold-${String(i).padStart(2, '0')}`)].sort());
  // Nothing is due: the next fold reads nothing and writes nothing.
  expect(await foldWrites(deps(), after(10), 10)).toMatchObject({ complaints: 0, days: 0, more: false });
});

/**
 * The fold's database, with `hook` run just before it clears markers: a person's command landing between
 * the fold's read of a complaint and its clearing. Every call goes to the real SDK.
 */
function clearingAfter(hook: () => Promise<void>): Deps {
  const bound = <T extends object>(t: T, k: string | symbol) => {
    const v = Reflect.get(t, k, t) as unknown;
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
  };
  const query = (q: object): object =>
    new Proxy(q, {
      get: (t, k) =>
        k === 'update'
          ? async (data: Record<string, unknown>) => {
              if ('factsDueAt' in data) await hook();
              return (bound(t, k) as (d: object) => Promise<unknown>)(data);
            }
          : bound(t, k),
    });
  const db = new Proxy(c.db, {
    get: (t, k) => (k === 'collection' ? (name: string) => (name === 'complaints' ? new Proxy(t.collection(name), { get: (col, ck) => (ck === 'where' ? (f: object) => query(col.where(f)) : bound(col, ck)) }) : t.collection(name)) : bound(t, k)),
  });
  return { db } as unknown as Deps;
}

it('keeps the marker of a complaint written again after the fold read it, and folds that write next time', async () => {
  // Past the owner's filing rate limit, which counts the first test's copies.
  await c.post('/local/clock', { set: '2026-11-10T12:00:00+08:00' });
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'fold-race-1-abcdef', communityId: 'community-a', location: { kind: 'room', building: '1', room: '302' }, description: '楼道漏水' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const id = filed.data.id;
  const { data: before } = await c.db.collection('complaints').doc(id).get();
  const version = (before[0] as { version: number }).version;
  // Triaged after the fold read the submitted state, before it cleared the marker.
  const triage = async () => {
    const r = await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
    expect(r).toMatchObject({ ok: true });
  };
  expect(await foldWrites(clearingAfter(triage), after(10), 10)).toMatchObject({ complaints: 1, more: false });
  // The day holds the version the fold read; the triage's write is still marked: its version is not the one folded.
  expect((await day())[id]).toMatchObject({ v: version });
  expect(await due()).toBe(1);
  await foldWrites(deps(), after(10), 10);
  expect(await due()).toBe(0);
  expect((await day())[id]!.v).toBeGreaterThan(version);
});
