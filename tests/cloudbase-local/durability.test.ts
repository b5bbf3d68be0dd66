// Durability: every write CloudBase Local acknowledged is there after `kill -9` and a restart.
// The server runs as a child process built from the product's start file (scripts/cloudbase-local.ts),
// as `npm start` runs it.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { EJSON, ObjectId } from 'bson';
import { build } from 'esbuild';
import { sdkEnvironment } from '@wuye/cloudbase-local';
import { Store, type Doc } from '@wuye/cloudbase-local/internals';
import type { CollectionSpec } from '@wuye/cloudbase-local';
import { QUIET_SDK } from '../support/cloudbase';

const root = path.resolve(__dirname, '../..');
// The build script is plain JavaScript: its plugin that bundles @wuye/cloudbase-local from source.
const { localPackageSources } = require('../../scripts/build') as { localPackageSources: (root: string) => import('esbuild').Plugin };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-durability-'));
const entry = path.join(work, 'cloudbase-local.js');

beforeAll(async () => {
  await build({ entryPoints: [path.join(root, 'scripts/cloudbase-local.ts')], outfile: entry, bundle: true, platform: 'node', packages: 'external', plugins: [localPackageSources(root)], logLevel: 'error', absWorkingDir: root });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      env: { ...process.env, CLOUDBASE_LOCAL_PORT: '0', CLOUDBASE_LOCAL_DATA: dataDir, CLOUDBASE_LOCAL_PROJECT: root, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

function sdk(url: string) {
  Object.assign(process.env, sdkEnvironment(url, 'local-env'), QUIET_SDK);
  return tcb.init({ env: 'local-env' }).database();
}

it('keeps every acknowledged write across kill -9 in the middle of a burst', async () => {
  const dataDir = path.join(work, 'data');
  const first = await start(dataDir);
  const db = sdk(first.url);
  const acknowledged: string[] = [];
  const burst = Array.from({ length: 400 }, (_x, i) =>
    db
      .collection('complaints')
      .add({ number: `k-${i}`, at: new Date() })
      .then((r) => acknowledged.push(r.id!))
      .catch(() => undefined),
  );
  // Kill the server once part of the burst has been acknowledged.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (acknowledged.length >= 50) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  first.child.kill('SIGKILL');
  await Promise.all(burst);
  const killedAt = acknowledged.length;
  expect(killedAt).toBeGreaterThanOrEqual(50);

  // Twice: the first restart replays the journal, the second loads the snapshot it compacted into.
  for (let restart = 1; restart <= 2; restart++) {
    const next = await start(dataDir);
    try {
      const db2 = sdk(next.url);
      const found = new Set<string>();
      for (let offset = 0; offset < 1000; offset += 100) {
        const { data } = await db2.collection('complaints').where({ _id: db2.command.in(acknowledged.slice(offset, offset + 100)) }).limit(100).get();
        data.forEach((d: { _id: string }) => found.add(d._id));
      }
      expect(acknowledged.filter((id) => !found.has(id))).toEqual([]);
      // The unique index on `number` was rebuilt from the loaded documents: it finds them and refuses a twin.
      const { data } = await db2.collection('complaints').where({ _id: acknowledged[0] }).get();
      const again = await db2.collection('complaints').where({ number: data[0].number }).get();
      expect(again.data.map((d: { _id: string }) => d._id)).toEqual([acknowledged[0]]);
      await expect(db2.collection('complaints').add({ number: data[0].number })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    } finally {
      next.child.kill('SIGKILL');
    }
  }
});

describe('the store on disk', () => {
  const specs: CollectionSpec[] = [{ name: 'items', rules: { read: false, write: false }, indexes: [{ name: 'at', keys: [['at', 1]] }] }];
  const put = (i: number): { op: 'put'; collection: string; doc: Doc } => ({ op: 'put', collection: 'items', doc: { _id: `i${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, i)), text: '字'.repeat(200) } });

  it('compacts the journal into the snapshot once it outgrows it, and reopens with its indexes', async () => {
    const dir = path.join(work, 'store');
    const store = new Store(dir, 64 * 1024);
    store.open(specs);
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < 400; i++) writes.push(store.commit([put(i)]));
    await Promise.all(writes);
    await store.commit([{ op: 'delete', collection: 'items', id: 'i0' }]);
    // 400 documents of ~600 bytes are far beyond 64 KB: the journal was emptied into the snapshot on the way.
    expect(fs.statSync(path.join(dir, 'journal.ejsonl')).size).toBeLessThan(64 * 1024);
    expect(fs.statSync(path.join(dir, 'snapshot.bson')).size).toBeGreaterThan(64 * 1024);
    store.close();
    // A torn last line (a write cut short, never acknowledged) is skipped.
    fs.appendFileSync(path.join(dir, 'journal.ejsonl'), '{"batch":[{"op":"put","colle');

    const reopened = new Store(dir);
    reopened.open(specs);
    const items = reopened.collection('items');
    expect(items.docs.size).toBe(399);
    expect(items.docs.get('i7')).toEqual(put(7).doc);
    // The index sees every loaded document: read in key order, the earliest are i1, i2 (i0 was deleted).
    const byAt = items.indexes.find((index) => index.fields[0] === 'at')!;
    expect([...byAt.ids([], undefined, { v: new Date(Date.UTC(2026, 0, 1, 0, 3)), inclusive: false }, false)]).toEqual(['i1', 'i2']);
    expect(byAt.size).toBe(399);
    reopened.close();
  });

  it('a snapshot gives back every value as it was stored', async () => {
    const dir = path.join(work, 'types');
    const varied: Doc = { _id: 'v', int: 7, big: 2 ** 53 - 1, frac: -2.5, neg0: -0, nan: NaN, huge: Infinity, text: '投诉\u0000x', yes: true, nothing: null, at: new Date(Date.UTC(2026, 10, 29)), ancient: new Date(Date.UTC(-100, 0, 1)), list: [1, 'a', [new Date(0)], { k: null }], nested: { deep: { at: new Date(1) } } };
    const first = new Store(dir);
    first.open(specs);
    await first.commit([{ op: 'put', collection: 'items', doc: varied }]);
    first.compact();
    first.close();
    const second = new Store(dir);
    second.open(specs);
    expect(second.collection('items').docs.get('v')).toStrictEqual(varied);
    second.close();
  });

  it('a snapshot keeps each index in order: a start loads it as stored, the journal then updates it, and a changed index is rebuilt', async () => {
    const dir = path.join(work, 'stored-keys');
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    // An id wider than one byte a unit and a BSON type V8 cannot keep: both must survive the binary snapshot.
    const docs: Doc[] = [{ _id: '投诉-1', at: at(5) }, { _id: 'oid', at: at(1), ref: new ObjectId('64b7f0c2a1b2c3d4e5f60718') }, ...Array.from({ length: 30 }, (_x, i) => ({ _id: `k${i}`, at: at(10 + i) }))];
    const first = new Store(dir);
    first.open(specs);
    await first.commit(docs.map((doc) => ({ op: 'put', collection: 'items', doc })));
    first.compact();
    // After the snapshot, in the journal: one document moves to the front, one goes.
    await first.commit([{ op: 'put', collection: 'items', doc: { _id: 'k7', at: at(0) } }, { op: 'delete', collection: 'items', id: 'k3' }]);
    first.close();
    const second = new Store(dir);
    second.open(specs);
    const order = (store: Store) => [...store.collection('items').indexes[0]!.ids([], undefined, undefined, false)];
    expect(order(second).slice(0, 4)).toEqual(['k7', 'oid', '投诉-1', 'k0']);
    expect(order(second)).not.toContain('k3');
    expect(second.collection('items').docs.get('oid')).toStrictEqual(docs[1]);
    expect([...second.collection('items').docs.keys()].slice(0, 3)).toEqual(['投诉-1', 'oid', 'k0']);
    second.close();
    // The same data under a descending index of the same name: the stored ascending keys must not be used.
    const descending: CollectionSpec[] = [{ ...specs[0]!, indexes: [{ name: 'at', keys: [['at', -1]] }] }];
    const third = new Store(dir);
    third.open(descending);
    expect(order(third).slice(-4)).toEqual(['k0', '投诉-1', 'oid', 'k7']);
    third.close();
  });

  it('a snapshot an earlier version wrote as EJSON text is read, then rewritten as BSON', async () => {
    const dir = path.join(work, 'text-snapshot');
    fs.mkdirSync(dir, { recursive: true });
    const at = new Date(Date.UTC(2026, 0, 2));
    fs.writeFileSync(path.join(dir, 'snapshot.ejsonl'), `{"c":"items"}\n${EJSON.stringify({ c: 'items', d: { _id: 'old', at, n: 3 } }, { relaxed: false })}\n`);
    const first = new Store(dir);
    first.open(specs);
    expect(first.collection('items').docs.get('old')).toStrictEqual({ _id: 'old', at, n: 3 });
    first.close();
    expect(fs.existsSync(path.join(dir, 'snapshot.ejsonl'))).toBe(false);
    const second = new Store(dir);
    second.open(specs);
    expect(second.collection('items').docs.get('old')).toStrictEqual({ _id: 'old', at, n: 3 });
    expect([...second.collection('items').indexes[0]!.ids([], undefined, undefined, false)]).toEqual(['old']);
    second.close();
  });

  it('a bulk load (Store.load) stores and indexes as commits do, and refuses a unique key twice', async () => {
    const unique: CollectionSpec[] = [{ name: 'items', rules: { read: false, write: false }, indexes: [{ name: 'at', keys: [['at', -1]] }, { name: 'n', keys: [['n', 1]], unique: true }] }];
    const docs = Array.from({ length: 300 }, (_x, i) => ({ ...put(i % 50).doc, _id: `i${i}`, n: i }));
    const committed = new Store(null);
    committed.open(unique);
    for (const d of docs) await committed.commit([{ op: 'put', collection: 'items', doc: d }]);
    const loaded = new Store(null);
    loaded.open(unique);
    loaded.load('items', docs.slice(0, 100));
    loaded.load('items', docs.slice(100));
    for (const i of [0, 1]) {
      expect([...loaded.collection('items').indexes[i]!.ids([], undefined, undefined, false)]).toEqual([...committed.collection('items').indexes[i]!.ids([], undefined, undefined, false)]);
    }
    expect(() => loaded.load('items', [{ _id: 'twin', n: 7 }])).toThrow(/duplicate key/);
  });

  it('a write after a torn journal line survives the next restart', async () => {
    const dir = path.join(work, 'torn');
    const first = new Store(dir);
    first.open(specs);
    first.close();
    // Killed while writing the very first line: nothing to replay, only a torn tail.
    fs.writeFileSync(path.join(dir, 'journal.ejsonl'), '{"batch":[{"op":"put"');
    const second = new Store(dir);
    second.open(specs);
    await second.commit([put(1)]);
    second.close();
    const third = new Store(dir);
    third.open(specs);
    expect(third.collection('items').docs.get('i1')).toEqual(put(1).doc);
    third.close();
  });
});
