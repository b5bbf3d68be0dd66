// The document store: collections of documents in memory, made durable by an append-only journal.
// A mutation is applied in memory, written to the journal and fsync'd before the caller is answered,
// so an acknowledged write survives `kill -9`. Concurrent writes share one fsync (group commit).
// At start the snapshot is loaded, the journal replayed, each index built from the loaded documents
// as one sorted batch, and snapshot and journal compacted into a new snapshot;
// while running, the journal is compacted again whenever it outgrows the snapshot (so compaction
// costs O(1) amortised per write). Both files are EJSON lines read and written in chunks: a
// collection of a million documents is larger than the longest string V8 can hold.
import fs from 'fs';
import path from 'path';
import { EJSON } from 'bson';
import { AdminError } from '../app';
import type { CollectionSpec } from '../../database/schema';
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

const SNAPSHOT = 'snapshot.ejsonl';
const JOURNAL = 'journal.ejsonl';
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
      if (fs.existsSync(snapshot)) {
        forEachLine(snapshot, (line) => {
          const entry = parseLine<{ c: string; d?: Doc }>(line);
          if (entry) this.apply(entry.d ? { op: 'put', collection: entry.c, doc: entry.d } : { op: 'create', collection: entry.c }, false);
        });
        this.snapshotBytes = fs.statSync(snapshot).size;
      }
      const journal = path.join(this.dir, JOURNAL);
      const journalBytes = fs.existsSync(journal) ? fs.statSync(journal).size : 0;
      if (journalBytes > 0) {
        forEachLine(journal, (line) => {
          for (const m of parseLine<{ batch: Mutation[] }>(line)?.batch ?? []) this.apply(m, false);
        });
      }
      for (const c of this.collections.values()) this.reindex(c);
      // Compact only when there is something to fold in (a big snapshot is slow to rewrite) — but
      // always when the journal is not empty: new lines appended after a torn one would be torn too.
      if (journalBytes > 0) this.compact();
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
    let lines: string[] = [];
    const write = () => {
      if (lines.length > 0) bytes += fs.writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    };
    try {
      for (const [name, c] of this.collections) {
        lines.push(ejson({ c: name }));
        for (const d of c.docs.values()) {
          lines.push(ejson({ c: name, d }));
          if (lines.length >= 1000) write();
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
