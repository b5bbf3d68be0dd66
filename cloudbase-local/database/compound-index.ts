// A declared index as a database keeps it: its entries in key order (each key ascending or
// descending as declared, ties broken by entry id), so a query reads a contiguous range of entries
// in order, forward or backward, and can stop at its limit.
//
// The entries live in a B+ tree (sorted-btree): inserting or deleting one is O(log n), a walk
// starts from a bound in O(log n), and an index is built from a sorted batch in O(n) (bulkLoad) when
// the store loads its snapshot. A sorted array with a splice per insert was O(n) per document and
// index: a million complaints did not load in 20 minutes.
//
// Each entry's key is one string whose plain (UTF-16 code unit) order is the index order: every key
// value encoded so that its encodings sort as BSON orders the values (`compareValues`), complemented
// for a descending key, then the entry id. Comparing two entries is then one native string
// comparison, with no document lookups — what makes a million inserts per index fast — and the
// value stored beside the key is the document id.
import { types } from 'util';
import BTree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad';
import type { IndexSpec } from './spec';

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

// ---- Order-preserving encoding of key values -------------------------------------------------
// A value is its type's rank as one code unit, then: nothing (null); eight (a number, or a date's
// time: the IEEE 754 bytes turned so that unsigned order is numeric order); one (a boolean); or the
// text (a string; JSON for objects and arrays, as compareValues compares them) unit by unit — 2…254
// as itself, 0 and 1 as 1 then 1 or 2, 255 and above as 255 then its two bytes — and 0 at the end.
// Every code unit is below 256, so V8 keeps a key in one byte per character. No encoding is a
// prefix of another, so a tuple's concatenation sorts as the tuple; complementing every unit
// (255 − u) reverses the order: a descending key.

const bits = new DataView(new ArrayBuffer(8));

function encodeNumber(n: number): string {
  // NaN below every number, as MongoDB sorts it; -0 is 0.
  if (Number.isNaN(n)) return '\u0000'.repeat(8);
  bits.setFloat64(0, n === 0 ? 0 : n);
  // Negative: flip every bit (larger magnitude sorts lower); positive: flip the sign bit only.
  const negative = bits.getUint8(0) >= 0x80;
  const bytes = new Array<number>(8);
  for (let i = 0; i < 8; i++) bytes[i] = negative ? 255 - bits.getUint8(i) : i === 0 ? bits.getUint8(0) | 0x80 : bits.getUint8(i);
  return String.fromCharCode(...bytes);
}

function encodeText(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) plain = s.charCodeAt(i) >= 2 && s.charCodeAt(i) < 255;
  if (plain) return s + '\u0000';
  const units: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 2) units.push(1, u + 1);
    else if (u < 255) units.push(u);
    else units.push(255, u >> 8, u & 255);
  }
  units.push(0);
  return fromUnits(units);
}

function fromUnits(units: number[]): string {
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

/** The ascending encoding of one key value. */
function encodeValue(v: unknown): string {
  const r = rank(v);
  const head = String.fromCharCode(r);
  switch (r) {
    case 1:
      return head;
    case 2:
      return head + encodeNumber(Number(v));
    case 3:
      return head + encodeText(v as string);
    case 8:
      return head + (v ? '\u0001' : '\u0000');
    case 9:
      return head + encodeNumber((v as Date).getTime());
    default:
      return head + encodeText(JSON.stringify(v) ?? '');
  }
}

/** Every code unit u as 255 − u: the encoding of a descending key. */
function complement(s: string): string {
  const units = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) units[i] = 255 - s.charCodeAt(i);
  return fromUnits(units);
}

/** Where the encoded value starting at `i` ends (`flip` 255 for a descending key, else 0). */
function skipValue(key: string, i: number, flip: number): number {
  const r = key.charCodeAt(i) ^ flip;
  if (r === 1) return i + 1;
  if (r === 2 || r === 9) return i + 9;
  if (r === 8) return i + 2;
  for (let j = i + 1; ; ) {
    const u = key.charCodeAt(j) ^ flip;
    if (u === 0) return j + 1;
    j += u === 1 ? 2 : u === 255 ? 3 : 1;
  }
}

/** The smallest string above every string that starts with `s`; undefined when there is none. */
function after(s: string): string | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 255) end--;
  return end === 0 ? undefined : s.slice(0, end - 1) + String.fromCharCode(s.charCodeAt(end - 1) + 1);
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

/** Entry keys compare as plain strings (the library's default comparator also weighs other types). */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The version of the entry key encoding (see `format`). */
const KEY_FORMAT = 1;

/** Separates a document id from the element a multikey entry stands for. */
const SEP = '\u0000';

export type Bound = { v: unknown; inclusive: boolean };

export class CompoundIndex {
  readonly fields: string[];
  readonly directions: Array<1 | -1>;
  private readonly paths: string[][];
  /**
   * The entry keys (encoded key values, then the entry id), with no values: the document id is read
   * back from the key, and a tree whose values are all undefined stores none.
   */
  private tree = new BTree<string, undefined>(undefined, byCodeUnits);

  constructor(readonly spec: IndexSpec) {
    this.fields = spec.keys.map(([f]) => f);
    this.directions = spec.keys.map(([, d]) => d);
    this.paths = this.fields.map((f) => f.split('.'));
  }

  get size(): number {
    return this.tree.size;
  }

  private encode(i: number, v: unknown): string {
    const e = encodeValue(v);
    return this.directions[i] === -1 ? complement(e) : e;
  }

  /**
   * A document's entry keys: one per element of an array field (multikey), the entry id after the
   * key values (`id`, or `id` U+0000 element index). An empty array is one entry keyed as a missing
   * value, sorted among the nulls.
   */
  private keysOf(doc: Doc): string[] {
    const values = this.paths.map((p) => at(doc, p));
    const arrayAt = values.findIndex((v) => Array.isArray(v) && v.length > 0);
    // Joined in one go: a flat string, which compares faster than a concatenation of pieces.
    const parts = values.map((v, i) => (i === arrayAt ? '' : this.encode(i, Array.isArray(v) ? v[0] : v)));
    if (arrayAt < 0) return [[...parts, doc._id].join('')];
    // Like MongoDB, one array field per entry (it refuses documents with parallel arrays in one index).
    return (values[arrayAt] as unknown[]).map((element, k) => {
      parts[arrayAt] = this.encode(arrayAt, element);
      return [...parts, doc._id, SEP, k].join('');
    });
  }

  /** The document id of an entry key: what follows the key values, less a multikey entry's element. */
  private idOf(key: string): string {
    let i = 0;
    for (const d of this.directions) i = skipValue(key, i, d === -1 ? 255 : 0);
    const sep = key.indexOf(SEP, i);
    return sep < 0 ? key.slice(i) : key.slice(i, sep);
  }

  /** Call before the stored document changes or goes. */
  remove(doc: Doc): void {
    for (const key of this.keysOf(doc)) this.tree.delete(key);
  }

  /** Call when a document is stored. */
  add(doc: Doc): void {
    for (const key of this.keysOf(doc)) this.tree.set(key, undefined);
  }

  /** Build the index from every document at once: their entry keys sorted, then loaded as a batch. */
  load(docs: Iterable<Doc>): void {
    const keys: string[] = [];
    for (const doc of docs) for (const key of this.keysOf(doc)) keys.push(key);
    // The default sort compares strings by code units, natively: faster than any comparator.
    keys.sort();
    this.loadSorted(keys);
  }

  /**
   * The entry keys in order, as a snapshot stores them: a start rebuilds the index from them
   * (`loadSorted`) without encoding a key or sorting — which was half of a start from a snapshot.
   */
  entryKeys(): IterableIterator<string> {
    return this.tree.keys();
  }

  /** Build the index from entry keys already in order (a snapshot's, written by the same `format`). */
  loadSorted(keys: string[]): void {
    this.tree = bulkLoad(keys, new Array<undefined>(keys.length), this.tree.maxNodeSize, byCodeUnits);
  }

  /**
   * What the entry keys depend on: the declared keys and this file's encoding of values. Stored
   * keys are used only under the same format; a changed index or encoding is rebuilt from the
   * documents. Bump KEY_FORMAT whenever the encoding above changes.
   */
  get format(): string {
    return JSON.stringify([KEY_FORMAT, this.spec.keys]);
  }

  /** Where a bound on the key after `prefix` starts (`before`) and ends (`past`) in entry order. */
  private edges(prefix: string, n: number, v: unknown): { before: string | undefined; past: string | undefined } {
    if (v instanceof TypeEdge) {
      // Just before or after every value of a type: the type's one code unit, in the key's direction.
      const typed = prefix + (this.directions[n] === -1 ? String.fromCharCode(255 - v.rank) : String.fromCharCode(v.rank));
      const edge = v.side * this.directions[n]! < 0 ? typed : after(typed);
      return { before: edge, past: edge };
    }
    const own = prefix + this.encode(n, v);
    return { before: own, past: after(own) };
  }

  /**
   * The document ids of the entries whose first keys equal `prefix` and whose next key lies within
   * `lo` / `hi` (each inclusive or not; absent = unbounded within the prefix), in index order or
   * (`backward`) its reverse. Lazily: the caller stops when it has enough.
   */
  *ids(prefix: unknown[], lo: Bound | undefined, hi: Bound | undefined, backward: boolean): Generator<string> {
    const n = prefix.length;
    const p = prefix.map((v, i) => this.encode(i, v)).join('');
    // Lower and upper value bounds become the first and last entries according to the key's direction.
    const descending = n < this.fields.length && this.directions[n] === -1;
    const startBound = descending ? hi : lo;
    const endBound = descending ? lo : hi;
    let from: string | undefined = p;
    let to: string | undefined = after(p);
    if (startBound) {
      const e = this.edges(p, n, startBound.v);
      from = startBound.inclusive ? e.before : e.past;
    }
    if (endBound) {
      const e = this.edges(p, n, endBound.v);
      to = endBound.inclusive ? e.past : e.before;
    }
    // Nothing sorts at or past a missing `from` (the prefix's last possible key is behind us).
    if (from === undefined || (to !== undefined && to <= from)) return;
    const pair: [string, undefined] = ['', undefined];
    if (backward) {
      for (const [key] of this.tree.entriesReversed(to, pair, true)) {
        if (key < from) return;
        yield this.idOf(key);
      }
    } else {
      for (const [key] of this.tree.entries(from, pair)) {
        if (to !== undefined && key >= to) return;
        yield this.idOf(key);
      }
    }
  }
}
