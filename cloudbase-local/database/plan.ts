// How a query reads a collection, as a database plans it: pick the declared index whose keys the
// filter constrains furthest (preferring one whose order serves the sort), read the ranges of
// entries the filter allows — one per combination of `$in` values on the equality prefix, and per
// `$or` branch — in index order, merging the ranges when there are several, and stop as soon as
// skip + limit documents matched. A sort no index serves is an in-memory sort: every candidate is
// read, then sorted (the caller counts it and bounds its memory).
import { types } from 'util';
import { TypeEdge, compareValues, type Bound, type CompoundIndex } from './compound-index';

type Filter = Record<string, unknown>;
export type Sort = Array<[string, 1 | -1]>;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !types.isDate(v) && !(v instanceof Uint8Array);
const isOperators = (v: unknown): v is Record<string, unknown> => isPlain(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));
/** Values an equality can look up in an index (a whole-array or sub-document match cannot). */
const lookupable = (v: unknown) => v === null || types.isDate(v) || ['string', 'number', 'boolean'].includes(typeof v);
const rankOf = (v: unknown) => (v === null ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : typeof v === 'boolean' ? 8 : types.isDate(v) ? 9 : 4);

/** One field's condition as index bounds: equal to one of `values`, or within lo / hi. */
type Condition = { values: unknown[] } | { lo?: Bound; hi?: Bound };

function conditionOf(cond: unknown): Condition | null {
  if (!isOperators(cond)) return lookupable(cond) ? { values: [cond] } : null;
  const ops = cond;
  const keys = Object.keys(ops);
  if (keys.length === 1 && '$eq' in ops) return lookupable(ops.$eq) ? { values: [ops.$eq] } : null;
  if (keys.length === 1 && Array.isArray(ops.$in)) return ops.$in.every(lookupable) ? { values: [...ops.$in] } : null;
  if (!keys.every((k) => ['$gt', '$gte', '$lt', '$lte'].includes(k))) return null;
  const lower = ops.$gt ?? ops.$gte;
  const upper = ops.$lt ?? ops.$lte;
  if ((lower !== undefined && !lookupable(lower)) || (upper !== undefined && !lookupable(upper))) return null;
  // Type bracketing, as MongoDB: `$lt: date` reads dates only.
  const lo: Bound = lower !== undefined ? { v: lower, inclusive: '$gte' in ops && !('$gt' in ops) } : { v: new TypeEdge(rankOf(upper), -1), inclusive: true };
  const hi: Bound = upper !== undefined ? { v: upper, inclusive: '$lte' in ops && !('$lt' in ops) } : { v: new TypeEdge(rankOf(lower), 1), inclusive: true };
  return { lo, hi };
}

/** The tighter of two bounds (`side` -1: lower, 1: upper). */
function tighter(a: Bound | undefined, b: Bound | undefined, side: -1 | 1): Bound | undefined {
  if (!a || !b) return a ?? b;
  const c = compareValues(a.v, b.v) * side;
  return c < 0 ? a : c > 0 ? b : { v: a.v, inclusive: a.inclusive && b.inclusive };
}

/** Two conditions on one field (`_.gte(a).and(_.lte(b))` arrives as two): equality wins, ranges narrow. */
function both(a: Condition, b: Condition): Condition {
  if ('values' in a && 'values' in b) return { values: a.values.filter((v) => b.values.some((w) => compareValues(v, w) === 0)) };
  if ('values' in a) return a;
  if ('values' in b) return b;
  return { lo: tighter(a.lo, b.lo, -1), hi: tighter(a.hi, b.hi, 1) };
}

/** The conditions of a filter without `$or`, by field (`$and` flattened). */
function conditions(filter: Filter): Map<string, Condition> {
  const out = new Map<string, Condition>();
  const visit = (f: Filter) => {
    for (const [field, cond] of Object.entries(f)) {
      if (field === '$and' && Array.isArray(cond)) cond.forEach((c) => visit(c as Filter));
      else if (!field.startsWith('$')) {
        const c = conditionOf(cond);
        const had = out.get(field);
        if (c) out.set(field, had ? both(had, c) : c);
      }
    }
  };
  visit(filter);
  return out;
}

/**
 * The filter's alternatives: one per combination of its `$or` branches (none: the filter itself).
 * Every condition outside them is kept, a field's several ones too (`_.gte(a).and(_.lt(b))` arrives
 * as two): `conditions` narrows them into one range.
 */
function branches(filter: Filter): Filter[] {
  const ors: Filter[][] = [];
  const rest: Filter[] = [];
  const visit = (f: Filter) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$or' && Array.isArray(v)) ors.push(v as Filter[]);
      else if (k === '$and' && Array.isArray(v)) v.forEach((x) => visit(x as Filter));
      else rest.push({ [k]: v });
    }
  };
  visit(filter);
  let out: Filter[] = [{ $and: rest }];
  for (const alternatives of ors) out = out.flatMap((base) => alternatives.map((alt) => ({ $and: [base, alt] })));
  return out;
}

/** What an index reads for one branch: the ranges (prefix values + bounds on the next key), in walk direction. */
interface BranchPlan {
  ranges: Array<{ prefix: unknown[]; lo?: Bound; hi?: Bound }>;
  /** Keys the filter constrains (equality prefix, plus one for a range). */
  depth: number;
  /** The index order serves the sort: forward (1) or backward (-1); null when it does not. */
  direction: 1 | -1 | null;
}

const MAX_RANGES = 1000;

function planBranch(index: CompoundIndex, filter: Filter, sort: Sort): BranchPlan | null {
  const conds = conditions(filter);
  const prefixValues: unknown[][] = [];
  let range: { lo?: Bound; hi?: Bound } | null = null;
  for (const field of index.fields) {
    const c = conds.get(field);
    if (!c) break;
    if ('values' in c) prefixValues.push(c.values);
    else {
      range = c;
      break;
    }
  }
  let combos: unknown[][] = [[]];
  for (const values of prefixValues) {
    combos = combos.flatMap((p) => values.map((v) => [...p, v]));
    if (combos.length > MAX_RANGES) return null;
  }
  const n = prefixValues.length;
  // The sort is served when its fields, less those of the equality prefix (one value per range: the
  // ranges are merged by the whole sort), continue the index from the first key after the prefix,
  // all in the index's directions or all inverted.
  const prefixFields = new Set(index.fields.slice(0, n));
  const effective = sort.filter(([f]) => !prefixFields.has(f));
  let direction: 1 | -1 | null = 1;
  let next = n;
  for (const [field, dir] of effective) {
    const k = index.fields.indexOf(field);
    if (k !== next) {
      direction = null;
      break;
    }
    const d = (index.directions[k] === dir ? 1 : -1) as 1 | -1;
    if (next === n) direction = d;
    else if (direction !== d) {
      direction = null;
      break;
    }
    next++;
  }
  const ranges = combos.map((prefix) => ({ prefix, ...(range ?? {}) }));
  return { ranges, depth: n + (range ? 1 : 0), direction };
}

export interface Plan {
  index: CompoundIndex | null;
  /** The order of the entries read serves the sort (no in-memory sort needed). */
  sortServed: boolean;
  branches: BranchPlan[];
}

/** The plan for a filter and sort over a collection's declared indexes. */
export function planQuery(indexes: CompoundIndex[], filter: Filter, sort: Sort): Plan {
  const alternatives = branches(filter);
  let best: { plan: Plan; depth: number } | null = null;
  for (const index of indexes) {
    const plans = alternatives.map((b) => planBranch(index, b, sort));
    if (plans.some((p) => p === null)) continue;
    const ok = plans as BranchPlan[];
    const depth = Math.min(...ok.map((p) => p.depth));
    // Several branches, or several ranges, are merged by the sort; a branch that constrains nothing reads everything.
    const sortServed = sort.length === 0 || ok.every((p) => p.direction !== null);
    if (depth === 0 && !(sortServed && sort.length > 0 && alternatives.length === 1)) continue;
    // An index that narrows the read comes first; among those, one whose order serves the sort; then the deepest.
    const score = (narrows: boolean, served: boolean, d: number) => [narrows ? 1 : 0, served ? 1 : 0, d];
    const mine = score(depth > 0, sortServed, depth);
    const theirs = best ? score(best.depth > 0, best.plan.sortServed, best.depth) : null;
    const better = !theirs || mine[0]! > theirs[0]! || (mine[0] === theirs[0] && (mine[1]! > theirs[1]! || (mine[1] === theirs[1] && mine[2]! > theirs[2]!)));
    if (better) best = { plan: { index, sortServed, branches: ok }, depth };
  }
  return best?.plan ?? { index: null, sortServed: false, branches: [] };
}

/** Sort order of two documents by a sort spec (BSON order), ties by id. */
export function compareBySort(sort: Sort, valueAt: (d: Record<string, unknown>, f: string) => unknown) {
  return (a: Record<string, unknown> & { _id: string }, b: Record<string, unknown> & { _id: string }): number => {
    for (const [field, dir] of sort) {
      const c = compareValues(valueAt(a, field), valueAt(b, field));
      if (c !== 0) return c * dir;
    }
    return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
  };
}

/**
 * The document ids a plan reads, in order (by the sort when the plan serves it, merged across
 * ranges); each id once. Lazily: the caller stops when it has enough.
 */
export function* walk(plan: Plan, sort: Sort, docOf: (id: string) => (Record<string, unknown> & { _id: string }) | undefined, valueAt: (d: Record<string, unknown>, f: string) => unknown): Generator<string> {
  const index = plan.index!;
  // One cursor per range, walked forward, or backward when the sort inverts the index order; each
  // holds the id it will hand out next.
  const live = plan.branches
    .flatMap((b) => b.ranges.map((r) => index.ids(r.prefix, r.lo, r.hi, b.direction === -1)))
    .map((ids) => ({ ids, next: ids.next() }))
    .filter((c) => !c.next.done);
  const seen = new Set<string>();
  const order = compareBySort(sort, valueAt);
  const head = (c: (typeof live)[number]) => docOf(c.next.value as string);
  while (live.length > 0) {
    let pick = 0;
    if (sort.length > 0 && live.length > 1) {
      // The merge: the cursor whose next document comes first in sort order.
      let best = head(live[0]!);
      for (let i = 1; i < live.length; i++) {
        const d = head(live[i]!);
        if (d && (!best || order(d, best) < 0)) {
          best = d;
          pick = i;
        }
      }
    }
    const c = live[pick]!;
    const id = c.next.value as string;
    c.next = c.ids.next();
    if (c.next.done) live.splice(pick, 1);
    if (seen.has(id)) continue;
    seen.add(id);
    yield id;
  }
}
