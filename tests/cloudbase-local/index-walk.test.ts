// CloudBase Local reads a declared compound index the way a database walks it, through the real
// @cloudbase/node-sdk: in index order, stopping at skip + limit, merging the ranges of an `$in` on
// the equality prefix and of the `$or` keyset form; a sort no index serves is an in-memory sort,
// counted, and refused past the cloud's sort memory limit.
import type { CollectionSpec } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

const closed = { read: false, write: false } as const;
const collections: CollectionSpec[] = [
  { name: 'cards', rules: closed, indexes: [{ name: 'community_status_at_id', keys: [['community', 1], ['status', 1], ['at', -1], ['_id', -1]] }] },
  { name: 'blobs', rules: closed, indexes: [{ name: 'g_n', keys: [['g', 1], ['n', 1]] }] },
  { name: 'pick', rules: closed, indexes: [{ name: 'g', keys: [['g', 1]] }, { name: 'n', keys: [['n', 1]] }] },
];

let c: LocalCloud;
beforeAll(async () => {
  c = await startLocal({ collections });
  // 3,000 cards in one community over three statuses, at distinct minutes; 25 more share one instant.
  const base = Date.parse('2026-11-01T00:00:00Z');
  const docs = Array.from({ length: 3000 }, (_x, i) => ({ _id: `c${String(i).padStart(5, '0')}`, community: 'a', status: ['open', 'doing', 'done'][i % 3], at: new Date(base + i * 60_000) }));
  for (let i = 0; i < 25; i++) docs.push({ _id: `t${String(i).padStart(2, '0')}`, community: 'b', status: 'open', at: new Date(base) });
  for (let i = 0; i < docs.length; i += 500) await c.db.collection('cards').add(docs.slice(i, i + 500));
});
afterAll(() => c.stop());

const _ = () => c.db.command;
type Tally = { scanned: number; inMemorySorts: number };
async function measured<T>(run: () => Promise<T>, collection = 'cards'): Promise<{ result: T } & Tally> {
  await c.post('/local/counters/reset', {});
  const result = await run();
  const t = (await c.get<{ byCollection: Record<string, Tally> }>('/local/counters')).byCollection[collection]!;
  return { result, scanned: t.scanned, inMemorySorts: t.inMemorySorts };
}
const ids = (r: { data: Array<{ _id: string }> }) => r.data.map((d) => d._id);

describe('an index walk stops at skip + limit', () => {
  it('a page of 20 in index order reads 20 documents of 1,000 matching, a page at skip 40 reads 60', async () => {
    const first = await measured(() => c.db.collection('cards').where({ community: 'a', status: 'open' }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(20).get());
    expect(ids(first.result)).toEqual(Array.from({ length: 20 }, (_x, k) => `c${String(2997 - 3 * k).padStart(5, '0')}`));
    expect(first).toMatchObject({ scanned: 20, inMemorySorts: 0 });
    const third = await measured(() => c.db.collection('cards').where({ community: 'a', status: 'open' }).orderBy('at', 'desc').skip(40).limit(20).get());
    expect(ids(third.result)[0]).toBe(`c${String(2997 - 3 * 40).padStart(5, '0')}`);
    expect(third).toMatchObject({ scanned: 60, inMemorySorts: 0 });
    // The inverted order reads the same index backwards.
    const oldest = await measured(() => c.db.collection('cards').where({ community: 'a', status: 'open' }).orderBy('at', 'asc').limit(5).get());
    expect(ids(oldest.result)).toEqual(['c00000', 'c00003', 'c00006', 'c00009', 'c00012']);
    expect(oldest.scanned).toBe(5);
  });

  it('a range bounded on both sides reads that range alone, counted or paged', async () => {
    // `_.gte(a).and(_.lt(b))`: both bounds narrow the walk (the upper one was once dropped, and a
    // count of a month read everything after its first day).
    const base = Date.parse('2026-11-01T00:00:00Z');
    const where = { community: 'a', status: 'open', at: _().gte(new Date(base + 300 * 60_000)).and(_().lt(new Date(base + 600 * 60_000))) };
    const counted = await measured(() => c.db.collection('cards').where(where).count());
    expect(counted).toMatchObject({ result: { total: 100 }, scanned: 100 });
    const page = await measured(() => c.db.collection('cards').where(where).orderBy('at', 'desc').limit(1000).get());
    expect(ids(page.result)[0]).toBe('c00597');
    expect(page).toMatchObject({ scanned: 100, inMemorySorts: 0 });
  });

  it('an _id equality or $in reads those documents alone (the primary key), whatever else the collection holds', async () => {
    const wanted = ['c00042', 'c02997', 'c00007', 'missing'];
    const page = await measured(() => c.db.collection('cards').where({ _id: _().in(wanted), status: 'open' }).limit(10).get());
    expect(ids(page.result)).toEqual(['c00042', 'c02997']);
    expect(page).toMatchObject({ scanned: 3, inMemorySorts: 0 });
    const one = await measured(() => c.db.collection('cards').where({ _id: 'c00007', status: 'doing' }).update({ touched: true }));
    expect(one).toMatchObject({ result: { updated: 1 }, scanned: 1 });
  });

  it('$in on a prefix field merges the per-value ranges in sort order', async () => {
    const page = await measured(() => c.db.collection('cards').where({ community: 'a', status: _().in(['open', 'doing', 'done']) }).orderBy('at', 'desc').limit(10).get());
    expect(ids(page.result)).toEqual(Array.from({ length: 10 }, (_x, k) => `c${String(2999 - k).padStart(5, '0')}`));
    expect(page).toMatchObject({ scanned: 10, inMemorySorts: 0 });
  });

  it('the keyset $or (at < k, or at = k and _id < id) is two ranges of one index: 25 ties across pages of 20, each seen once', async () => {
    const seen: string[] = [];
    let after: { at: Date; id: string } | null = null;
    const scannedPerPage: number[] = [];
    for (let page = 0; page < 3; page++) {
      const where = after
        ? _().and([{ community: 'b', status: 'open' }, _().or([{ at: _().lt(after.at) }, { at: after.at, _id: _().lt(after.id) }])])
        : { community: 'b', status: 'open' };
      const r = await measured(() => c.db.collection('cards').where(where).orderBy('at', 'desc').orderBy('_id', 'desc').limit(20).get());
      const data = r.result.data as Array<{ _id: string; at: Date }>;
      scannedPerPage.push(r.scanned);
      expect(r.inMemorySorts).toBe(0);
      seen.push(...data.map((d) => d._id));
      if (data.length < 20) break;
      after = { at: data[data.length - 1]!.at, id: data[data.length - 1]!._id };
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_x, i) => `t${String(24 - i).padStart(2, '0')}`));
    expect(scannedPerPage).toEqual([20, 5]);
  });

  it('strict mode refuses an $or whose branches no single index covers', async () => {
    const run = () => c.db.collection('cards').where(_().or([{ community: 'a', status: 'open' }, { at: _().lt(new Date()) }])).get();
    await expect(run()).rejects.toMatchObject({ code: 'DATABASE_QUERY_NOT_INDEXED', message: expect.stringContaining('$or') });
  });
});

describe('a sort no index serves is an in-memory sort', () => {
  it('reads every candidate, sorts them in memory and counts it', async () => {
    // The index orders (community, status, at): sorting one community by `at` across statuses needs a sort.
    const r = await measured(() => c.db.collection('cards').where({ community: 'a' }).orderBy('at', 'desc').limit(5).get());
    expect(ids(r.result)).toEqual(['c02999', 'c02998', 'c02997', 'c02996', 'c02995']);
    expect(r).toMatchObject({ scanned: 3000, inMemorySorts: 1 });
    const mixed = await measured(() => c.db.collection('cards').where({ community: 'a', status: 'open' }).orderBy('at', 'desc').orderBy('_id', 'asc').limit(5).get());
    expect(mixed).toMatchObject({ scanned: 1000, inMemorySorts: 1 });
  });

  it('an index that narrows the read is chosen over one that only orders it', async () => {
    // 1,000 documents, 10 in group 3: reading the `n` index in order would pass ~300 others before five of group 3.
    const docs = Array.from({ length: 1000 }, (_x, n) => ({ g: n % 100, n }));
    for (let i = 0; i < docs.length; i += 500) await c.db.collection('pick').add(docs.slice(i, i + 500));
    const r = await measured(() => c.db.collection('pick').where({ g: 3 }).orderBy('n', 'asc').limit(5).get(), 'pick');
    expect((r.result.data as Array<{ n: number }>).map((d) => d.n)).toEqual([3, 103, 203, 303, 403]);
    expect(r).toMatchObject({ scanned: 10, inMemorySorts: 1 });
  });

  it('strict mode refuses one that holds more than 32 MiB; a top-k of a few documents, or a served sort, passes', async () => {
    // 1,000 documents of ~36 KB: sorted whole they pass MongoDB's 32 MiB blocking-sort limit.
    const text = 'x'.repeat(36 * 1024);
    const blobs = Array.from({ length: 1000 }, (_x, n) => ({ g: 1, n, other: 1000 - n, text }));
    for (let i = 0; i < blobs.length; i += 50) await c.db.collection('blobs').add(blobs.slice(i, i + 50));
    await expect(c.db.collection('blobs').where({ g: 1 }).orderBy('other', 'asc').limit(1000).get()).rejects.toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: expect.stringContaining('Sort exceeded memory limit of 33554432 bytes'),
    });
    const topK = await measured(() => c.db.collection('blobs').where({ g: 1 }).orderBy('other', 'asc').limit(10).get(), 'blobs');
    expect((topK.result.data as Array<{ n: number }>).map((d) => d.n)).toEqual([999, 998, 997, 996, 995, 994, 993, 992, 991, 990]);
    expect(topK.inMemorySorts).toBe(1);
    const served = await measured(() => c.db.collection('blobs').where({ g: 1 }).orderBy('n', 'desc').limit(1000).get(), 'blobs');
    expect(served).toMatchObject({ scanned: 1000, inMemorySorts: 0 });
  });
});
