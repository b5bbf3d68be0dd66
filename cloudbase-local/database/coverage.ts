// Strict index mode: what "covered by a declared index" means here, so that a query that passes
// locally does not turn into a full scan (and a timeout) on a large collection in the cloud.
//
// A filter is covered by an index with keys k0, k1, … when:
//  1. every field the filter names is an index key — no residual filtering on unindexed fields;
//  2. the equality fields (plain values, `$eq`, `$in`) are exactly the first keys, in any order;
//  3. then at most one range field (`$gt`, `$gte`, `$lt`, `$lte`, `$ne`, `$nin`, `$exists`) is the next key.
// A filter with an `_id` equality is always covered (the primary key: compare-and-set on a version).
// `$and` is flattened; a filter with `$or` is covered when one index covers every branch (each taken
// with the rest of the filter) — the keyset form `key < k OR (key == k AND _id < id)` on an index
// ending (key, _id) is read as two ranges of that one index. An empty filter is a scan: allowed only
// on collections declared `small`.
//
// The sort is not part of coverage: a sort the chosen index's order does not serve (plan.ts) is an
// in-memory sort, counted, and refused past the cloud's sort memory limit (actions.ts).
import { types } from 'util';
import type { CollectionSpec, IndexSpec } from './spec';

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
  // A field held equal is one point of the index, whatever range conditions also name it.
  for (const k of equality) range.delete(k);
  return { equality, range, ors };
}

function indexCovers(index: IndexSpec, equality: Set<string>, range: Set<string>): boolean {
  const keys = index.keys;
  const n = equality.size;
  if (keys.length < n) return false;
  for (let i = 0; i < n; i++) if (!equality.has(keys[i]![0])) return false;
  if (range.size > 1) return false;
  const rangeField = [...range][0];
  return rangeField === undefined || keys[n]?.[0] === rangeField;
}

/** The filter's alternatives without `$or`: one per combination of branches, each with the rest of the filter. */
function alternatives(filter: Filter): Filter[] {
  const { ors } = fieldsOf(filter);
  const rest = withoutOr(filter);
  let out: Filter[] = [rest];
  for (const branches of ors) out = out.flatMap((base) => branches.map((b) => ({ $and: [base, b] })));
  return out;
}

function withoutOr(filter: Filter): Filter {
  const out: Filter = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$or') continue;
    out[k] = k === '$and' && Array.isArray(v) ? v.map((x) => withoutOr(x as Filter)) : v;
  }
  return out;
}

function describe(filter: Filter): string {
  const { equality, range } = fieldsOf(filter);
  return `filter fields [${[...equality, ...range].join(', ')}]`;
}

/** Null when covered, else a message naming the collection and fields. */
export function uncoveredReason(spec: CollectionSpec, filter: Filter, sort: Sort = []): string | null {
  const { equality, range, ors } = fieldsOf(filter);
  // The primary key finds at most one document; anything else in the filter is checked on it alone.
  if (equality.has('_id')) return null;
  if (ors.length > 0) {
    const branches = alternatives(filter).map(fieldsOf);
    const covers = (index: IndexSpec) => branches.every((b) => b.equality.has('_id') || indexCovers(index, b.equality, b.range));
    if (spec.indexes.some(covers)) return null;
    return `no single index declared in database/schema.ts covers every branch of the $or (${branches.map((b) => `[${[...b.equality, ...b.range].join(', ')}]`).join(' or ')}) on ${spec.name}`;
  }
  if (equality.size === 0 && range.size === 0) {
    // No filter but a sort an index leads with: the index is read in order (and stops at the limit).
    if (sort.length > 0 && spec.indexes.some((index) => index.keys[0]![0] === sort[0]![0])) return null;
    return spec.small ? null : `a full scan of ${spec.name} (no filter) is refused: declare an index or mark the collection small in database/schema.ts`;
  }
  if (spec.indexes.some((index) => indexCovers(index, equality, range))) return null;
  return `no index declared in database/schema.ts covers ${describe(filter)} on ${spec.name}`;
}
