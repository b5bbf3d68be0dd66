// An index on one field, so a query reads the documents it can match instead of the whole
// collection (and the counters report documents scanned as the cloud would: the index's candidates).
// Equality and `$in` use a hash of values; ranges use a sorted list, rebuilt lazily after writes
// (writes stay O(1); the first range query after a burst of writes pays one sort).

import { types } from 'util';

type Key = string;
type Sortable = number | string;

/** Hash keys that keep types apart (1 and '1' differ) and see dates by instant. */
function keyOf(v: unknown): Key {
  if (types.isDate(v)) return `d:${v.getTime()}`;
  if (typeof v === 'number') return `n:${v}`;
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (v === null || v === undefined) return 'null';
  return `j:${JSON.stringify(v)}`;
}

/** Dates and numbers order as numbers, strings as strings; other values are not range-indexed. */
function sortableOf(v: unknown): Sortable | null {
  if (types.isDate(v)) return v.getTime();
  if (typeof v === 'number' || typeof v === 'string') return v;
  return null;
}

/** The indexed values of a document: each element of an array field (multikey), like MongoDB. */
function valuesOf(v: unknown): unknown[] {
  return Array.isArray(v) ? (v.length ? v : [null]) : [v];
}

/** The ids under one key: a lone id as itself (most keys of a unique or near-unique field),
 * a Set only from the second id on — a million one-element Sets cost far more. */
type Ids = string | Set<string>;

const idsOf = (ids: Ids | undefined): Iterable<string> => (ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids);

export class FieldIndex {
  private readonly byKey = new Map<Key, Ids>();
  /** Per type, ascending: dates and numbers together (as numbers), strings apart. */
  private sorted: { number: Array<{ k: Sortable; id: string }>; string: Array<{ k: Sortable; id: string }> } | null = null;

  constructor(readonly field: string) {}

  add(id: string, value: unknown): void {
    for (const v of valuesOf(value)) {
      const k = keyOf(v);
      const ids = this.byKey.get(k);
      if (ids === undefined) this.byKey.set(k, id);
      else if (typeof ids === 'string') {
        if (ids !== id) this.byKey.set(k, new Set([ids, id]));
      } else ids.add(id);
    }
    this.sorted = null;
  }

  remove(id: string, value: unknown): void {
    for (const v of valuesOf(value)) {
      const k = keyOf(v);
      const ids = this.byKey.get(k);
      if (ids === id) this.byKey.delete(k);
      else if (typeof ids === 'object') {
        ids.delete(id);
        if (ids.size === 1) this.byKey.set(k, ids.values().next().value!);
      }
    }
    this.sorted = null;
  }

  /** Ids whose value equals one of `values`. */
  equal(values: unknown[]): Set<string> {
    const out = new Set<string>();
    for (const v of values) for (const id of idsOf(this.byKey.get(keyOf(v)))) out.add(id);
    return out;
  }

  /** Ids whose value lies in the range; null when the bounds are not of a sortable type. */
  range(bounds: { gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown }): Set<string> | null {
    const lo = bounds.gt ?? bounds.gte;
    const hi = bounds.lt ?? bounds.lte;
    const loKey = lo === undefined ? undefined : sortableOf(lo);
    const hiKey = hi === undefined ? undefined : sortableOf(hi);
    if (loKey === null || hiKey === null) return null;
    if (loKey !== undefined && hiKey !== undefined && typeof loKey !== typeof hiKey) return null;
    const list = this.sortedLists()[typeof (loKey ?? hiKey) === 'string' ? 'string' : 'number'];
    // Binary search for the first entry at or above the lower bound.
    let start = 0;
    if (loKey !== undefined) {
      let a = 0;
      let b = list.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (list[m]!.k < loKey || (bounds.gt !== undefined && list[m]!.k === loKey)) a = m + 1;
        else b = m;
      }
      start = a;
    }
    const out = new Set<string>();
    for (let i = start; i < list.length; i++) {
      const k = list[i]!.k;
      if (hiKey !== undefined && (k > hiKey || (bounds.lt !== undefined && k === hiKey))) break;
      out.add(list[i]!.id);
    }
    return out;
  }

  private sortedLists(): NonNullable<FieldIndex['sorted']> {
    if (!this.sorted) {
      const lists: NonNullable<FieldIndex['sorted']> = { number: [], string: [] };
      for (const [key, ids] of this.byKey) {
        const numeric = key.startsWith('d:') || key.startsWith('n:');
        if (!numeric && !key.startsWith('s:')) continue;
        const k = numeric ? Number(key.slice(2)) : key.slice(2);
        for (const id of idsOf(ids)) lists[numeric ? 'number' : 'string'].push({ k, id });
      }
      for (const list of Object.values(lists)) list.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
      this.sorted = lists;
    }
    return this.sorted;
  }
}
