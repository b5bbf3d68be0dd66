// CloudBase Local's database through the real @cloudbase/node-sdk over HTTP: actions, operators,
// EJSON types, limits, transactions, strict index refusals and counters.
import type { Transaction } from '@cloudbase/database/dist/commonjs/transaction/index';
import type { CollectionSpec } from '@wuye/cloudbase-local';
import { startCloudBaseLocal } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

const closed = { read: false, write: false } as const;
const collections: CollectionSpec[] = [
  {
    name: 'tickets',
    rules: closed,
    indexes: [
      { name: 'community_status_at', keys: [['community', 1], ['status', 1], ['at', -1]] },
      { name: 'due', keys: [['due', 1]] },
      { name: 'number', keys: [['number', 1]], unique: true },
    ],
  },
  { name: 'bulk', rules: closed, indexes: [{ name: 'n', keys: [['n', 1]] }, { name: 'g_n', keys: [['g', 1], ['n', 1]] }] },
  { name: 'settings', rules: closed, small: true, indexes: [] },
];

let c: LocalCloud;
beforeAll(async () => {
  c = await startLocal({ collections });
});
afterAll(() => c.stop());

const tickets = () => c.db.collection('tickets');
const addTicket = async (doc: object): Promise<string> => (await tickets().add(doc)).id!;
const _ = () => c.db.command;

async function fresh(): Promise<void> {
  await tickets().where({ due: _().exists(true) }).remove();
  await tickets().where({ due: _().exists(false) }).remove();
}

describe('documents and EJSON', () => {
  beforeEach(fresh);

  it('keeps dates, integers, doubles and nested paths through add / get / update', async () => {
    const at = new Date('2026-11-18T02:00:00Z');
    const id = await addTicket({ number: 'T1', community: 'a', status: 'open', at, due: at, count: 3, ratio: 0.5, owner: { room: '301', tags: ['x'] } });
    await tickets().doc(id).update({ 'owner.room': '302', count: _().inc(2), ratio: _().inc(0.25), 'owner.tags': _().push('y'), gone: _().remove() });
    const { data } = await tickets().doc(id).get();
    expect(data[0]).toEqual({ _id: id, number: 'T1', community: 'a', status: 'open', at, due: at, count: 5, ratio: 0.75, owner: { room: '302', tags: ['x', 'y'] } });
    expect(data[0].at).toBeInstanceOf(Date);
  });

  it('substitutes serverDate with the movable clock', async () => {
    await c.post('/local/clock', { set: '2030-01-01T00:00:00Z' });
    const id = await addTicket({ number: 'T2', due: c.db.serverDate(), later: c.db.serverDate({ offset: 60_000 }) });
    const { data } = await tickets().doc(id).get();
    expect(new Date(data[0].due).getTime()).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    expect(new Date(data[0].later).getTime() - new Date(data[0].due).getTime()).toBe(60_000);
    await c.post('/local/clock', { set: new Date().toISOString() });
  });

  it('set replaces the document, upserting when absent; remove deletes', async () => {
    await tickets().doc('fixed-id').set({ number: 'T3', due: new Date(), status: 'open' });
    await tickets().doc('fixed-id').set({ number: 'T3', due: new Date(), status: 'closed' });
    const { data } = await tickets().doc('fixed-id').get();
    expect(data[0]).toMatchObject({ _id: 'fixed-id', status: 'closed' });
    expect((await tickets().doc('fixed-id').remove()).deleted).toBe(1);
    expect((await tickets().doc('fixed-id').get()).data).toEqual([]);
  });

  it('compare-and-set: where().update() reports 0 when the version moved on', async () => {
    const id = await addTicket({ number: 'T4', due: new Date(), version: 1 });
    const first = await tickets().where({ _id: id, version: 1 }).update({ version: 2 });
    const second = await tickets().where({ _id: id, version: 1 }).update({ version: 2 });
    expect([first.updated, second.updated]).toEqual([1, 0]);
  });

  it('a unique index refuses a duplicate key', async () => {
    await tickets().add({ number: 'T5', due: new Date() });
    await expect(tickets().add({ number: 'T5', due: new Date() })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
  });

  it('updateAndReturn gives the new document', async () => {
    const id = await addTicket({ number: 'T6', due: new Date(), n: 1 });
    const r = await tickets().where({ _id: id }).updateAndReturn({ n: _().inc(1) });
    expect(r).toMatchObject({ updated: 1, doc: { _id: id, n: 2 } });
  });
});

describe('update operators', () => {
  beforeEach(fresh);

  it('pull, addToSet, push with each and position, min, max, mul, rename', async () => {
    const id = await addTicket({ number: 'U1', due: new Date(), tags: ['a', 'b', 'c'], set: ['x'], list: [1, 4], lo: 5, hi: 5, m: 3, old: 'v' });
    await tickets()
      .doc(id)
      .update({ tags: _().pull('b'), set: _().addToSet('x'), list: _().push({ each: [2, 3], position: 1 }), lo: _().min(2), hi: _().max(9), m: _().mul(2), old: _().rename('renamed') });
    await tickets().doc(id).update({ set: _().addToSet('y') });
    const { data } = await tickets().doc(id).get();
    expect(data[0]).toMatchObject({ tags: ['a', 'c'], set: ['x', 'y'], list: [1, 2, 3, 4], lo: 2, hi: 9, m: 6, renamed: 'v' });
    expect(data[0]).not.toHaveProperty('old');
  });

  it('a nested object in update() sets dot paths and keeps its siblings; set() replaces the whole document', async () => {
    const id = await addTicket({ number: 'U2', due: new Date(), owner: { room: '301', phone: '138' } });
    await tickets().doc(id).update({ owner: { room: '302' } });
    expect((await tickets().doc(id).get()).data[0].owner).toEqual({ room: '302', phone: '138' });
    await tickets().doc(id).set({ number: 'U2', fresh: true });
    expect((await tickets().doc(id).get()).data[0]).toEqual({ _id: id, number: 'U2', fresh: true });
  });

  it('where().update() changes every match; where().remove() removes every match', async () => {
    for (const n of ['U3', 'U4', 'U5']) await addTicket({ number: n, community: 'm', status: 'open', due: new Date() });
    expect((await tickets().where({ community: 'm', status: 'open' }).update({ status: 'closed' })).updated).toBe(3);
    expect((await tickets().where({ community: 'm', status: 'closed' }).count()).total).toBe(3);
    expect((await tickets().where({ community: 'm' }).remove()).deleted).toBe(3);
  });

  it('serverDate inside an update and a query', async () => {
    const id = await addTicket({ number: 'U6', due: new Date('2000-01-01T00:00:00Z') });
    await tickets().doc(id).update({ touchedAt: c.db.serverDate() });
    const { data } = await tickets().where({ due: _().lt(c.db.serverDate({ offset: -1000 })) }).get();
    expect(data.map((d: { number: string }) => d.number)).toEqual(['U6']);
    expect(Math.abs(new Date(data[0].touchedAt).getTime() - Date.now())).toBeLessThan(5000);
  });

  it('keeps doubles, integers and longs apart on the wire', async () => {
    const id = await addTicket({ number: 'U7', due: new Date(), int: 2, double: 2.5, long: 2 ** 40 });
    const raw = await fetch(`${c.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'tickets', queryType: 'DOC', query: JSON.stringify({ _id: id }) }),
    }).then((r) => r.json() as Promise<{ data: { list: string[] } }>);
    const doc = JSON.parse(raw.data.list[0]!) as Record<string, unknown>;
    expect(doc).toMatchObject({ int: { $numberInt: '2' }, double: { $numberDouble: '2.5' }, long: { $numberLong: String(2 ** 40) }, due: { $date: expect.anything() } });
  });

  it('projection: field() returns only the fields asked for', async () => {
    const id = await addTicket({ number: 'U8', due: new Date(), secret: 's', owner: { room: '1', phone: '2' } });
    const { data } = await tickets().where({ number: 'U8' }).field({ number: true, 'owner.room': true }).get();
    expect(data[0]).toEqual({ _id: id, number: 'U8', owner: { room: '1' } });
  });

  it('a unique index allows one document without the field, not two', async () => {
    await tickets().add({ due: new Date() });
    await expect(tickets().add({ due: new Date() })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
  });

  it('a unique index refuses twins within one add() of many', async () => {
    await expect(tickets().add([{ number: 'B1', due: new Date() }, { number: 'B1', due: new Date() }])).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect((await tickets().where({ number: 'B1' }).count()).total).toBe(0);
  });

  it('an explicit _id that exists is a duplicate', async () => {
    await tickets().add({ _id: 'dup', number: 'U9', due: new Date() });
    await expect(tickets().add({ _id: 'dup', number: 'U10', due: new Date() })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
  });
});

describe('queries', () => {
  beforeAll(async () => {
    await fresh();
    const base = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 12; i++) {
      await tickets().add({ number: `Q${i}`, community: i % 2 ? 'a' : 'b', status: i % 3 ? 'open' : 'closed', at: new Date(base + i * 3_600_000), due: new Date(base + i * 60_000) });
    }
  });

  it('filters with operators, sorts by an index, skips and limits', async () => {
    const { data } = await tickets().where({ community: 'a', status: 'open' }).orderBy('at', 'desc').skip(1).limit(2).get();
    expect(data.map((d: { number: string }) => d.number)).toEqual(['Q7', 'Q5']);
    const due = await tickets().where({ due: _().lte(new Date(Date.parse('2026-11-01T00:00:00Z') + 3 * 60_000)) }).orderBy('due', 'asc').get();
    expect(due.data.map((d: { number: string }) => d.number)).toEqual(['Q0', 'Q1', 'Q2', 'Q3']);
    const inList = await tickets().where({ community: _().in(['a']), status: _().in(['closed']) }).get();
    expect(inList.data.map((d: { number: string }) => d.number).sort()).toEqual(['Q3', 'Q9']);
  });

  it('counts and aggregates (20 results unless limited)', async () => {
    expect((await tickets().where({ community: 'a' }).count()).total).toBe(6);
    const { data } = await tickets().aggregate().match({ community: 'a' }).group({ _id: '$status', n: _().aggregate.sum(1) }).sort({ _id: 1 }).end();
    expect(data).toEqual([
      { _id: 'closed', n: 2 },
      { _id: 'open', n: 4 },
    ]);
  });
});

describe('limits of the real service', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1100 }, (_x, n) => ({ n, g: n % 10 }));
    for (let i = 0; i < docs.length; i += 100) await c.db.collection('bulk').add(docs.slice(i, i + 100));
  });

  it('get() returns 100 by default and at most 1000', async () => {
    expect((await c.db.collection('bulk').where({ n: _().gte(0) }).get()).data).toHaveLength(100);
    expect((await c.db.collection('bulk').where({ n: _().gte(0) }).limit(5000).get()).data).toHaveLength(1000);
  });

  it('aggregate() returns 20 unless limited', async () => {
    expect((await c.db.collection('bulk').aggregate().match({ n: _().gte(0) }).end()).data).toHaveLength(20);
    expect((await c.db.collection('bulk').aggregate().match({ n: _().gte(0) }).limit(50).end()).data).toHaveLength(50);
  });

  it('reads through the declared index: documents scanned follow the matches, not the collection', async () => {
    const scanned = async (run: () => Promise<unknown>) => {
      await c.post('/local/counters/reset', {});
      await run();
      return (await c.get<{ byCollection: Record<string, { scanned: number }> }>('/local/counters')).byCollection.bulk!.scanned;
    };
    expect(await scanned(() => c.db.collection('bulk').where({ n: _().gte(1090) }).get())).toBe(10);
    expect(await scanned(() => c.db.collection('bulk').where({ n: _().gt(10).and(_().lte(12)) }).get())).toBeLessThanOrEqual(1090);
    expect(await scanned(() => c.db.collection('bulk').where({ n: 7 }).get())).toBe(1);
    expect(await scanned(() => c.db.collection('bulk').where({ n: _().in([1, 2, 3]) }).count())).toBe(3);
    // A compound index narrows by all its fields: group 3 (110 documents) and n ≥ 1000 (100) meet in 10.
    expect(await scanned(() => c.db.collection('bulk').where({ g: 3, n: _().gte(1000) }).limit(1000).get())).toBe(10);
    // After writes the sorted list is rebuilt: a new document is found by a range at once.
    await c.db.collection('bulk').add({ n: 5000 });
    expect((await c.db.collection('bulk').where({ n: _().gt(4999) }).get()).data).toHaveLength(1);
  });

  it('refuses a document over 16 MB and stores one just under it', async () => {
    const big = 'x'.repeat(16 * 1024 * 1024);
    await expect(c.db.collection('bulk').add({ n: -1, blob: big })).rejects.toThrow(/16 MB/);
    const { id } = (await c.db.collection('bulk').add({ n: -2, blob: big.slice(0, 16 * 1024 * 1024 - 200) })) as { id: string };
    expect(((await c.db.collection('bulk').doc(id).get()).data[0] as { blob: string }).blob).toHaveLength(16 * 1024 * 1024 - 200);
    await c.db.collection('bulk').doc(id).remove();
  });

  it('a collection must exist', async () => {
    await expect(c.db.collection('nope').where({ a: 1 }).get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
    await c.db.createCollection('made_later');
    await expect(c.db.collection('made_later').add({ a: 1 })).resolves.toHaveProperty('id');
  });
});

// A sort the index cannot serve is not refused but sorted in memory (counted, and bounded): tests/cloudbase-local/index-walk.test.ts.
describe('strict index mode', () => {
  it.each([
    ['an unindexed field', () => tickets().where({ colour: 'red' }).get()],
    ['a residual field beyond the index', () => tickets().where({ community: 'a', status: 'open', colour: 'red' }).get()],
    ['a full scan of a large collection', () => tickets().get()],
    ['an unindexed count', () => tickets().where({ colour: 'red' }).count()],
    ['an unindexed bulk update', () => tickets().where({ colour: 'red' }).update({ x: 1 })],
  ])('refuses %s, naming the collection and fields', async (_what, run) => {
    await expect(run()).rejects.toMatchObject({ code: 'DATABASE_QUERY_NOT_INDEXED', message: expect.stringContaining('tickets') });
  });

  it('accepts prefixes, inverted sorts, _id lookups and scans of small collections', async () => {
    await expect(tickets().where({ community: 'a' }).get()).resolves.toBeDefined();
    await expect(tickets().where({ community: 'a', status: 'open' }).orderBy('at', 'asc').get()).resolves.toBeDefined();
    await expect(tickets().where({ due: _().lt(new Date()) }).orderBy('due', 'desc').get()).resolves.toBeDefined();
    await expect(tickets().where({ _id: 'x' }).get()).resolves.toBeDefined();
    await expect(c.db.collection('settings').get()).resolves.toBeDefined();
  });
});

describe('transactions', () => {
  beforeEach(fresh);

  it('commit applies every write; a thrown callback aborts all of them', async () => {
    const id = await addTicket({ number: 'X1', due: new Date(), n: 1 });
    await c.db.runTransaction(async (t: Transaction) => {
      const { data } = await t.collection('tickets').doc(id).get();
      await t.collection('tickets').doc(id).update({ n: data.n + 1 });
      await t.collection('tickets').add({ number: 'X2', due: new Date() });
    });
    expect((await tickets().doc(id).get()).data[0].n).toBe(2);
    expect((await tickets().where({ number: 'X2' }).get()).data).toHaveLength(1);

    await expect(
      c.db.runTransaction(async (t: Transaction) => {
        await t.collection('tickets').doc(id).update({ n: 100 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow();
    expect((await tickets().doc(id).get()).data[0].n).toBe(2);
  });

  it('two transactions touching one document conflict', async () => {
    const id = await addTicket({ number: 'X3', due: new Date(), n: 0 });
    const first = await c.db.startTransaction();
    const second = await c.db.startTransaction();
    await first.collection('tickets').doc(id).update({ n: 1 });
    await expect(second.collection('tickets').doc(id).update({ n: 2 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    await second.rollback();
    await first.commit();
    expect((await tickets().doc(id).get()).data[0].n).toBe(1);
  });

  it('a write outside the transaction after it read the document makes the commit conflict', async () => {
    const id = await addTicket({ number: 'X4', due: new Date(), n: 0 });
    const t = await c.db.startTransaction();
    await t.collection('tickets').doc(id).get();
    await tickets().doc(id).update({ n: 5 });
    await t.collection('tickets').doc(id).update({ n: 1 });
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect((await tickets().doc(id).get()).data[0].n).toBe(5);
  });

  it('refuses where() batches inside a transaction', async () => {
    // The SDK sends where() outside the transaction by itself; this is the request a client could still make.
    const admin = (body: object) => fetch(`${c.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const { transactionId } = await admin({ action: 'database.startTransaction' });
    const batch = { action: 'database.modifyDocument', transactionId, collectionName: 'tickets', queryType: 'WHERE', query: '{"community":"a"}', data: '{"$set":{"n":1}}', multi: true, merge: true };
    expect(await admin(batch)).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    await admin({ action: 'database.abortTransaction', transactionId });
  });
});

describe('transaction lifetime', () => {
  it('a transaction left open (its function was killed) expires and stops locking its documents', async () => {
    const local = await startCloudBaseLocal({ port: 0, dataDir: null, collections, transactionLifetimeMs: 300 });
    try {
      const admin = (body: object) => fetch(`${local.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const update = (transactionId: unknown, n: number) => ({ action: 'database.modifyDocument', transactionId, collectionName: 'tickets', queryType: 'DOC', query: '{"_id":"held"}', data: `{"$set":{"n":${n}}}`, merge: true, upsert: true });
      const stuck = (await admin({ action: 'database.startTransaction' })).transactionId;
      expect(await admin(update(stuck, 1))).toHaveProperty('data');
      const next = (await admin({ action: 'database.startTransaction' })).transactionId;
      expect(await admin(update(next, 2))).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
      await new Promise((r) => setTimeout(r, 400));
      const later = (await admin({ action: 'database.startTransaction' })).transactionId;
      expect(await admin(update(later, 3))).toHaveProperty('data');
      expect(await admin({ action: 'database.commitTransaction', transactionId: later })).toHaveProperty('data');
      expect(await admin({ action: 'database.commitTransaction', transactionId: stuck })).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    } finally {
      await local.stop();
    }
  });
});

describe('counters', () => {
  it('counts reads, writes and documents scanned per collection', async () => {
    await c.post('/local/counters/reset', {});
    await c.db.collection('settings').add({ k: 'v' });
    await c.db.collection('settings').get();
    const snap = await c.get<{ byCollection: Record<string, { reads: number; writes: number; scanned: number }> }>('/local/counters');
    expect(snap.byCollection.settings).toMatchObject({ reads: 1, writes: 1 });
    expect(snap.byCollection.settings!.scanned).toBeGreaterThanOrEqual(1);
  });

  it('counts the bytes the documents sent back weigh, after the projection', async () => {
    await c.db.collection('settings').add({ _id: 'heavy', k: 'short', body: '长'.repeat(10_000) });
    const bytesRead = async (read: () => Promise<unknown>) => {
      await c.post('/local/counters/reset', {});
      await read();
      return (await c.get<{ byCollection: Record<string, { bytesRead: number }> }>('/local/counters')).byCollection.settings!.bytesRead;
    };
    // 10,000 three-byte characters come back whole; projected, only the short field does.
    expect(await bytesRead(() => c.db.collection('settings').doc('heavy').get())).toBeGreaterThan(30_000);
    const projected = await bytesRead(() => c.db.collection('settings').where({ _id: 'heavy' }).field({ k: true }).get());
    expect(projected).toBeGreaterThan(10);
    expect(projected).toBeLessThan(100);
  });
});

describe('bad input never crashes the server', () => {
  it('answers garbage with an error code', async () => {
    const post = (body: string) => fetch(`${c.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json());
    expect(await post('{not json')).toMatchObject({ code: 'INVALID_PARAM' });
    expect(await post('[]')).toMatchObject({ code: 'INVALID_PARAM' });
    expect(await post('{"action":"database.nothing"}')).toMatchObject({ code: 'INVALID_ACTION' });
    expect(await post('{"action":"database.getDocument","collectionName":"tickets","query":"{bad"}')).toMatchObject({ code: 'INVALID_PARAM' });
    expect((await tickets().where({ community: 'a' }).count()).total).toBeGreaterThanOrEqual(0);
  });
});
