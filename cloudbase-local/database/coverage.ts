// Strict index mode: what "covered by a declared index" means here, so that a query that passes
// locally does not turn into a full scan (and a timeout) on a large collection in the cloud.
//
// A query (filter + sort) is covered by an index with keys k0, k1, … when:
//  1. every field the filter names is an index key — no residual filtering on unindexed fields;
//  2. the equality fields (plain values, `$eq`, `$in`) are exactly the first keys, in any order;
//  3. then at most one range field (`$gt`, `$gte`, `$lt`, `$lte`, `$ne`, `$nin`, `$exists`) is the next key, and a
//     sort, if any, continues from that same key (a range field must be the first sort field);
//  4. the sort fields follow in order, with directions all equal to the index's or all inverted.
// A filter with an `_id` equality is always covered (the primary key: compare-and-set on a version). `$and` is flattened; each `$or`
// branch must be covered on its own. An empty filter with no sort is a scan: allowed only on
// collections declared `small`.
import { types } from 'util';
import type { CollectionSpec, IndexSpec } from '../../database/schema';

type Filter = Record<string, unknown>;
type Sort = Array<[string, 1 | -1]>;

const EQUALITY_OPS = new Set(['$eq', '$in']);

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !types.isDate(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

/** Split a filter into its equality and range fields; `$or` branches come back separately. */
function fieldsOf(filter: Filter): { equality: Set<string>; range: Set<string>; ors: Filter[][] } {
  const equality = new Set<string>();
  const range = new Set<string>();
  const ors: Filter[][] = [];
  const visit = (f: Filter) => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) value.forEach((v) => visit(v as Filter));
      else if (key === '$or' && Array.isArray(value)) ors.push(value as Filter[]);
      else if (key.startsWith('$')) range.add(key); // an unknown top-level operator: never covered
      else if (isOperatorObject(value) && !Object.keys(value).every((op) => EQUALITY_OPS.has(op))) range.add(key);
      else equality.add(key);
    }
  };
  visit(filter);
  for (const k of equality) if (range.has(k)) equality.delete(k);
  return { equality, range, ors };
}

function indexCovers(index: IndexSpec, equality: Set<string>, range: Set<string>, sort: Sort): boolean {
  const keys = index.keys;
  const n = equality.size;
  if (keys.length < n) return false;
  for (let i = 0; i < n; i++) if (!equality.has(keys[i]![0])) return false;
  if (range.size > 1) return false;
  const rangeField = [...range][0];
  let next = n;
  if (rangeField !== undefined) {
    if (keys[next]?.[0] !== rangeField) return false;
    if (sort.length > 0 && sort[0]![0] !== rangeField) return false;
  }
  if (sort.length === 0) return true;
  // Sort fields that are also equality fields are constant: skip them.
  const effective = sort.filter(([f]) => !equality.has(f));
  if (effective.length === 0) return true;
  let sameDirection: boolean | null = null;
  for (const [field, dir] of effective) {
    const key = keys[next];
    if (!key || key[0] !== field) return false;
    const same = key[1] === dir;
    if (sameDirection === null) sameDirection = same;
    else if (sameDirection !== same) return false;
    next++;
  }
  return true;
}

function describe(filter: Filter, sort: Sort): string {
  const { equality, range } = fieldsOf(filter);
  const parts = [`filter fields [${[...equality, ...range].join(', ')}]`];
  if (sort.length > 0) parts.push(`sort [${sort.map(([f, d]) => `${f} ${d === 1 ? 'asc' : 'desc'}`).join(', ')}]`);
  return parts.join(' and ');
}

/** Null when covered, else a message naming the collection, fields and sort. */
export function uncoveredReason(spec: CollectionSpec, filter: Filter, sort: Sort): string | null {
  const { equality, range, ors } = fieldsOf(filter);
  // The primary key finds at most one document; anything else in the filter is checked on it alone.
  if (equality.has('_id')) return null;
  for (const branches of ors) {
    for (const branch of branches) {
      const merged = { ...filter, ...branch };
      delete merged.$or;
      const reason = uncoveredReason(spec, merged, sort);
      if (reason) return reason;
    }
  }
  if (ors.length > 0) return null;
  if (equality.size === 0 && range.size === 0 && sort.length === 0) {
    return spec.small ? null : `a full scan of ${spec.name} (no filter, no sort) is refused: declare an index or mark the collection small in database/schema.ts`;
  }
  if (spec.indexes.some((index) => indexCovers(index, equality, range, sort))) return null;
  return `no index declared in database/schema.ts covers ${describe(filter, sort)} on ${spec.name}`;
}
