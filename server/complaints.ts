// Complaints in the database: one document per complaint holding its state and timeline, written
// by compare-and-set on `version` so two people acting at once never overwrite each other.
import type { Complaint, ComplaintEvent } from '../domain/complaint';
import { evolve, runningDeadline } from '../domain/complaint';
import { decide, type Command } from '../domain/lifecycle';
import type { Actor } from '../domain/model';
import { notificationsFor, type NotificationIntent } from '../domain/notifications';
import type { Policy } from '../domain/policy';
import { nextTimerAt } from '../domain/timers';
import { ApiError } from './errors';
import { currentPolicy } from './policy';
import type { Database, Deps } from './ports';

/** A notification waiting in the complaint's outbox (written in the same write as its event). */
export interface OutboxEntry extends NotificationIntent {
  status: 'pending' | 'sending' | 'sent' | 'no_credit' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  lastError: string | null;
}

/** Stored beside the state: the CAS version, the outbox and the scheduler's index fields. */
interface Stored {
  version: number;
  nextTimerAt: Date | null;
  outbox: OutboxEntry[];
  /** When the scheduler should next look at the outbox; null when nothing waits. */
  outboxDueAt: Date | null;
  /** domain runningDeadline(): what 即将超时 / 已超时 find by index (null when resolved, closed or paused). */
  dueAt: Date | null;
  updatedAt: Date;
}

export interface Loaded {
  complaint: Complaint;
  version: number;
  outbox: OutboxEntry[];
}

export function newOutboxEntries(intents: NotificationIntent[], now: Date): OutboxEntry[] {
  return intents.map((i) => ({ ...i, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, lastError: null }));
}

function outboxDueAt(outbox: OutboxEntry[]): Date | null {
  const waiting = outbox.filter((e) => e.status === 'pending' || e.status === 'sending').map((e) => e.nextAttemptAt.getTime());
  return waiting.length ? new Date(Math.min(...waiting)) : null;
}

const COLLECTION = 'complaints';

function toDoc(c: Complaint, version: number, outbox: OutboxEntry[], policy: Policy, now: Date): Record<string, unknown> {
  const { id, ...rest } = c;
  const stored: Stored = { version, nextTimerAt: nextTimerAt(c, policy), outbox, outboxDueAt: outboxDueAt(outbox), dueAt: runningDeadline(c), updatedAt: now };
  return { _id: id, ...rest, ...stored };
}

function fromDoc(doc: Record<string, unknown>): Loaded {
  const { _id, version, nextTimerAt: _next, updatedAt: _updated, outbox, outboxDueAt: _outboxDue, dueAt: _due, schedulerError: _error, ...rest } = doc;
  // Fields added after a complaint was stored start empty.
  const stored = rest as Omit<Complaint, 'id' | 'blockedPhotos' | 'personalDataErasedAt'> & Partial<Pick<Complaint, 'blockedPhotos' | 'personalDataErasedAt'>>;
  const complaint: Complaint = { ...stored, blockedPhotos: stored.blockedPhotos ?? [], personalDataErasedAt: stored.personalDataErasedAt ?? null, id: String(_id) };
  return { complaint, version: Number(version), outbox: (outbox as OutboxEntry[] | undefined) ?? [] };
}

export async function loadComplaint(db: Database, id: string): Promise<Loaded> {
  const { data } = await db.collection(COLLECTION).doc(id).get();
  if (!data[0]) throw new ApiError('NOT_FOUND', `complaint ${id}`, '没有找到这件投诉');
  return fromDoc(data[0] as Record<string, unknown>);
}

/** Insert a new complaint; false when a complaint with this id already exists (an idempotent retry). */
export async function insertComplaint(db: Database, c: Complaint, outbox: OutboxEntry[], policy: Policy, now: Date): Promise<boolean> {
  try {
    await db.collection(COLLECTION).add(toDoc(c, 1, outbox, policy, now));
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') return false;
    throw e;
  }
}

/** Write `next` only if nobody changed the complaint since `version` was read. */
export async function saveComplaint(db: Database, next: Complaint, version: number, outbox: OutboxEntry[], policy: Policy, now: Date): Promise<boolean> {
  const { _id, ...fields } = toDoc(next, version + 1, outbox, policy, now);
  const res = await db.collection(COLLECTION).where({ _id, version }).update(fields);
  return res.updated === 1;
}

export function toLoaded(docs: unknown[]): Loaded[] {
  return docs.map((d) => fromDoc(d as Record<string, unknown>));
}

/** Apply events to a loaded complaint: the next state and the outbox with their notifications. */
export function applyEvents(loaded: { complaint: Complaint | null; outbox: OutboxEntry[] }, events: ComplaintEvent[], policy: Policy, now: Date): { complaint: Complaint; outbox: OutboxEntry[] } {
  let state = loaded.complaint;
  const intents: NotificationIntent[] = [];
  for (const e of events) {
    state = evolve(state, e);
    intents.push(...notificationsFor(e, state.timeline.length, state, policy));
  }
  return { complaint: state!, outbox: [...loaded.outbox, ...newOutboxEntries(intents, now)] };
}

const SYSTEM: Actor = { role: 'system', id: 'system' };
/** A lost compare-and-set is retried on fresh state this many times, then reported as CONFLICT. */
const CAS_ATTEMPTS = 5;

/**
 * The one write loop for a complaint: load → change → compare-and-set on `version`, retried on a
 * lost race with fresh state; `change` returns null when nothing is left to do. Ends in a CONFLICT
 * error, never a silent give-up (a lost result would mean a message sent twice or a step lost).
 */
type Change = { complaint: Complaint; outbox: OutboxEntry[] } | null;

export async function mutateComplaint(deps: Deps, id: string, change: (loaded: Loaded, now: Date, policy: Policy) => Change | Promise<Change>): Promise<{ before: Complaint; after: Complaint }> {
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const now = deps.now();
    const policy = await currentPolicy(deps.db, now);
    const loaded = await loadComplaint(deps.db, id);
    const next = await change(loaded, now, policy);
    if (next === null) return { before: loaded.complaint, after: loaded.complaint };
    if (await saveComplaint(deps.db, next.complaint, loaded.version, next.outbox, policy, now)) return { before: loaded.complaint, after: next.complaint };
  }
  throw new ApiError('CONFLICT', `complaint ${id} kept changing`, '投诉刚刚被其他人更新，请刷新后重试');
}

/** Decide a command on the complaint as it is now and write its events (with their notifications). */
export async function updateComplaint(deps: Deps, id: string, commandFor: (c: Complaint) => Command | null, actor: Actor = SYSTEM): Promise<Complaint> {
  const { after } = await mutateComplaint(deps, id, (loaded, now, policy) => {
    const command = commandFor(loaded.complaint);
    return command === null ? null : applyEvents(loaded, decide(command, loaded.complaint, actor, now, policy), policy, now);
  });
  return after;
}
