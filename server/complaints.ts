// Complaints in the database: one document per complaint holding its state and timeline, written
// by compare-and-set on `version` so two people acting at once never overwrite each other.
import type { Complaint } from '../domain/complaint';
import type { Policy } from '../domain/policy';
import { nextTimerAt } from '../domain/timers';
import { ApiError } from './errors';
import type { Database } from './ports';

/** Stored beside the state: the CAS version and the scheduler's index field. */
interface Stored {
  version: number;
  nextTimerAt: Date | null;
  updatedAt: Date;
}

export interface Loaded {
  complaint: Complaint;
  version: number;
}

const COLLECTION = 'complaints';

function toDoc(c: Complaint, version: number, policy: Policy, now: Date): Record<string, unknown> {
  const { id, ...rest } = c;
  const stored: Stored = { version, nextTimerAt: nextTimerAt(c, policy), updatedAt: now };
  return { _id: id, ...rest, ...stored };
}

function fromDoc(doc: Record<string, unknown>): Loaded {
  const { _id, version, nextTimerAt: _next, updatedAt: _updated, ...rest } = doc;
  return { complaint: { ...(rest as Omit<Complaint, 'id'>), id: String(_id) }, version: Number(version) };
}

export async function loadComplaint(db: Database, id: string): Promise<Loaded> {
  const { data } = await db.collection(COLLECTION).doc(id).get();
  if (!data[0]) throw new ApiError('NOT_FOUND', `complaint ${id}`);
  return fromDoc(data[0] as Record<string, unknown>);
}

/** Insert a new complaint; false when a complaint with this id already exists (an idempotent retry). */
export async function insertComplaint(db: Database, c: Complaint, policy: Policy, now: Date): Promise<boolean> {
  try {
    await db.collection(COLLECTION).add(toDoc(c, 1, policy, now));
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') return false;
    throw e;
  }
}

/** Write `next` only if nobody changed the complaint since `version` was read. */
export async function saveComplaint(db: Database, next: Complaint, version: number, policy: Policy, now: Date): Promise<boolean> {
  const { _id, ...fields } = toDoc(next, version + 1, policy, now);
  const res = await db.collection(COLLECTION).where({ _id, version }).update(fields);
  return res.updated === 1;
}

export function toLoaded(docs: unknown[]): Loaded[] {
  return docs.map((d) => fromDoc(d as Record<string, unknown>));
}
