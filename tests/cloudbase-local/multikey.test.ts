// CloudBase Local keeps a multikey index (an array-valued field, one entry per element) in step with
// the documents through the real @cloudbase/node-sdk: after a whole-array set, push, pull, a dotted
// element set, a replacing set, a removal, and after a bulk insert that drops the index order for a
// rebuild, a query on an element finds exactly the documents holding it — checked against a model of
// the collection after every write, with arrays emptied by a pull among them.
import type { CollectionSpec } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

const closed = { read: false, write: false } as const;
const collections: CollectionSpec[] = [
  {
    name: 'tagged',
    rules: closed,
    indexes: [
      { name: 'tags', keys: [['tags', 1]] },
      { name: 'tags_at_id', keys: [['tags', 1], ['at', -1], ['_id', -1]] },
      { name: 'at', keys: [['at', 1]] },
    ],
  },
];

let c: LocalCloud;
beforeAll(async () => {
  c = await startLocal({ collections });
});
afterAll(() => c.stop());

const tagged = () => c.db.collection('tagged');
const _ = () => c.db.command;
type Row = { _id: string; tags?: unknown; at: number };

/** What the collection should hold, written alongside it. */
let model: Map<string, Row>;
const TAGS = ['x', 'y', 'z', 'q', 'w'];

async function empty(): Promise<void> {
  await tagged().where({ at: _().gte(0) }).remove();
  model = new Map();
}

const holding = (tag: string) =>
  [...model.values()]
    .filter((d) => (Array.isArray(d.tags) ? d.tags.includes(tag) : d.tags === tag))
    .sort((a, b) => b.at - a.at || (a._id < b._id ? 1 : -1))
    .map((d) => d._id);

/** Every element query (plain, `$in`, and sorted by the compound index) answers as the model does. */
async function expectQueriesMatchModel(): Promise<void> {
  for (const tag of TAGS) {
    const plain = (await tagged().where({ tags: tag }).limit(1000).get()).data as Row[];
    expect({ tag, ids: plain.map((d) => d._id).sort() }).toEqual({ tag, ids: [...holding(tag)].sort() });
    const sorted = (await tagged().where({ tags: tag }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(1000).get()).data as Row[];
    expect({ tag, ids: sorted.map((d) => d._id) }).toEqual({ tag, ids: holding(tag) });
  }
  const either = (await tagged().where({ tags: _().in(['x', 'y']) }).limit(1000).get()).data as Row[];
  expect(either.map((d) => d._id).sort()).toEqual([...new Set([...holding('x'), ...holding('y')])].sort());
}

async function add(docs: Row[]): Promise<void> {
  await tagged().add(docs);
  for (const d of docs) model.set(d._id, structuredClone(d));
}

async function update(id: string, data: object, apply: (d: Row) => void): Promise<void> {
  await tagged().doc(id).update(data);
  apply(model.get(id)!);
  await expectQueriesMatchModel();
}

beforeEach(empty);

describe('a multikey index follows updates of its array field', () => {
  it('an array emptied by a pull does not hide the documents that still hold the element', async () => {
    // Two documents without the field, one whose only element is pulled, two holding elements.
    await add([
      { _id: 'a1', at: 1 },
      { _id: 'a2', at: 2 },
      { _id: 'b', tags: ['z'], at: 3 },
      { _id: 'c', tags: ['x'], at: 4 },
      { _id: 'd', tags: ['y'], at: 5 },
    ]);
    await expectQueriesMatchModel();
    await update('b', { tags: _().pull('z') }, (d) => (d.tags = []));
    expect(((await tagged().where({ tags: 'x' }).get()).data as Row[]).map((d) => d._id)).toEqual(['c']);
    // The emptied document takes elements again.
    await update('b', { tags: _().push(['x']) }, (d) => (d.tags = ['x']));
  });

  it('set whole, push, pull, dotted element set, replace and remove, queried after each', async () => {
    await add([
      { _id: 'm1', tags: ['x', 'y'], at: 10 },
      { _id: 'm2', tags: ['y'], at: 20 },
      { _id: 'm3', tags: [], at: 30 },
      { _id: 'm4', at: 40 },
      { _id: 'm5', tags: ['x', 'x', 'z'], at: 50 },
      { _id: 'm6', tags: 'x', at: 60 },
    ]);
    await expectQueriesMatchModel();
    await update('m1', { tags: ['q'] }, (d) => (d.tags = ['q']));
    await update('m2', { tags: _().push(['x', 'w']) }, (d) => (d.tags as string[]).push('x', 'w'));
    await update('m5', { tags: _().pull('x') }, (d) => (d.tags = ['z']));
    await update('m5', { tags: _().pull('z') }, (d) => (d.tags = []));
    await update('m2', { 'tags.1': 'z' }, (d) => ((d.tags as string[])[1] = 'z'));
    await update('m3', { tags: _().push(['y']) }, (d) => (d.tags = ['y']));
    await update('m4', { tags: ['w', 'x'] }, (d) => (d.tags = ['w', 'x']));
    await update('m6', { tags: ['y'] }, (d) => (d.tags = ['y']));
    await update('m2', { tags: [] }, (d) => (d.tags = []));
    // A replacing set drops the array altogether, then another brings a new one.
    await tagged().doc('m4').set({ at: 41 });
    model.set('m4', { _id: 'm4', at: 41 });
    await expectQueriesMatchModel();
    await tagged().doc('m1').set({ tags: ['y', 'z'], at: 11 });
    model.set('m1', { _id: 'm1', tags: ['y', 'z'], at: 11 });
    await expectQueriesMatchModel();
    await tagged().doc('m3').remove();
    model.delete('m3');
    await expectQueriesMatchModel();
  });

  it('after a bulk insert (the index order rebuilt at the next query), updates and a multi update keep it exact', async () => {
    // More documents in one add than a commit updates entry by entry.
    const docs: Row[] = Array.from({ length: 150 }, (_x, i) => {
      const tags = [TAGS[i % 5]!, TAGS[(i * 3 + 1) % 5]!].slice(0, i % 3);
      return i % 7 === 0 ? { _id: `k${String(i).padStart(3, '0')}`, at: i } : { _id: `k${String(i).padStart(3, '0')}`, tags, at: i };
    });
    await add(docs);
    // Updates straight after the bulk insert, before any query rebuilt the order.
    await update('k010', { tags: _().push(['q']) }, (d) => (d.tags as string[]).push('q'));
    for (let i = 1; i < 150; i += 13) {
      const id = `k${String(i).padStart(3, '0')}`;
      const had = model.get(id)!.tags;
      if (Array.isArray(had) && had.length > 0) await update(id, { tags: _().pull(had[0]) }, (d) => (d.tags = (d.tags as string[]).filter((t) => t !== had[0])));
      else await update(id, { tags: ['w', 'z'] }, (d) => (d.tags = ['w', 'z']));
    }
    // One write touching many documents at once (past the bulk threshold): every `y` holder drops it,
    // then every document from at 30 on takes `y` again at the end of its array.
    const yHolders = holding('y');
    await tagged().where({ tags: 'y' }).update({ tags: _().pull('y') });
    for (const id of yHolders) model.get(id)!.tags = (model.get(id)!.tags as string[]).filter((t) => t !== 'y');
    await expectQueriesMatchModel();
    await tagged().where({ at: _().gte(30) }).update({ tags: _().push(['y']) });
    for (const d of model.values()) if (d.at >= 30) d.tags = [...((d.tags as string[] | undefined) ?? []), 'y'];
    expect(holding('y').length).toBeGreaterThan(64);
    await expectQueriesMatchModel();
    await update('k020', { 'tags.0': 'y' }, (d) => ((d.tags as string[])[0] = 'y'));
  });
});
