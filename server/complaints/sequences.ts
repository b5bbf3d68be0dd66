// Numbers per day that people quote: TS20261122-0007 (complaints), JY20261129-0003 (suggestions).
// Seed 000 §(六) archives by number, so a number spent without a document is a gap that looks like a
// deleted complaint. A number is therefore claimed FOR a document id, and the claim and the count are
// one atomic update of the day's `sequences` document (CloudBase's atomicity is per document): `n`
// counts the day's numbers and `claims` lists, in order, the ids they went to, and the update applies
// only while the id is not among them. However many tries of one request arrive at once, one claims
// a number and the others read the number it claimed; a try that failed after claiming (before its
// insert) leaves a claim its retry reads back the same way. Only the latest CLAIMS_KEPT claims are
// kept, so the document every filing reads back stays small on a group's busiest day.
import { localDate } from '../../domain/calendar';
import type { Deps } from '../kernel/ports';
import { DomainError } from '../../domain/errors';

/**
 * Claims the day's document remembers. Tries of one request arrive within seconds of each other, and a
 * later retry finds its document by id before it claims (server/complaints/submit.ts), so a claim is
 * needed back only by a try that died between claim and insert and is retried at once. 200 numbers
 * cover a 50-community group's busiest minutes (~10,000 a day) and keep the document ~7 KB, where
 * every claim kept would make it ~350 KB, read back by every filing.
 */
const CLAIMS_KEPT = 200;

interface DayDoc {
  n: number;
  claims?: string[];
}

/**
 * The number a claim holds: the claims after it took the numbers after it (so a day counted before
 * claims were listed keeps its numbers too); null when the id has no claim that day.
 */
function numberOf(day: DayDoc, claimant: string): number | null {
  const claims = day.claims ?? [];
  const i = claims.indexOf(claimant);
  return i < 0 ? null : day.n - (claims.length - 1 - i);
}

/**
 * The day's number of the document `claimant` (its id, derived from the request id): a new one on
 * the first claim, the same one for every later or simultaneous claim of the same id. One round trip
 * on the happy path; two more for a duplicate (it reads the claim) or the day's first number.
 */
export async function dailyNumber(deps: Deps, kind: 'complaint' | 'suggestion', prefix: string, claimant: string, now: Date): Promise<string> {
  const day = localDate(now).replace(/-/g, '');
  const _id = `${kind}-${day}`;
  const format = (n: number) => `${prefix}${day}-${String(n).padStart(4, '0')}`;
  const seq = deps.db.collection('sequences');
  const _ = deps.db.command;
  for (let attempt = 0; attempt < 3; attempt++) {
    // `claims: $ne` on an array: only while no element is this id.
    const res = await seq.where({ _id, claims: _.neq(claimant) }).updateAndReturn({ n: _.inc(1), claims: _.push({ each: [claimant], slice: -CLAIMS_KEPT }) });
    if (res.doc) return format((res.doc as DayDoc).n);
    // Nothing updated: the id holds a number already, or the day has no document yet.
    const { data } = await seq.doc(_id).get();
    const held = data[0] ? numberOf(data[0] as DayDoc, claimant) : null;
    if (held !== null) return format(held);
    // Created by another claim since the update: claim again.
    if (data[0]) continue;
    try {
      await seq.add({ _id, n: 1, claims: [claimant] });
      return format(1);
    } catch (e) {
      if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
    }
  }
  throw new DomainError('SEQUENCE.EXHAUSTED', `could not allocate a ${kind} number`);
}
