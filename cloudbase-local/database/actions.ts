// The database actions of CloudBase's protocol (shared/reference/cloudbase-protocol.md), evaluated
// with mingo's MongoDB semantics over the Store, with the limits of the real service enforced.
import crypto from 'crypto';
import { types } from 'util';
import { EJSON, calculateObjectSize } from 'bson';
import { Aggregator, Query, update as applyUpdate } from 'mingo';
import { AdminError, TopLevel, type AdminRequest, type LocalApp } from '../app';
import type { CollectionSpec } from './spec';
import { uncoveredReason } from './coverage';
import { compareBySort, planQuery, walk } from './plan';
import { Store, valueAt, type Doc, type Mutation } from './store';

type Filter = Record<string, unknown>;
type Sort = Array<[string, 1 | -1]>;

const isDate = (v: unknown): v is Date => types.isDate(v);
/** The ids an `_id` condition names: an equality or an `$in` of strings; null for any other condition. */
function idLookups(cond: unknown): string[] | null {
  if (typeof cond === 'string') return [cond];
  const only = typeof cond === 'object' && cond !== null && !Array.isArray(cond) && Object.keys(cond).length === 1 ? (cond as Record<string, unknown>) : null;
  const list = only?.$in ?? (typeof only?.$eq === 'string' ? [only.$eq] : null);
  return Array.isArray(list) && list.every((v) => typeof v === 'string') ? [...new Set(list as string[])].sort() : null;
}

const GET_DEFAULT_LIMIT = 100;
const GET_MAX_LIMIT = 1000;
const AGGREGATE_DEFAULT_LIMIT = 20;

/**
 * The memory a sort no index serves may use before the query is refused: 32 MiB, MongoDB's default
 * `internalQueryExecMaxBlockingSortBytes` for find up to 4.2 (4.4 raised it to 100 MB,
 * SERVER-42179); the smaller figure, so that a query that passes here passes on either. With a limit
 * only the top skip + limit documents are held, as MongoDB's top-k sort does.
 */
export const SORT_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/** The aggregation `$sort` stage's limit without allowDiskUse: 100 MB in every version. */
export const AGGREGATE_SORT_MEMORY_LIMIT_BYTES = 100 * 1024 * 1024;

/**
 * How long a transaction may stay open, in real time (not the movable clock): MongoDB's default
 * `transactionLifetimeLimitSeconds`. A function killed mid-transaction (a timeout) must not leave
 * its documents locked against every later transaction.
 */
export const TRANSACTION_LIFETIME_MS = 60_000;

interface Transaction {
  /** `Date.now()` at start. */
  startedAt: number;
  /** Documents touched, with the revision seen at first touch: a change by anyone else is a conflict. */
  touched: Map<string, number>;
  /** Buffered writes, by `collection/id`; null = deleted. */
  writes: Map<string, { collection: string; doc: Doc | null }>;
}

const key = (collection: string, id: string) => `${collection}/${id}`;

function parseEjson<T>(value: unknown): T {
  if (typeof value === 'string') return EJSON.parse(value) as T;
  return (value ?? {}) as T;
}

const stringify = (doc: unknown) => EJSON.stringify(doc as Doc, { relaxed: false });

/** `{"$tcb_server_date":{"offset":n}}` → the clock's now + n ms, anywhere in a document or query. */
function substituteServerDate(value: unknown, now: Date): unknown {
  if (Array.isArray(value)) return value.map((v) => substituteServerDate(v, now));
  if (value && typeof value === 'object' && !isDate(value) && value.constructor === Object) {
    const record = value as Record<string, unknown>;
    if ('$tcb_server_date' in record) {
      const offset = Number((record.$tcb_server_date as { offset?: number })?.offset ?? 0);
      return new Date(now.getTime() + offset);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, substituteServerDate(v, now)]));
  }
  return value;
}

/** The SDK sends order as `{field: ±1}` or as `[{field, direction}]`. */
function parseOrder(raw: unknown): Sort {
  const order = parseEjson<unknown>(raw);
  if (Array.isArray(order)) return order.map((o: { field: string; direction: string }) => [o.field, o.direction === 'desc' ? -1 : 1]);
  return Object.entries((order ?? {}) as Record<string, number>).map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]);
}

function newId(): string {
  return crypto.randomBytes(16).toString('hex');
}

/**
 * A deep copy made in this realm. Not `structuredClone`: under jest the server runs in a vm context
 * whose `Date` differs from the one `structuredClone` builds, and such dates would fall out of the
 * indexes. bson values (Binary, ObjectId…) are immutable here and kept as they are.
 */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isDate(value)) return new Date(value.getTime()) as T;
  if (value && typeof value === 'object' && (value.constructor === Object || Object.getPrototypeOf(value) === null)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

export class Database {
  private readonly transactions = new Map<string, Transaction>();

  constructor(
    private readonly app: LocalApp,
    readonly store: Store,
    private readonly transactionLifetimeMs = TRANSACTION_LIFETIME_MS,
  ) {}

  /** Abort transactions that outlived their lifetime. */
  private expireTransactions(): void {
    const oldest = Date.now() - this.transactionLifetimeMs;
    for (const [id, t] of this.transactions) if (t.startedAt < oldest) this.transactions.delete(id);
  }

  private now(): Date {
    return this.app.clock.now();
  }

  private count(req: AdminRequest, collection: string, reads: number, writes: number, scanned: number, inMemorySort = false, sent: string[] = []): void {
    const bytesRead = sent.reduce((n, s) => n + Buffer.byteLength(s), 0);
    this.app.counters.record({ invocation: req.invocation, collection, reads, writes, scanned, inMemorySorts: inMemorySort ? 1 : 0, bytesRead, action: String(req.body.action) });
  }

  private spec(name: string): CollectionSpec {
    return this.store.collection(name).spec;
  }

  private requireCovered(collection: string, filter: Filter, sort: Sort = []): void {
    if (!this.app.strict) return;
    const reason = uncoveredReason(this.spec(collection), filter, sort);
    if (reason) throw new AdminError('DATABASE_QUERY_NOT_INDEXED', reason);
  }

  private transaction(req: AdminRequest): Transaction | null {
    const id = req.body.transactionId;
    if (!id) return null;
    this.expireTransactions();
    const t = this.transactions.get(String(id));
    if (!t) throw new AdminError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} is not open (committed, aborted, or older than ${this.transactionLifetimeMs} ms)`);
    return t;
  }

  private openTransaction(req: AdminRequest): Transaction {
    const t = this.transaction(req);
    if (!t) throw new AdminError('INVALID_PARAM', 'transactionId is required');
    return t;
  }

  /** The filter of a request; DOC queries are `{_id}`; `where()` is refused inside a transaction. */
  private filterOf(req: AdminRequest, t: Transaction | null): Filter {
    const filter = substituteServerDate(parseEjson<Filter>(req.body.query), this.now()) as Filter;
    if (t && req.body.queryType !== 'DOC') {
      throw new AdminError('DATABASE_TRANSACTION_FAIL', 'a transaction holds single-document operations only: where() is not allowed');
    }
    return filter;
  }

  /**
   * The current documents matching `filter`, seen through a transaction's own writes, in `sort`
   * order: read through the declared index that serves them best (plan.ts), stopping at `stopAt`
   * matches when the index order serves the sort; otherwise every candidate is read and sorted in
   * memory (`inMemorySort`). `scanned` counts the documents read, as a database's docsExamined.
   */
  private match(collection: string, filter: Filter, t: Transaction | null, sort: Sort = [], stopAt = Infinity): { docs: Doc[]; scanned: number; inMemorySort: boolean } {
    const c = this.store.collection(collection);
    const query = new Query(filter, {});
    const view = (d: Doc): Doc | null => {
      const w = t?.writes.get(key(collection, d._id));
      return w ? w.doc : d;
    };
    // An `_id` equality or `$in` is a point lookup per id (the primary key, always indexed); the rest
    // of the filter is tested on those documents, which are sorted in memory if asked to be.
    const ids = idLookups(filter._id);
    if (ids !== null) {
      const found = ids.map((id) => (t?.writes.has(key(collection, id)) ? t.writes.get(key(collection, id))!.doc : (c.docs.get(id) ?? null))).filter((d): d is Doc => d !== null);
      const docs = found.filter((d) => query.test(d));
      const bySort = sort.length > 0 && !(sort.length === 1 && sort[0]![0] === '_id');
      docs.sort(compareBySort(sort, valueAt));
      return { docs, scanned: found.length, inMemorySort: bySort && docs.length > 1 };
    }
    const plan = planQuery(c.indexes, filter, sort);
    const ordered = plan.index !== null ? plan.sortServed : sort.length === 0;
    const docs: Doc[] = [];
    let scanned = 0;
    const read = (stored: Doc | undefined): boolean => {
      if (!stored) return true;
      scanned++;
      const d = view(stored);
      if (d && query.test(d)) docs.push(d);
      return !(ordered && docs.length >= stopAt);
    };
    if (plan.index) {
      for (const docId of walk(plan, sort, (i) => c.docs.get(i), valueAt)) if (!read(c.docs.get(docId))) break;
    } else {
      for (const stored of c.docs.values()) if (!read(stored)) break;
    }
    const inMemorySort = sort.length > 0 && !plan.sortServed;
    if (inMemorySort) docs.sort(compareBySort(sort, valueAt));
    return { docs, scanned, inMemorySort };
  }

  /** A sort no index served holds its documents in memory: refused past the cloud's limit (strict mode). */
  private boundSortMemory(collection: string, docs: Doc[], held: number, limitBytes: number): void {
    if (!this.app.strict) return;
    let bytes = 0;
    for (const d of docs.slice(0, held)) {
      bytes += calculateObjectSize(d);
      if (bytes > limitBytes) {
        throw new AdminError(
          'DATABASE_REQUEST_FAILED',
          `Sort exceeded memory limit of ${limitBytes} bytes on ${collection}: ${docs.length} documents sorted in memory — declare an index that serves the sort, or ask for fewer`,
        );
      }
    }
  }

  private touch(t: Transaction, collection: string, id: string): void {
    const k = key(collection, id);
    if (t.touched.has(k)) return;
    for (const [otherId, other] of this.transactions) {
      if (other !== t && other.touched.has(k)) {
        throw new AdminError('DATABASE_TRANSACTION_CONFLICT', `document ${k} is being changed by transaction ${otherId}`);
      }
    }
    t.touched.set(k, this.store.revision(collection, id));
  }

  /** Write now, or buffer into the transaction. */
  private async write(t: Transaction | null, mutations: Mutation[]): Promise<void> {
    if (!t) return this.store.commit(mutations);
    this.store.checkUnique(mutations);
    for (const m of mutations) {
      if (m.op === 'put') t.writes.set(key(m.collection, m.doc._id), { collection: m.collection, doc: m.doc });
      if (m.op === 'delete') t.writes.set(key(m.collection, m.id), { collection: m.collection, doc: null });
    }
  }

  async getDocument(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const t = this.transaction(req);
    const filter = this.filterOf(req, t);
    const order = parseOrder(req.body.order);
    this.requireCovered(collection, filter, order);
    const offset = Math.max(0, Number(req.body.offset ?? 0) || 0);
    const limit = Math.min(GET_MAX_LIMIT, Math.max(1, Number(req.body.limit ?? GET_DEFAULT_LIMIT) || GET_DEFAULT_LIMIT));
    const { docs, scanned, inMemorySort } = this.match(collection, filter, t, order, offset + limit);
    if (inMemorySort) this.boundSortMemory(collection, docs, offset + limit, SORT_MEMORY_LIMIT_BYTES);
    const page = docs.slice(offset, offset + limit);
    if (t) for (const d of page) this.touch(t, collection, d._id);
    const projection = req.body.projection ? parseEjson<Record<string, 0 | 1>>(req.body.projection) : undefined;
    const list = (projection ? (new Query({}, {}).find(page, projection).all() as Doc[]) : page).map(stringify);
    this.count(req, collection, 1, 0, scanned, inMemorySort, list);
    return { list, limit, offset };
  }

  async insertDocument(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const t = this.transaction(req);
    const c = this.store.collection(collection);
    if (!Array.isArray(req.body.data)) throw new AdminError('INVALID_PARAM', 'data must be a list of EJSON documents');
    const docs = (req.body.data as unknown[]).map((raw) => {
      const doc = substituteServerDate(parseEjson<Doc>(raw), this.now()) as Doc;
      return { ...doc, _id: doc._id === undefined ? newId() : String(doc._id) };
    });
    for (const d of docs) {
      if (c.docs.has(d._id) || t?.writes.get(key(collection, d._id))?.doc) {
        throw new AdminError('DATABASE_DUPLICATE_WRITE', `document ${d._id} already exists in ${collection}`);
      }
      if (t) this.touch(t, collection, d._id);
    }
    await this.write(t, docs.map((doc) => ({ op: 'put', collection, doc })));
    this.count(req, collection, 0, docs.length, 0);
    return { insertedIds: docs.map((d) => d._id) };
  }

  private updated(doc: Doc, data: Record<string, unknown>, merge: boolean): Doc {
    if (!merge) return { ...(substituteServerDate(data, this.now()) as Doc), _id: doc._id };
    const next = clone(doc);
    const modifier = substituteServerDate(data, this.now()) as Record<string, unknown>;
    // Plain fields (no operator) are a $set, as CloudBase treats them.
    const operators = Object.keys(modifier).some((k) => k.startsWith('$')) ? modifier : { $set: modifier };
    applyUpdate(next, operators as never);
    next._id = doc._id;
    return next;
  }

  async modifyDocument(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const t = this.transaction(req);
    const filter = this.filterOf(req, t);
    if (req.body.queryType !== 'DOC') this.requireCovered(collection, filter);
    const data = parseEjson<Record<string, unknown>>(req.body.data);
    const merge = req.body.merge !== false;
    const { docs, scanned } = this.match(collection, filter, t);
    const targets = req.body.multi ? docs : docs.slice(0, 1);
    const mutations: Mutation[] = targets.map((d) => ({ op: 'put', collection, doc: this.updated(d, data, merge) }));
    let upsertId: string | null = null;
    if (targets.length === 0 && req.body.upsert) {
      upsertId = typeof filter._id === 'string' ? filter._id : newId();
      mutations.push({ op: 'put', collection, doc: this.updated({ _id: upsertId }, data, merge) });
    }
    if (t) for (const m of mutations) if (m.op === 'put') this.touch(t, collection, m.doc._id);
    await this.write(t, mutations);
    this.count(req, collection, 0, mutations.length, scanned);
    const updated = upsertId ? 0 : targets.length;
    return { updated, upsert_id: upsertId };
  }

  async modifyAndReturnDoc(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const t = this.transaction(req);
    const filter = this.filterOf(req, t);
    this.requireCovered(collection, filter);
    const { docs, scanned } = this.match(collection, filter, t, [], 1);
    const target = docs[0];
    if (!target) {
      this.count(req, collection, 1, 0, scanned);
      return { updated: 0, doc: null };
    }
    const next = this.updated(target, parseEjson(req.body.data), true);
    await this.write(t, [{ op: 'put', collection, doc: next }]);
    const doc = stringify(next);
    this.count(req, collection, 1, 1, scanned, false, [doc]);
    return { updated: 1, doc };
  }

  async removeDocument(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const t = this.transaction(req);
    const filter = this.filterOf(req, t);
    if (req.body.queryType !== 'DOC') this.requireCovered(collection, filter);
    const { docs, scanned } = this.match(collection, filter, t);
    const targets = req.body.multi === false || req.body.queryType === 'DOC' ? docs.slice(0, 1) : docs;
    if (t) for (const d of targets) this.touch(t, collection, d._id);
    await this.write(t, targets.map((d) => ({ op: 'delete', collection, id: d._id })));
    this.count(req, collection, 0, targets.length, scanned);
    return { deleted: targets.length };
  }

  async calculateDocument(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const filter = this.filterOf(req, null);
    this.requireCovered(collection, filter);
    const { docs, scanned } = this.match(collection, filter, null);
    this.count(req, collection, 1, 0, scanned);
    return { total: docs.length };
  }

  async aggregateDocuments(req: AdminRequest) {
    const collection = String(req.body.collectionName);
    const stages = (req.body.stages as Array<{ stageKey: string; stageValue: string }>).map((s) => ({
      [s.stageKey]: substituteServerDate(parseEjson(s.stageValue), this.now()),
    }));
    const first = stages[0];
    const matchFilter = (first && '$match' in first ? first.$match : {}) as Filter;
    const second = stages[1];
    const sort: Sort = second && '$sort' in second ? Object.entries(second.$sort as Record<string, number>).map(([f, d]) => [f, d < 0 ? -1 : 1]) : [];
    this.requireCovered(collection, matchFilter, sort);
    const rest = first && '$match' in first ? stages.slice(1) : stages;
    // CloudBase returns 20 results unless the pipeline sets a limit (reference: community reports).
    const pipeline = rest.some((s) => '$limit' in s) ? rest : [...rest, { $limit: AGGREGATE_DEFAULT_LIMIT }];
    // A $sort right after the $match reads the index in order; a $limit right after it bounds what a sort holds.
    const third = stages[2];
    const held = sort.length > 0 && third && '$limit' in third ? Number(third.$limit) : Infinity;
    const { docs, scanned, inMemorySort } = this.match(collection, matchFilter, null, sort, held);
    if (inMemorySort) this.boundSortMemory(collection, docs, held, AGGREGATE_SORT_MEMORY_LIMIT_BYTES);
    const list = (new Aggregator(pipeline as never, {}).run(docs) as Doc[]).map(stringify);
    this.count(req, collection, 1, 0, scanned, inMemorySort, list);
    return { list };
  }

  async addCollection(req: AdminRequest) {
    const name = String(req.body.collectionName ?? '');
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name)) throw new AdminError('INVALID_PARAM', `invalid collection name ${name}`);
    if (this.store.collections.has(name)) throw new AdminError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    await this.store.commit([{ op: 'create', collection: name }]);
    return {};
  }

  async startTransaction() {
    const id = newId();
    this.transactions.set(id, { startedAt: Date.now(), touched: new Map(), writes: new Map() });
    return new TopLevel({ transactionId: id });
  }

  async commitTransaction(req: AdminRequest) {
    const t = this.openTransaction(req);
    this.transactions.delete(String(req.body.transactionId));
    // Optimistic check: anything written outside the transaction since it read it is a conflict.
    for (const [k, revision] of t.touched) {
      const [collection, id] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
      if (this.store.revision(collection, id) !== revision) throw new AdminError('DATABASE_TRANSACTION_CONFLICT', `document ${k} changed during the transaction`);
    }
    const mutations: Mutation[] = [...t.writes.entries()].map(([k, w]) =>
      w.doc ? { op: 'put', collection: w.collection, doc: w.doc } : { op: 'delete', collection: w.collection, id: k.slice(k.indexOf('/') + 1) },
    );
    await this.store.commit(mutations);
    return {};
  }

  async abortTransaction(req: AdminRequest) {
    this.openTransaction(req);
    this.transactions.delete(String(req.body.transactionId));
    return {};
  }
}

export interface DatabaseModuleOptions {
  collections: CollectionSpec[];
  /** Default TRANSACTION_LIFETIME_MS; tests shorten it. */
  transactionLifetimeMs?: number;
}

/** Register the database actions on a CloudBase Local app. */
export function registerDatabase(app: LocalApp, options: DatabaseModuleOptions): Database {
  const store = new Store(app.dataDir);
  store.open(options.collections);
  const db = new Database(app, store, options.transactionLifetimeMs);
  const actions = [
    'getDocument',
    'insertDocument',
    'modifyDocument',
    'modifyAndReturnDoc',
    'removeDocument',
    'calculateDocument',
    'aggregateDocuments',
    'addCollection',
    'startTransaction',
    'commitTransaction',
    'abortTransaction',
  ] as const;
  for (const name of actions) app.action(`database.${name}`, (req) => db[name](req));
  app.onClose(() => store.close());
  return db;
}
