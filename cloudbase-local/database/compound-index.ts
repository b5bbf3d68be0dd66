// A declared index as a database keeps it: its entries in key order (each key ascending or
// descending as declared, ties broken by document id), so a query reads a contiguous range of
// entries in order and can stop at its limit. The entries are document ids (a multikey entry also
// names the array element it stands for); key values are read from the documents when compared,
// so an index costs a pointer per entry however many keys it has.
//
// The order is built on first use (a load of a million documents pays nothing until a query needs
// it) and kept up to date on each write after that; a batch of many writes drops it for a rebuild.
import { types } from 'util';
import type { IndexSpec } from '../../database/schema';

type Doc = Record<string, unknown> & { _id: string };

/** BSON's order of types (null < numbers < strings < objects < arrays < … < booleans < dates). */
function rank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number' || typeof v === 'bigint') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'boolean') return 8;
  if (types.isDate(v)) return 9;
  return 4;
}

/** A bound below or above every value of one type: where a type-bracketed range starts or ends. */
export class TypeEdge {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

/** Compare two key values in BSON order; a TypeEdge sorts just before or after its type. */
export function compareValues(a: unknown, b: unknown): number {
  if (a instanceof TypeEdge || b instanceof TypeEdge) {
    if (a instanceof TypeEdge && b instanceof TypeEdge) return a.rank - b.rank || a.side - b.side;
    if (a instanceof TypeEdge) return a.rank === rank(b) ? a.side : a.rank - rank(b);
    return -compareValues(b, a);
  }
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2:
      return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
    case 3:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 8:
      return Number(a) - Number(b);
    case 9:
      return (a as Date).getTime() - (b as Date).getTime();
    default: {
      const sa = JSON.stringify(a);
      const sb = JSON.stringify(b);
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
  }
}

/** The value at a dot path (`a.b.c`), given as its parts. */
function at(doc: Record<string, unknown>, parts: string[]): unknown {
  let v: unknown = doc;
  for (const part of parts) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const SEP = '\u0000';

export class CompoundIndex {
  readonly fields: string[];
  readonly directions: Array<1 | -1>;
  private readonly paths: string[][];
  /** Entries in index order; null until first needed (and after a large batch of writes). */
  private entries: string[] | null = null;

  constructor(
    readonly spec: IndexSpec,
    private readonly docs: Map<string, Doc>,
  ) {
    this.fields = spec.keys.map(([f]) => f);
    this.directions = spec.keys.map(([, d]) => d);
    this.paths = this.fields.map((f) => f.split('.'));
  }

  /** A document's entries with their keys: one per element of an array field (multikey). */
  private entriesOf(doc: Doc): Array<{ e: string; k: unknown[] }> {
    const values = this.paths.map((p) => at(doc, p));
    const arrayAt = values.findIndex((v) => Array.isArray(v) && v.length > 0);
    if (arrayAt < 0) return [{ e: doc._id, k: values.map((v) => (Array.isArray(v) ? undefined : v)) }];
    // Like MongoDB, one array field per entry (it refuses documents with parallel arrays in one index).
    return (values[arrayAt] as unknown[]).map((element, i) => ({ e: `${doc._id}${SEP}${i}`, k: values.map((v, j) => (j === arrayAt ? element : Array.isArray(v) ? v[0] : v)) }));
  }

  /** The keys of a stored entry. */
  keysOf(entry: string): unknown[] {
    const sep = entry.indexOf(SEP);
    const id = sep < 0 ? entry : entry.slice(0, sep);
    const doc = this.docs.get(id);
    if (!doc) return this.paths.map(() => undefined);
    // The same keys the entry was placed by (entriesOf). An empty array has one entry keyed as a
    // missing value, sorted among the nulls; read back raw it would compare as an array (after
    // strings and objects), and a binary search landing on it turned away from the entries sought:
    // a query on an element found nothing once any document's array was emptied (e.g. by `pull`).
    if (sep < 0) return this.paths.map((p) => at(doc, p)).map((v) => (Array.isArray(v) ? undefined : v));
    return this.entriesOf(doc)[Number(entry.slice(sep + 1))]?.k ?? this.paths.map(() => undefined);
  }

  static idOf(entry: string): string {
    const sep = entry.indexOf(SEP);
    return sep < 0 ? entry : entry.slice(0, sep);
  }

  /** Index order of two key tuples, then by entry (document id). */
  private compare(a: unknown[], ea: string, b: unknown[], eb: string): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c * this.directions[i]!;
    }
    return ea < eb ? -1 : ea > eb ? 1 : 0;
  }

  /** The entries in index order, built if needed. */
  ordered(): string[] {
    if (!this.entries) {
      const all: Array<{ e: string; k: unknown[] }> = [];
      for (const doc of this.docs.values()) all.push(...this.entriesOf(doc));
      all.sort((x, y) => this.compare(x.k, x.e, y.k, y.e));
      this.entries = all.map((x) => x.e);
    }
    return this.entries;
  }

  /** First position whose entry is not before (key tuple, entry). */
  private position(k: unknown[], e: string): number {
    const list = this.entries!;
    let a = 0;
    let b = list.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (this.compare(this.keysOf(list[m]!), list[m]!, k, e) < 0) a = m + 1;
      else b = m;
    }
    return a;
  }

  /** Call before the stored document changes (it must still be in the map). */
  remove(doc: Doc): void {
    if (!this.entries) return;
    for (const { e, k } of this.entriesOf(doc)) {
      const i = this.position(k, e);
      if (this.entries[i] === e) this.entries.splice(i, 1);
    }
  }

  /** Call once the new document is in the map. */
  add(doc: Doc): void {
    if (!this.entries) return;
    for (const { e, k } of this.entriesOf(doc)) this.entries.splice(this.position(k, e), 0, e);
  }

  /** Forget the order (rebuilt at the next query): cheaper than many single updates. */
  invalidate(): void {
    this.entries = null;
  }

  /**
   * Positions [from, to) of the entries whose first keys equal `prefix` and whose next key lies
   * within `lo` / `hi` (each inclusive or not; absent = unbounded within the prefix).
   */
  interval(prefix: unknown[], lo?: { v: unknown; inclusive: boolean }, hi?: { v: unknown; inclusive: boolean }): [number, number] {
    const list = this.ordered();
    const n = prefix.length;
    // How an entry's keys compare with the bound: by the prefix, then the next key against `v`.
    const cmp = (entry: string, v: unknown, hasV: boolean): number => {
      const k = this.keysOf(entry);
      for (let i = 0; i < n; i++) {
        const c = compareValues(k[i], prefix[i]);
        if (c !== 0) return c * this.directions[i]!;
      }
      return hasV ? compareValues(k[n], v) * this.directions[n]! : 0;
    };
    // Lower and upper value bounds become start and end positions according to the key's direction.
    const descending = n < this.fields.length && this.directions[n] === -1;
    const startBound = descending ? hi : lo;
    const endBound = descending ? lo : hi;
    const search = (pred: (entry: string) => boolean): number => {
      let a = 0;
      let b = list.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (pred(list[m]!)) a = m + 1;
        else b = m;
      }
      return a;
    };
    const from = search((entry) => {
      const c = cmp(entry, startBound?.v, startBound !== undefined);
      return c < 0 || (c === 0 && startBound !== undefined && !startBound.inclusive);
    });
    const to = search((entry) => {
      const c = cmp(entry, endBound?.v, endBound !== undefined);
      return c < 0 || (c === 0 && (endBound === undefined || endBound.inclusive));
    });
    return [from, Math.max(from, to)];
  }

  entryAt(i: number): string {
    return this.ordered()[i]!;
  }
}
