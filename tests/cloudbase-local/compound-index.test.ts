// The index structure on its own, against the order the indexes always had: key tuples compared
// value by value in BSON order (compareValues) in each key's declared direction, ties broken by
// entry id (the document id; `id` U+0000 element for a multikey entry). Random documents of mixed
// types — equal keys among them, so ties are common — are walked forward, backward and within
// random bounds; an index bulk loaded from the documents and one built by single inserts and
// removals walk identically.
import fc from 'fast-check';
import { CompoundIndex, TypeEdge, compareValues, type Bound } from '@wuye/cloudbase-local/internals';
import type { IndexSpec } from '@wuye/cloudbase-local';

type Doc = Record<string, unknown> & { _id: string };

// A small pool, so that equal keys (and ties on the id) are frequent; every BSON type an index meets.
const scalar = fc.oneof(
  fc.constantFrom(null, undefined, 0, -0, 1, -1, 2.5, -1e300, 1e300, Infinity, -Infinity, true, false),
  fc.constantFrom('', 'a', 'ab', 'b', 'a\u0000', 'a\u0001b', 'é', '投诉', 'z\u00ff', '\u00fe', '😀'),
  fc.constantFrom(new Date(0), new Date(-1), new Date(Date.UTC(2026, 10, 29)), new Date(Date.UTC(2026, 10, 29, 0, 0, 1))),
  fc.constantFrom({ a: 1 }, { a: 2 }, { b: null }),
  fc.integer({ min: -3, max: 3 }),
);
const value = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const ids = fc.constantFrom('a', 'b', 'c', 'ab', 'a1', 'b\u00e9', 'k10', 'k9');
const docs = fc.uniqueArray(fc.record({ _id: ids, x: value, y: scalar, z: value }), { selector: (d) => d._id, maxLength: 8 });
const spec = fc.tuple(fc.constantFrom<1 | -1>(1, -1), fc.constantFrom<1 | -1>(1, -1), fc.constantFrom<1 | -1>(1, -1)).map(
  ([dx, dy, dz]): IndexSpec => ({ name: 'xyz', keys: [['x', dx], ['y', dy], ['z', dz]] }),
);

/** The entries of a document as the index has always made them: one per element of its first non-empty array. */
function entries(doc: Doc, fields: string[]): Array<{ e: string; k: unknown[] }> {
  const values = fields.map((f) => doc[f]);
  const arrayAt = values.findIndex((v) => Array.isArray(v) && v.length > 0);
  if (arrayAt < 0) return [{ e: doc._id, k: values.map((v) => (Array.isArray(v) ? undefined : v)) }];
  return (values[arrayAt] as unknown[]).map((element, i) => ({ e: `${doc._id}\u0000${i}`, k: values.map((v, j) => (j === arrayAt ? element : Array.isArray(v) ? v[0] : v)) }));
}

/** The reference walk: every entry, in index order, filtered by prefix and bounds, ids in walk order. */
function reference(list: Doc[], s: IndexSpec, prefix: unknown[], lo: Bound | undefined, hi: Bound | undefined, backward: boolean): string[] {
  const fields = s.keys.map(([f]) => f);
  const dirs = s.keys.map(([, d]) => d);
  const all = list.flatMap((d) => entries(d, fields));
  all.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.k[i], b.k[i]);
      if (c !== 0) return c * dirs[i]!;
    }
    return a.e < b.e ? -1 : a.e > b.e ? 1 : 0;
  });
  const n = prefix.length;
  const within = (k: unknown[]) =>
    prefix.every((p, i) => compareValues(k[i], p) === 0) &&
    (!lo || compareValues(k[n], lo.v) > 0 || (lo.inclusive && compareValues(k[n], lo.v) === 0)) &&
    (!hi || compareValues(k[n], hi.v) < 0 || (hi.inclusive && compareValues(k[n], hi.v) === 0));
  const ids = all.filter((x) => within(x.k)).map((x) => x.e.split('\u0000')[0]!);
  return backward ? ids.reverse() : ids;
}

const bound = fc.option(
  fc.record({ v: fc.oneof(scalar.filter((v) => !Array.isArray(v)), fc.constantFrom(new TypeEdge(2, -1), new TypeEdge(2, 1), new TypeEdge(3, -1), new TypeEdge(3, 1), new TypeEdge(9, -1), new TypeEdge(9, 1))), inclusive: fc.boolean() }),
  { nil: undefined },
);

const bulk = (s: IndexSpec, list: Doc[]) => {
  const index = new CompoundIndex(s);
  index.load(list);
  return index;
};

describe('the index walks its entries in the order of the old sorted array', () => {
  it('whole, forward and backward: BSON order per key and direction, equal keys by entry id', () => {
    fc.assert(
      fc.property(spec, docs, fc.boolean(), (s, list, backward) => {
        expect([...bulk(s, list).ids([], undefined, undefined, backward)]).toEqual(reference(list, s, [], undefined, undefined, backward));
      }),
      { numRuns: 500, seed: 31 },
    );
  });

  it('a prefix of equal keys and a bounded (or type-bracketed) range on the next key, both ways', () => {
    fc.assert(
      fc.property(spec, docs, fc.nat(2), fc.array(scalar, { minLength: 2, maxLength: 2 }), bound, bound, fc.boolean(), (s, list, n, values, lo, hi, backward) => {
        const prefix = values.slice(0, n).filter((v) => !Array.isArray(v));
        expect([...bulk(s, list).ids(prefix, lo, hi, backward)]).toEqual(reference(list, s, prefix, lo, hi, backward));
      }),
      { numRuns: 1000, seed: 31 },
    );
  });

  it('documents sharing every key come in id order forward and the reverse backward, whatever the directions', () => {
    const list = ['k2', 'k10', 'a', 'k1', 'b\u0000'].map((_id) => ({ _id, x: 'same', y: new Date(0), z: 1 }));
    for (const s of [
      { name: 'up', keys: [['x', 1], ['y', 1], ['z', 1]] },
      { name: 'down', keys: [['x', -1], ['y', -1], ['z', -1]] },
    ] as IndexSpec[]) {
      const index = bulk(s, list);
      expect([...index.ids([], undefined, undefined, false)]).toEqual(['a', 'b', 'k1', 'k10', 'k2']);
      expect([...index.ids(['same'], undefined, undefined, true)]).toEqual(['k2', 'k10', 'k1', 'b', 'a']);
    }
  });
});

describe('a bulk-loaded index and one built insert by insert are the same', () => {
  it('after inserts, replacements and removals, every walk gives the same ids', () => {
    fc.assert(
      fc.property(spec, docs, docs, fc.array(scalar, { maxLength: 1 }), bound, bound, fc.boolean(), (s, first, second, prefix, lo, hi, backward) => {
        // Stored: the first batch, then the second replacing or adding, then every third removed.
        const stored = new Map<string, Doc>();
        const incremental = new CompoundIndex(s);
        for (const d of [...first, ...second]) {
          const old = stored.get(d._id);
          if (old) incremental.remove(old);
          incremental.add(d);
          stored.set(d._id, d);
        }
        [...stored.values()].filter((_d, i) => i % 3 === 0).forEach((d) => {
          incremental.remove(d);
          stored.delete(d._id);
        });
        const loaded = bulk(s, [...stored.values()]);
        const p = prefix.filter((v) => !Array.isArray(v));
        expect(incremental.size).toBe(loaded.size);
        expect([...incremental.ids(p, lo, hi, backward)]).toEqual([...loaded.ids(p, lo, hi, backward)]);
        expect([...incremental.ids([], undefined, undefined, backward)]).toEqual(reference([...stored.values()], s, [], undefined, undefined, backward));
      }),
      { numRuns: 500, seed: 31 },
    );
  });

  it('a few thousand documents: the same walks, and a range read starts at its bound', () => {
    const s: IndexSpec = { name: 'community_status_at_id', keys: [['community', 1], ['status', 1], ['at', -1], ['_id', -1]] };
    const list: Doc[] = Array.from({ length: 5000 }, (_x, i) => ({ _id: `c${String(i).padStart(5, '0')}`, community: `c${i % 7}`, status: ['open', 'done'][i % 2], at: new Date(Date.UTC(2026, 0, 1) + (i % 500) * 60_000) }));
    const incremental = new CompoundIndex(s);
    for (const d of [...list].reverse()) incremental.add(d);
    const loaded = bulk(s, list);
    for (const backward of [false, true]) expect([...incremental.ids([], undefined, undefined, backward)]).toEqual([...loaded.ids([], undefined, undefined, backward)]);
    const hi = { v: new Date(Date.UTC(2026, 0, 1) + 100 * 60_000), inclusive: false };
    const page = [...loaded.ids(['c3', 'open'], undefined, hi, false)];
    expect(page).toEqual(reference(list, s, ['c3', 'open'], undefined, hi, false));
    expect(page.length).toBeGreaterThan(0);
  });
});
