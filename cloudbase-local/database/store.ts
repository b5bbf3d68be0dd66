// The document store: collections of documents in memory, made durable by an append-only journal.
// A mutation is applied in memory, written to the journal and fsync'd before the caller is answered,
// so an acknowledged write survives `kill -9`. Concurrent writes share one fsync (group commit).
// At start the snapshot is loaded, the journal replayed, and both compacted into a new snapshot.
import fs from 'fs';
import path from 'path';
import { EJSON } from 'bson';
import { AdminError } from '../app';
import type { CollectionSpec } from '../../database/schema';
import { FieldIndex } from './field-index';

export type Doc = Record<string, unknown> & { _id: string };

export type Mutation = { op: 'put'; collection: string; doc: Doc } | { op: 'delete'; collection: string; id: string } | { op: 'create'; collection: string };

export interface Collection {
  name: string;
  spec: CollectionSpec;
  docs: Map<string, Doc>;
  /** One index per field that leads a declared index (a compound index is found by its first field). */
  indexes: Map<string, FieldIndex>;
  /** Bumped on every change of a document: transactions detect conflicts with it. */
  revisions: Map<string, number>;
}

const ejson = (v: unknown) => EJSON.stringify(v as Record<string, unknown>, { relaxed: false });

export class Store {
  readonly collections = new Map<string, Collection>();
  private journalFd: number | null = null;
  private pending: Array<{ line: string; resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushing = false;
  private revisionCounter = 0;

  constructor(private readonly dir: string | null) {}

  /** Load durable data, then make sure every declared collection exists. */
  open(specs: CollectionSpec[]): void {
    if (this.dir) {
      fs.mkdirSync(this.dir, { recursive: true });
      const snapshot = path.join(this.dir, 'snapshot.ejson');
      if (fs.existsSync(snapshot)) {
        const data = EJSON.parse(fs.readFileSync(snapshot, 'utf8')) as Record<string, Doc[]>;
        for (const [name, docs] of Object.entries(data)) {
          const c = this.ensure(name, specs);
          for (const d of docs) c.docs.set(d._id, d);
        }
      }
      const journal = path.join(this.dir, 'journal.ejsonl');
      if (fs.existsSync(journal)) {
        for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
          // A torn last line is a write that was never acknowledged: skip it.
          if (!line.trim()) continue;
          let entry: { batch: Mutation[] };
          try {
            entry = EJSON.parse(line) as { batch: Mutation[] };
          } catch {
            continue;
          }
          for (const m of entry.batch) this.apply(m, specs);
        }
      }
    }
    for (const spec of specs) this.ensure(spec.name, specs);
    if (this.dir) this.compact();
  }

  private ensure(name: string, specs: CollectionSpec[]): Collection {
    let c = this.collections.get(name);
    if (!c) {
      const spec = specs.find((s) => s.name === name) ?? { name, indexes: [], rules: { read: false, write: false } };
      const fields = new Set(spec.indexes.map((i) => i.keys[0]![0]));
      c = { name, spec, docs: new Map(), revisions: new Map(), indexes: new Map([...fields].map((f) => [f, new FieldIndex(f)])) };
      this.collections.set(name, c);
    }
    return c;
  }

  private apply(m: Mutation, specs: CollectionSpec[] = []): void {
    const c = this.ensure(m.collection, specs);
    if (m.op === 'create') return;
    const id = m.op === 'put' ? m.doc._id : m.id;
    const old = c.docs.get(id);
    for (const index of c.indexes.values()) {
      if (old) index.remove(id, valueAt(old, index.field));
      if (m.op === 'put') index.add(id, valueAt(m.doc, index.field));
    }
    if (m.op === 'put') c.docs.set(m.doc._id, m.doc);
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
    const puts = mutations.filter((m): m is Extract<Mutation, { op: 'put' }> => m.op === 'put');
    for (const m of puts) {
      const c = this.collection(m.collection);
      for (const index of c.spec.indexes.filter((i) => i.unique)) {
        const key = JSON.stringify(index.keys.map(([f]) => valueAt(m.doc, f) ?? null));
        const clash = (d: Doc) => d._id !== m.doc._id && JSON.stringify(index.keys.map(([f]) => valueAt(d, f) ?? null)) === key;
        const others = puts.filter((p) => p !== m && p.collection === m.collection).map((p) => p.doc);
        // Only documents sharing the first key's value can clash: ask the index, not the collection.
        const first = index.keys[0]![0];
        const sameFirst = [...c.indexes.get(first)!.equal([valueAt(m.doc, first)])].map((id) => c.docs.get(id)!);
        if (sameFirst.some(clash) || others.some(clash)) {
          throw new AdminError('DATABASE_DUPLICATE_WRITE', `duplicate key on unique index ${index.name} of ${m.collection}: ${key}`);
        }
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
      fs.writeSync(fd, batch.map((b) => b.line).join('\n') + '\n');
      await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
      batch.forEach((b) => b.resolve());
    } catch (e) {
      batch.forEach((b) => b.reject(e));
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) void this.flush();
    }
  }

  private journal(): number {
    if (this.journalFd === null) this.journalFd = fs.openSync(path.join(this.dir!, 'journal.ejsonl'), 'a');
    return this.journalFd;
  }

  /** Write a snapshot of everything and start an empty journal. */
  compact(): void {
    if (!this.dir) return;
    const data: Record<string, Doc[]> = {};
    for (const [name, c] of this.collections) data[name] = [...c.docs.values()];
    const tmp = path.join(this.dir, 'snapshot.ejson.tmp');
    fs.writeFileSync(tmp, ejson(data));
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, path.join(this.dir, 'snapshot.ejson'));
    if (this.journalFd !== null) fs.closeSync(this.journalFd);
    this.journalFd = null;
    fs.writeFileSync(path.join(this.dir, 'journal.ejsonl'), '');
  }

  close(): void {
    if (this.journalFd !== null) fs.closeSync(this.journalFd);
    this.journalFd = null;
  }
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
