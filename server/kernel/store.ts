// Versioned documents: one document per thing (a complaint today; a notice, a suggestion, a visit
// tomorrow) holding its state, a `version` every write compares and sets, the outbox of
// notifications written in the same write, and the index fields the scheduler and the lists find it
// by. A module declares its kind (collection, derived index fields, how a stored document becomes
// its state) and gets load / insert / save / mutate; the scheduler sweeps every kind it is given.
import { DomainError, type DomainErrorCode } from '../../domain/errors';
import type { NotificationIntent } from '../../domain/notifications';
import type { Policy } from '../../domain/policy';
import { compareAndSet } from './concurrency';
import { ApiError } from './errors';
import { currentPolicy } from './policy';
import type { Database, Deps } from './ports';

/** A notification waiting in a document's outbox (written in the same write as its event). */
export interface OutboxEntry extends NotificationIntent {
  /** cancelled: made pointless before it went out (e.g. a task about a complaint withdrawn meanwhile). */
  status: 'pending' | 'sending' | 'sent' | 'no_credit' | 'dead' | 'cancelled';
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  lastError: string | null;
  /**
   * The one person it goes to, fixed when the scheduler first claims it. An entry for a role becomes
   * one entry per person in the role then (key `<key>><openid>`), so each person's delivery is
   * recorded, retried and counted on its own: a send that fails for one of them is retried for that
   * one only, never again for those who already received it. Absent until then.
   */
  touser?: string;
  /**
   * For an audience read a page at a time (SweptKind.recipientPage: a notice's area), where its next
   * page starts; the entry waits unclaimed until its last page is addressed, then gives way to its
   * people's entries. Kept in the document, so an interrupted run's successor goes on from there.
   */
  after?: string;
  /**
   * The rung this entry is (issue 27): absent for the subscription message; `webhook` (the 企业微信
   * group robot naming the person) or `sms` for the entries the scheduler adds, key `<key>#<rung>`,
   * when the subscription cannot reach a staff member. Each is claimed, retried and recorded like a
   * message, so nobody gets the same alert twice on the same rung.
   */
  channel?: 'webhook' | 'sms';
}

export function newOutboxEntries(intents: NotificationIntent[], now: Date): OutboxEntry[] {
  return intents.map((i) => ({ ...i, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, lastError: null }));
}

/** When the scheduler should next look at the outbox; null when nothing waits. */
function outboxDueAt(outbox: OutboxEntry[]): Date | null {
  const waiting = outbox.filter((e) => e.status === 'pending' || e.status === 'sending').map((e) => e.nextAttemptAt.getTime());
  return waiting.length ? new Date(Math.min(...waiting)) : null;
}

export interface Stored<S> {
  state: S;
  version: number;
  outbox: OutboxEntry[];
}

/** The next state and outbox a change writes; null when there is nothing left to do. */
export type Change<S> = { state: S; outbox: OutboxEntry[] } | null;

export interface DocumentKind<S extends { id: string }> {
  collection: string;
  /** The refusal a person gets when the document is not there (its sentence is the catalogue's). */
  notFound: DomainErrorCode;
  /**
   * Fields derived from the state and stored beside it to be found by index. `nextTimerAt` (when the
   * clock next asks something of it) is the scheduler's: every kind has it, null when nothing waits.
   */
  indexFields(state: S, policy: Policy): { nextTimerAt: Date | null } & Record<string, Date | string | string[] | boolean | null>;
  /**
   * The state from a stored document's own fields (its other derived index fields included, to be
   * dropped); fields added after it was stored get their defaults here.
   */
  fromFields(id: string, fields: Record<string, unknown>): S;
  /**
   * Before every write of the state: move what the document no longer keeps into collections of its
   * own, and give the state to write. It must be idempotent — a write that then loses its
   * compare-and-set, or a crash before it, leaves behind only what the document already held.
   */
  beforeWrite?(db: Database, state: S): Promise<S>;
  /**
   * The statistics fold this kind's states into their days (server/statistics/days.ts): every write
   * of a state sets `factsDueAt`, in the same write, so the fold finds exactly what changed by index
   * and clears it once folded — a due marker swept like the timers and the outbox.
   */
  folded?: true;
}

/**
 * Bookkeeping fields every versioned document has beside its state. `updatedAt` is when the state
 * last changed and `factsDueAt` (a folded kind's) when it did and the statistics have not folded it
 * yet: a write of the outbox alone (the scheduler's sends) leaves both.
 */
const BOOKKEEPING = ['version', 'outbox', 'outboxDueAt', 'updatedAt', 'factsDueAt', 'schedulerError'] as const;
/** A lost compare-and-set is retried on fresh state this many times, then reported as CONFLICT. */
const CAS_ATTEMPTS = 5;

export interface VersionedStore<S extends { id: string }> {
  kind: DocumentKind<S>;
  load(db: Database, id: string): Promise<Stored<S>>;
  /** The document, or null when there is none (a first filing, a retry's probe); any other failure is thrown. */
  find(db: Database, id: string): Promise<Stored<S> | null>;
  fromDocs(docs: unknown[]): Array<Stored<S>>;
  /** False when a document with this id already exists (an idempotent retry). */
  insert(db: Database, state: S, outbox: OutboxEntry[], policy: Policy, now: Date): Promise<boolean>;
  /** Write only if nobody changed the document since `version` was read. */
  save(db: Database, state: S, version: number, outbox: OutboxEntry[], policy: Policy, now: Date): Promise<boolean>;
  /** The outbox alone (the state as it was at `version`), on the same condition. */
  saveOutbox(db: Database, id: string, version: number, outbox: OutboxEntry[]): Promise<boolean>;
  /**
   * The one write loop: load → change → compare-and-set, retried on a lost race with fresh state.
   * Ends in a CONFLICT error, never a silent give-up (a lost result is a message sent twice or a step lost).
   */
  mutate(deps: Deps, id: string, change: (stored: Stored<S>, now: Date, policy: Policy) => Change<S> | Promise<Change<S>>): Promise<{ before: S; after: S }>;
}

export function versionedStore<S extends { id: string }>(kind: DocumentKind<S>): VersionedStore<S> {
  const toDoc = (state: S, version: number, outbox: OutboxEntry[], policy: Policy, now: Date): Record<string, unknown> => {
    const { id, ...fields } = state;
    return { _id: id, ...fields, ...kind.indexFields(state, policy), version, outbox, outboxDueAt: outboxDueAt(outbox), updatedAt: now, ...(kind.folded ? { factsDueAt: now } : {}) };
  };
  const fromDoc = (doc: Record<string, unknown>): Stored<S> => {
    const fields = { ...doc };
    for (const key of BOOKKEEPING) delete fields[key];
    const { _id, nextTimerAt: _next, ...own } = fields;
    const stored = { state: kind.fromFields(String(_id), own), version: Number(doc.version), outbox: (doc.outbox as OutboxEntry[] | undefined) ?? [] };
    return stored;
  };
  const store: VersionedStore<S> = {
    kind,
    async find(db, id) {
      const { data } = await db.collection(kind.collection).doc(id).get();
      return data[0] ? fromDoc(data[0] as Record<string, unknown>) : null;
    },
    async load(db, id) {
      const found = await store.find(db, id);
      if (!found) throw new DomainError(kind.notFound, `${kind.collection} ${id}`);
      return found;
    },
    fromDocs: (docs) => docs.map((d) => fromDoc(d as Record<string, unknown>)),
    async insert(db, state, outbox, policy, now) {
      try {
        await db.collection(kind.collection).add(toDoc(kind.beforeWrite ? await kind.beforeWrite(db, state) : state, 1, outbox, policy, now));
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') return false;
        throw e;
      }
    },
    async save(db, state, version, outbox, policy, now) {
      const { _id, ...fields } = toDoc(kind.beforeWrite ? await kind.beforeWrite(db, state) : state, version + 1, outbox, policy, now);
      const res = await db.collection(kind.collection).where({ _id, version }).update(fields);
      return res.updated === 1;
    },
    async saveOutbox(db, id, version, outbox) {
      const res = await db.collection(kind.collection).where({ _id: id, version }).update({ version: version + 1, outbox, outboxDueAt: outboxDueAt(outbox) });
      return res.updated === 1;
    },
    async mutate(deps, id, change) {
      const done = await compareAndSet(
        CAS_ATTEMPTS,
        () => store.load(deps.db, id),
        async (stored) => {
          const now = deps.now();
          const policy = await currentPolicy(deps.db, now);
          const next = await change(stored, now, policy);
          if (next === null) return { written: true, result: { before: stored.state, after: stored.state } };
          return (await store.save(deps.db, next.state, stored.version, next.outbox, policy, now)) ? { written: true, result: { before: stored.state, after: next.state } } : { written: false };
        },
      );
      if (done === undefined) throw new ApiError('CONFLICT', `${kind.collection} ${id} kept changing`);
      return done;
    },
  };
  return store;
}
