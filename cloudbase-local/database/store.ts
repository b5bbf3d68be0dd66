// The document store: collections of documents in memory, made durable by an append-only journal.
// A mutation is applied in memory, written to the journal and fsync'd before the caller is answered,
// so an acknowledged write survives `kill -9`. Concurrent writes share one fsync (group commit).
// At start the snapshot is loaded, the journal replayed, each index built from the loaded documents
// as one sorted batch, and snapshot and journal compacted into a new snapshot;
// while running, the journal is compacted again whenever it outgrows the snapshot (so compaction
// costs O(1) amortised per write). The journal is EJSON lines (one per commit, small, appended).
// The snapshot is binary frames, each carrying its own length, read and written a chunk at a time
// (a collection of a million documents is larger than the longest string V8 can hold): documents
// of plain JSON values and dates a thousand to a frame in V8's own serialization (node:v8), any
// other document (an ObjectId, a Decimal128…) as a BSON record that keeps its exact types, and each
// index's entry keys in order, so a start loads an index without encoding or sorting a key.
// A profile of a start from a million complaints written as EJSON text spent most of its time in
// EJSON.parse, its garbage, and encoding and sorting index keys: v8.deserialize is native and
// reads a document about three times faster than EJSON.parse, and stored keys take the rest away.
import fs from 'fs';
import path from 'path';
import { types } from 'util';
import v8 from 'v8';
import { BSON, EJSON, calculateObjectSize } from 'bson';
import { AdminError } from '../app';
import type { CollectionSpec } from './spec';
import { CompoundIndex } from './compound-index';

export type Doc = Record<string, unknown> & { _id: string };

export type Mutation = { op: 'put'; collection: string; doc: Doc } | { op: 'delete'; collection: string; id: string } | { op: 'create'; collection: string };

export interface Collection {
  name: string;
  spec: CollectionSpec;
  docs: Map<string, Doc>;
  /** Each declared index, its entries in key order, kept up to date on every write. */
  indexes: CompoundIndex[];
  /** For each unique index, its key (JSON of the key values) → the id holding it (a Set only while a
   * replaced document and its successor overlap — a million one-element Sets would cost far more). */
  uniqueKeys: Map<string, Map<string, string | Set<string>>>;
  /** Bumped on every change of a document: transactions detect conflicts with it. */
  revisions: Map<string, number>;
}

const ejson = (v: unknown) => EJSON.stringify(v as Record<string, unknown>, { relaxed: false });

const SNAPSHOT = 'snapshot.bson';
/** The snapshot as it was written before it became BSON: still read, replaced at the next compaction. */
const TEXT_SNAPSHOT = 'snapshot.ejsonl';
const JOURNAL = 'journal.ejsonl';
/** MongoDB's largest document, which CloudBase keeps. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Below this the journal is not compacted while running: small data compacts at the next start. */
const MIN_COMPACTION_BYTES = 16 * 1024 * 1024;

/** Call `fn` with each line of a file, reading it a chunk at a time. */
function forEachLine(file: string, fn: (line: string) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let rest = Buffer.alloc(0);
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) {
      let buf = Buffer.concat([rest, chunk.subarray(0, n)]);
      for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
        fn(buf.subarray(0, nl).toString('utf8'));
        buf = buf.subarray(nl + 1);
      }
      rest = Buffer.from(buf);
    }
    if (rest.length > 0) fn(rest.toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Call `fn` with each frame of a file — a BSON document, or a block of index entry keys, each
 * beginning with its length as a little-endian int32 — read a chunk at a time. The frame is a view
 * into a buffer that is reused: `fn` must decode it before returning.
 */
function forEachFrame(file: string, fn: (frame: Buffer) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    let buf = Buffer.alloc(0);
    const chunk = Buffer.alloc(1 << 22);
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) {
      buf = buf.length === 0 ? chunk.subarray(0, n) : Buffer.concat([buf, chunk.subarray(0, n)]);
      let at = 0;
      while (buf.length - at >= 4) {
        const size = buf.readInt32LE(at);
        if (buf.length - at < size) break;
        fn(buf.subarray(at, at + size));
        at += size;
      }
      // The rest starts a frame the next chunk completes; copied, as the chunk is read into again.
      buf = Buffer.from(buf.subarray(at));
    }
    // A snapshot is renamed into place only once complete, so no torn frame can be left over here.
    if (buf.length > 0) throw new Error(`${file}: ends inside a record`);
  } finally {
    fs.closeSync(fd);
  }
}

// A block of entry keys: its int32 size, then each key as a uint32 length and its bytes. A key
// whose code units are all below 256 (nearly every key: the encoding keeps values there) is stored
// as latin1, one byte a unit; one with a wider unit (an id in Chinese) as UTF-16, its length's top
// bit set.
const WIDE = 0x80000000;
const KEY_BLOCK_BYTES = 1 << 20;

function decodeKeys(frame: Buffer, into: string[]): void {
  for (let at = 4; at < frame.length; ) {
    const head = frame.readUInt32LE(at);
    const length = head & ~WIDE;
    at += 4;
    into.push(frame.toString(head & WIDE ? 'utf16le' : 'latin1', at, at + length));
    at += length;
  }
}

/**
 * Whether V8's serialization gives `v` back exactly: JSON values and dates in plain objects and
 * arrays. A BSON type (ObjectId, Long, Decimal128, Binary…) would come back a plain object, and
 * `undefined` would stay where BSON stores null — such a document is written as BSON instead.
 */
function plain(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object': {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !plain(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (types.isDate(v)) return proto === Date.prototype;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) if (!plain((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * v8.deserialize makes its objects, arrays and dates in Node's own realm. Run inside another (a
 * test runner's vm context) they would not be this realm's (`instanceof Date` fails, a strict
 * comparison sees another Object), so in that case each document is remade here; a plain `node`
 * process has one realm and skips the walk.
 */
const foreignRealm = !(v8.deserialize(v8.serialize(new Date(0))) instanceof Date);

function ownRealm(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (types.isDate(v)) return new Date((v as Date).getTime());
  if (Array.isArray(v)) return v.map(ownRealm);
  const o: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) o[k] = ownRealm((v as Record<string, unknown>)[k]);
  return o;
}

/** A frame of V8-serialized documents: its int32 size, then the serialized array. */
function documentFrame(docs: Doc[]): Buffer {
  const body = v8.serialize(docs);
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeInt32LE(frame.length, 0);
  body.copy(frame, 4);
  return frame;
}

/** The key blocks of an index, each a Buffer ready to write. */
function* keyBlocks(keys: Iterable<string>): Generator<Buffer> {
  let block = Buffer.alloc(KEY_BLOCK_BYTES);
  let at = 4;
  for (const key of keys) {
    const wide = /[^\x00-\xff]/.test(key); // eslint-disable-line no-control-regex -- every unit a byte holds
    const length = wide ? key.length * 2 : key.length;
    if (at + 4 + length > block.length && at > 4) {
      block.writeInt32LE(at, 0);
      yield block.subarray(0, at);
      block = Buffer.alloc(Math.max(KEY_BLOCK_BYTES, 8 + length));
      at = 4;
    } else if (at + 4 + length > block.length) block = Buffer.alloc(8 + length);
    block.writeUInt32LE(((wide ? WIDE : 0) | length) >>> 0, at);
    block.write(key, at + 4, wide ? 'utf16le' : 'latin1');
    at += 4 + length;
  }
  block.writeInt32LE(at, 0);
  yield block.subarray(0, at);
}

/** Parse one EJSON line; null for a blank or torn line (a write cut short by a crash, never acknowledged). */
function parseLine<T>(line: string): T | null {
  if (!line.trim()) return null;
  try {
    return EJSON.parse(line) as T;
  } catch {
    return null;
  }
}

export class Store {
  readonly collections = new Map<string, Collection>();
  private journalFd: number | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private pending: Array<{ line: string; resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushing = false;
  private revisionCounter = 0;
  private specs: CollectionSpec[] = [];

  constructor(
    private readonly dir: string | null,
    private readonly minCompactionBytes = MIN_COMPACTION_BYTES,
  ) {}

  /** Load durable data, then make sure every declared collection exists. */
  open(specs: CollectionSpec[]): void {
    this.specs = specs;
    if (this.dir) {
      fs.mkdirSync(this.dir, { recursive: true });
      const snapshot = path.join(this.dir, SNAPSHOT);
      const textSnapshot = path.join(this.dir, TEXT_SNAPSHOT);
      const restore = (entry: { c: string; d?: Doc } | null) => {
        if (entry) this.apply(entry.d ? { op: 'put', collection: entry.c, doc: entry.d } : { op: 'create', collection: entry.c }, false);
      };
      // Each index's entry keys as the snapshot stored them, by collection and index name.
      const stored = new Map<string, string[]>();
      if (fs.existsSync(snapshot)) {
        let keys: string[] | null = null;
        let blocks = 0;
        let documentsOf: string | null = null;
        forEachFrame(snapshot, (frame) => {
          if (documentsOf !== null) {
            const docs = v8.deserialize(frame.subarray(4)) as Doc[];
            for (const d of foreignRealm ? (ownRealm(docs) as Doc[]) : docs) restore({ c: documentsOf, d });
            documentsOf = null;
            return;
          }
          if (blocks > 0) {
            decodeKeys(frame, keys!);
            blocks--;
            return;
          }
          const record = BSON.deserialize(frame) as { c: string; d?: Doc; documents?: boolean; index?: string; format?: string; blocks?: number };
          if (record.documents) documentsOf = record.c;
          if (record.index === undefined) return record.documents ? undefined : restore(record);
          blocks = record.blocks!;
          keys = [];
          // Keys of an index declared differently now (or encoded differently) are read past, unused.
          const index = this.ensure(record.c).indexes.find((i) => i.spec.name === record.index);
          if (index && index.format === record.format) stored.set(`${record.c}/${record.index}`, keys);
        });
        this.snapshotBytes = fs.statSync(snapshot).size;
      } else if (fs.existsSync(textSnapshot)) {
        forEachLine(textSnapshot, (line) => restore(parseLine<{ c: string; d?: Doc }>(line)));
      }
      // The indexes are built before the journal is replayed: a replayed write then updates them
      // like any write, so the snapshot's keys stay valid for the documents they were written from.
      for (const c of this.collections.values()) {
        for (const index of c.indexes) {
          const keys = stored.get(`${c.name}/${index.spec.name}`);
          if (keys) index.loadSorted(keys);
          else index.load(c.docs.values());
        }
      }
      const journal = path.join(this.dir, JOURNAL);
      const journalBytes = fs.existsSync(journal) ? fs.statSync(journal).size : 0;
      if (journalBytes > 0) {
        forEachLine(journal, (line) => {
          for (const m of parseLine<{ batch: Mutation[] }>(line)?.batch ?? []) this.apply(m);
        });
      }
      // Compact only when there is something to fold in (a big snapshot is slow to rewrite) — but
      // always when the journal is not empty: new lines appended after a torn one would be torn too.
      // A text snapshot from an earlier version is rewritten as BSON once, then removed.
      if (journalBytes > 0 || (!fs.existsSync(snapshot) && fs.existsSync(textSnapshot))) this.compact();
      fs.rmSync(textSnapshot, { force: true });
    }
    for (const spec of specs) this.ensure(spec.name);
  }

  /** Build a collection's indexes from its documents: a sorted batch each, rather than an insert per document. */
  private reindex(c: Collection): void {
    for (const index of c.indexes) index.load(c.docs.values());
  }

  /**
   * Store many documents of one collection at once, the way a snapshot is loaded: checked against
   * the unique indexes like any write, then the collection's indexes rebuilt, each from one sorted
   * batch. The benchmarks fill an in-memory store with a million complaints this way; a durable
   * store takes documents through `commit`, into its journal.
   */
  load(collection: string, docs: Doc[]): void {
    if (this.dir) throw new Error('Store.load is for a store kept in memory; a durable store takes writes through commit');
    const mutations: Mutation[] = docs.map((doc) => ({ op: 'put', collection, doc }));
    this.checkUnique(mutations);
    for (const m of mutations) this.apply(m, false);
    this.reindex(this.collection(collection));
  }

  private ensure(name: string): Collection {
    let c = this.collections.get(name);
    if (!c) {
      const spec = this.specs.find((s) => s.name === name) ?? { name, indexes: [], rules: { read: false, write: false } };
      const docs = new Map<string, Doc>();
      const uniqueKeys = new Map(spec.indexes.filter((i) => i.unique).map((i) => [i.name, new Map<string, string | Set<string>>()]));
      c = { name, spec, docs, revisions: new Map(), indexes: spec.indexes.map((i) => new CompoundIndex(i)), uniqueKeys };
      this.collections.set(name, c);
    }
    return c;
  }

  /** Apply one mutation; `indexed` false while loading, when the indexes are built afterwards. */
  private apply(m: Mutation, indexed = true): void {
    const c = this.ensure(m.collection);
    if (m.op === 'create') return;
    const id = m.op === 'put' ? m.doc._id : m.id;
    const old = c.docs.get(id);
    if (old) {
      if (indexed) for (const index of c.indexes) index.remove(old);
      for (const index of c.spec.indexes) {
        if (!index.unique) continue;
        const keys = c.uniqueKeys.get(index.name)!;
        const k = uniqueKey(index, old);
        const ids = keys.get(k);
        if (ids === id) keys.delete(k);
        else if (typeof ids === 'object') ids.delete(id);
      }
    }
    if (m.op === 'put') {
      c.docs.set(m.doc._id, m.doc);
      if (indexed) for (const index of c.indexes) index.add(m.doc);
      for (const index of c.spec.indexes) {
        if (!index.unique) continue;
        const keys = c.uniqueKeys.get(index.name)!;
        const k = uniqueKey(index, m.doc);
        const ids = keys.get(k);
        if (ids === undefined || ids === id || (typeof ids === 'object' && ids.size === 0)) keys.set(k, id);
        else if (typeof ids === 'string') keys.set(k, new Set([ids, id]));
        else ids.add(id);
      }
    }
    if (m.op === 'delete') c.docs.delete(m.id);
    c.revisions.set(id, ++this.revisionCounter);
  }

  collection(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw new AdminError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist`);
    return c;
  }

  revision(collection: string, id: string): number {
    return this.collections.get(collection)?.revisions.get(id) ?? 0;
  }

  /** Check unique indexes for a batch of puts against the stored documents (and each other). */
  checkUnique(mutations: Mutation[]): void {
    // Documents this batch replaces or deletes are judged by their new version only.
    const changed = new Set(mutations.map((m) => `${m.collection}/${m.op === 'put' ? m.doc._id : m.op === 'delete' ? m.id : ''}`));
    const seen = new Map<string, string>();
    for (const m of mutations) {
      if (m.op !== 'put') continue;
      const c = this.collection(m.collection);
      for (const index of c.spec.indexes) {
        if (!index.unique) continue;
        const key = uniqueKey(index, m.doc);
        const batchKey = `${m.collection}/${index.name}/${key}`;
        const twin = seen.get(batchKey);
        const held = c.uniqueKeys.get(index.name)!.get(key);
        const holders = held === undefined ? [] : typeof held === 'string' ? [held] : [...held];
        const clash = (twin !== undefined && twin !== m.doc._id) || holders.some((id) => id !== m.doc._id && !changed.has(`${m.collection}/${id}`));
        if (clash) throw new AdminError('DATABASE_DUPLICATE_WRITE', `duplicate key on unique index ${index.name} of ${m.collection}: ${key}`);
        seen.set(batchKey, m.doc._id);
      }
    }
  }

  /** Apply mutations together and resolve once they are durable. */
  async commit(mutations: Mutation[]): Promise<void> {
    if (mutations.length === 0) return;
    // A document is one BSON document in the cloud's MongoDB: at most 16 MB (a Tencent answer in
    // the WeChat developer community: 「单条记录大小受底层 BSON 限制，不超过 16mb」).
    for (const m of mutations) {
      if (m.op === 'put' && calculateObjectSize(m.doc) > MAX_DOCUMENT_BYTES) throw new AdminError('DATABASE_REQUEST_FAILED', `document ${m.doc._id} of ${m.collection} is larger than 16 MB (BSON)`);
    }
    this.checkUnique(mutations);
    for (const m of mutations) this.apply(m);
    if (!this.dir) return;
    // One journal line per commit: a transaction's writes land together or not at all.
    const line = ejson({ batch: mutations } as unknown as Record<string, unknown>);
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const batch = this.pending.splice(0);
    try {
      const fd = this.journal();
      this.journalBytes += fs.writeSync(fd, batch.map((b) => b.line).join('\n') + '\n');
      await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
      batch.forEach((b) => b.resolve());
    } catch (e) {
      batch.forEach((b) => b.reject(e));
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) void this.flush();
      // Idle and every applied write is in the journal: the snapshot may take them all.
      else if (this.journalBytes > Math.max(this.minCompactionBytes, this.snapshotBytes)) this.compactQuietly();
    }
  }

  private journal(): number {
    if (this.journalFd === null) this.journalFd = fs.openSync(path.join(this.dir!, JOURNAL), 'a');
    return this.journalFd;
  }

  /** Write a snapshot of everything and start an empty journal. A crash before the journal is
   * emptied only replays writes the snapshot already holds: puts and deletes are idempotent. */
  compact(): void {
    if (!this.dir) return;
    const bytes = this.writeSnapshot(this.dir);
    if (this.journalFd !== null) fs.closeSync(this.journalFd);
    this.journalFd = null;
    fs.writeFileSync(path.join(this.dir, JOURNAL), '');
    this.snapshotBytes = bytes;
    this.journalBytes = 0;
  }

  /**
   * Write every collection into `dir` as a snapshot (written aside, fsync'd, then renamed over the
   * old one); its size in bytes. The benchmark also writes an in-memory store's data this way, to
   * measure a start from it.
   */
  writeSnapshot(dir: string): number {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `${SNAPSHOT}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    let bytes = 0;
    let records: Uint8Array[] = [];
    const write = () => {
      if (records.length > 0) bytes += fs.writeSync(fd, Buffer.concat(records));
      records = [];
    };
    try {
      for (const [name, c] of this.collections) {
        records.push(BSON.serialize({ c: name }));
        // Plain documents gather into a frame; one that is not is written after those before it, so
        // the documents come back in the order they are kept (a query with no sort returns that order).
        let batch: Doc[] = [];
        const writeBatch = () => {
          if (batch.length > 0) records.push(BSON.serialize({ c: name, documents: true }), documentFrame(batch));
          batch = [];
        };
        for (const d of c.docs.values()) {
          if (plain(d)) batch.push(d);
          else {
            writeBatch();
            records.push(BSON.serialize({ c: name, d }));
          }
          if (batch.length >= 1000) writeBatch();
          if (records.length >= 1000) write();
        }
        writeBatch();
        write();
        for (const index of c.indexes) {
          const blocks = [...keyBlocks(index.entryKeys())];
          bytes += fs.writeSync(fd, BSON.serialize({ c: name, index: index.spec.name, format: index.format, blocks: blocks.length }));
          for (const block of blocks) bytes += fs.writeSync(fd, block);
        }
      }
      write();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, SNAPSHOT));
    const dirFd = fs.openSync(dir, 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
    return bytes;
  }

  /** Compaction while serving: on failure the journal still holds every write, so log and go on. */
  private compactQuietly(): void {
    try {
      this.compact();
    } catch (e) {
      console.error('CloudBase Local: compaction failed, the journal keeps every write:', e);
    }
  }

  close(): void {
    if (this.journalFd !== null) fs.closeSync(this.journalFd);
    this.journalFd = null;
  }
}

/** The key of a document in a unique index (a missing field counts as null). */
function uniqueKey(index: CollectionSpec['indexes'][number], d: Doc): string {
  return JSON.stringify(index.keys.map(([f]) => valueAt(d, f) ?? null));
}

/** The value at a dot path (`a.b.c`). */
export function valueAt(doc: Record<string, unknown>, field: string): unknown {
  let v: unknown = doc;
  for (const part of field.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
