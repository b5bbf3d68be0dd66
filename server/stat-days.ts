// Statistics facts, one document per community and day of submission (`stat_days`, id
// `<communityId>:<YYYY-MM-DD>`), holding the facts (domain ComplaintFacts, compactly encoded) of every
// complaint submitted that day, keyed by complaint id:
//
//   { _id: 'community-a:2026-11-05', communityId, day: '2026-11-05', dirty: true, n: 17, c: { <complaintId>: { v, s, rb, … } } }
//
// Why this shape:
// - Idempotent: a complaint's entry is *replaced* (`c.<id>` set whole), never added to; the entry
//   carries the complaint's version and the write is guarded by it (`c.<id>.v` older or absent), so a
//   retried or late fold never undoes a newer one, and applying the same write twice changes nothing.
// - No registry: a complaint belongs to exactly one document — its submission day, which never
//   changes — so no entry ever moves between documents and nothing is left behind.
// - A write costs the same whatever the month holds: a day of a 6,000-complaint month is ~200
//   entries (~40 KB), where one document per month grew to ~1.2 MB and every complaint write
//   rewrote it (submit p50 198 → 684 ms, rising as the month filled).
// - Read by primary key: a month and its 60-day look-back are ≤ 92 ids, one read (≤ 1,000 a read).
// - `dirty` (set by every fold, with `n` counting folds) tells the scheduler which community-months'
//   totals (server/stat-totals.ts) to recompute; it clears a day only if no fold came since it read `n`.
// - Checked, never silently short: statistics count the month's complaints by index and say
//   `complete: false` if the days hold fewer (a fold lost to a crash, data from before the facts
//   existed); `rebuildMonth` recomputes a community-month's days from the complaints.
//
// Maintained from one place: the complaints kind's `written` hook (server/complaints.ts) calls
// `foldComplaint` after every insert and every compare-and-set that changed a complaint's facts.
import { localDate, startOfLocalDay } from '../domain/calendar';
import type { Complaint } from '../domain/complaint';
import { FACT_FIELDS, factsFrom, factsOf, type ComplaintFacts, type FactSource } from '../domain/statistics';
import { keysetPage } from './keyset';
import type { Database, Deps } from './ports';

export const STAT_DAYS = 'stat_days';

/** One complaint's facts as stored in its month's summary: short keys, times as epoch ms, nulls left out. */
export interface Entry {
  /** The complaint's version these facts are from. */
  v: number;
  s: number;
  rb: number;
  ch: ComplaintFacts['channel'];
  ro: number;
  g: Array<[score: number, at: number, source: ComplaintFacts['ratings'][number]['source']]>;
  b?: string;
  c?: ComplaintFacts['category'];
  u?: ComplaintFacts['urgency'];
  d?: ComplaintFacts['department'];
  h?: string;
  a?: number;
  xb?: number;
  r?: number;
  fr?: number;
  cl?: number;
  x?: ComplaintFacts['closure'];
  /** valid: 1 成立, 0 不成立; absent while undecided. */
  ok?: 0 | 1;
  /** The SLA clock is paused. */
  p?: 1;
}

const ms = (d: Date | null) => (d === null ? undefined : d.getTime());
const date = (n: number | undefined) => (n === undefined ? null : new Date(n));

export function encodeFacts(f: ComplaintFacts, version: number): Entry {
  const e: Entry = { v: version, s: f.submittedAt.getTime(), rb: f.respondBy.getTime(), ch: f.channel, ro: f.reopenCount, g: f.ratings.map((r) => [r.score, r.at.getTime(), r.source]) };
  const optional: Omit<Entry, 'v' | 's' | 'rb' | 'ch' | 'ro' | 'g'> = {
    b: f.building ?? undefined,
    c: f.category ?? undefined,
    u: f.urgency ?? undefined,
    d: f.department ?? undefined,
    h: f.handlerId ?? undefined,
    a: ms(f.acceptedAt),
    xb: ms(f.resolveBy),
    r: ms(f.resolvedAt),
    fr: ms(f.firstResolvedAt),
    cl: ms(f.closedAt),
    x: f.closure ?? undefined,
    ok: f.valid === null ? undefined : f.valid ? 1 : 0,
    p: f.paused ? 1 : undefined,
  };
  for (const [k, value] of Object.entries(optional)) if (value !== undefined) (e as unknown as Record<string, unknown>)[k] = value;
  return e;
}

export function decodeFacts(id: string, communityId: string, e: Entry): ComplaintFacts {
  return {
    id,
    communityId,
    building: e.b ?? null,
    category: e.c ?? null,
    urgency: e.u ?? null,
    department: e.d ?? null,
    handlerId: e.h ?? null,
    channel: e.ch,
    submittedAt: new Date(e.s),
    respondBy: new Date(e.rb),
    acceptedAt: date(e.a),
    resolveBy: date(e.xb),
    resolvedAt: date(e.r),
    firstResolvedAt: date(e.fr),
    closedAt: date(e.cl),
    closure: e.x ?? null,
    ratings: e.g.map(([score, at, source]) => ({ score, at: new Date(at), source })),
    reopenCount: e.ro,
    valid: e.ok === undefined ? null : e.ok === 1,
    paused: e.p === 1,
  };
}

/** YYYY-MM of a moment, in the company's zone. */
export const monthOf = (at: Date) => localDate(at).slice(0, 7);
/** A community-day's document id. */
export const dayId = (communityId: string, day: string) => `${communityId}:${day}`;

/** The equal-facts test a write uses to skip folding (outbox-only writes change no fact). */
export function sameFacts(a: Complaint, b: Complaint): boolean {
  const { v: _a, ...x } = encodeFacts(factsOf(a), 0);
  const { v: _b, ...y } = encodeFacts(factsOf(b), 0);
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Folds attempted before giving up on a doc that keeps changing under us (another complaint's add racing ours). */
const FOLD_ATTEMPTS = 5;

/**
 * Replace `complaint`'s entry in its day's document with its facts at `version`, unless the document
 * already holds them from this version or a later one. Idempotent and order-safe.
 */
export async function foldComplaint(db: Database, complaint: Complaint, version: number): Promise<void> {
  const _ = db.command;
  const day = localDate(complaint.submittedAt);
  const _id = dayId(complaint.communityId, day);
  const path = `c.${complaint.id}`;
  const entry = encodeFacts(factsOf(complaint), version);
  for (let attempt = 0; attempt < FOLD_ATTEMPTS; attempt++) {
    const guarded = await db
      .collection(STAT_DAYS)
      .where(_.and([{ _id }, _.or([{ [`${path}.v`]: _.exists(false) }, { [`${path}.v`]: _.lt(version) }])]) as unknown as Record<string, unknown>)
      .update({ [path]: _.set(entry), dirty: true, n: _.inc(1) });
    if (guarded.updated === 1) return;
    const { data } = await db.collection(STAT_DAYS).doc(_id).field({ [`${path}.v`]: true }).get();
    // The document holds this version or a newer one: nothing to do.
    if (data[0]) return;
    try {
      await db.collection(STAT_DAYS).add({ _id, communityId: complaint.communityId, day, dirty: true, n: 1, c: { [complaint.id]: entry } });
      return;
    } catch (e) {
      // Another complaint created the day's document first: fold into it.
      if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
    }
  }
  throw new Error(`${STAT_DAYS} ${_id}: could not fold ${complaint.id}`);
}

const DAY_MS = 86_400_000;

/** The days (YYYY-MM-DD) from the one holding `from` to the one holding the instant before `to`. */
export function daysBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  const last = localDate(new Date(to.getTime() - 1));
  // The company's zone has no daylight saving: a local day is 24 hours.
  for (let t = startOfLocalDay(localDate(from)).getTime(); ; t += DAY_MS) {
    const day = localDate(new Date(t));
    out.push(day);
    if (day >= last) return out;
  }
}

/** The months (YYYY-MM) from the one holding `from` to the one holding `to` (inclusive). */
export function monthsBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  let [y, m] = monthOf(from).split('-').map(Number) as [number, number];
  const last = monthOf(to);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
}

export interface DaySummary {
  _id: string;
  communityId: string;
  day: string;
  dirty: boolean;
  n: number;
  c: Record<string, Entry>;
}

/** Documents of a statistics collection read by id, a thousand a read (the database's page). */
export async function readByIds<T>(db: Database, collection: string, ids: string[]): Promise<T[]> {
  const _ = db.command;
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const { data } = await db.collection(collection).where({ _id: _.in(chunk) }).limit(chunk.length).get();
    out.push(...(data as T[]));
  }
  return out;
}

/** Read day documents by id. */
export const readDays = (db: Database, ids: string[]) => readByIds<DaySummary>(db, STAT_DAYS, ids);

/** The facts the day documents hold, submitted in [from, to). */
export function factsIn(days: DaySummary[], from: Date, to: Date): ComplaintFacts[] {
  const lo = from.getTime();
  const hi = to.getTime();
  return days.flatMap((s) => Object.entries(s.c ?? {}).filter(([, e]) => e.s >= lo && e.s < hi).map(([id, e]) => decodeFacts(id, s.communityId, e)));
}

/** First instant of a month and of the one after it, in the company's zone. */
export function monthBounds(year: number, month: number): { first: Date; next: Date } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    first: startOfLocalDay(`${year}-${pad(month)}-01`),
    next: startOfLocalDay(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`),
  };
}

/** Complaints of a community read per page while rebuilding (the database's page). */
const REBUILD_PAGE = 1000;

/**
 * Recompute a community-month's day documents from scratch: every complaint of the month read by the
 * (communityId, submittedAt, _id) index, a page of projected facts at a time, and each day's document
 * replaced whole (a day with none removed). A fold racing the rebuild is redone by the complaint's
 * next write or another rebuild. The days are left dirty, so the month's totals follow.
 */
export async function rebuildMonth(deps: Deps, communityId: string, year: number, month: number): Promise<{ complaints: number }> {
  const _ = deps.db.command;
  const { first, next } = monthBounds(year, month);
  const projection = Object.fromEntries([...FACT_FIELDS, 'version'].map((f) => [f, true as const]));
  const byDay = new Map<string, Record<string, Entry>>(daysBetween(first, next).map((d) => [d, {}]));
  let complaints = 0;
  let cursor: string | undefined;
  do {
    const page = await keysetPage(deps, 'complaints', { communityId, submittedAt: _.gte(first).and(_.lt(next)) }, { field: 'submittedAt', direction: 'asc' }, cursor, REBUILD_PAGE, projection);
    for (const { _id, version, ...fields } of page.docs as unknown as Array<Omit<FactSource, 'id'> & { _id: string; version: number }>) {
      const facts = factsFrom({ ...fields, id: _id, firstResolvedAt: fields.firstResolvedAt ?? null });
      byDay.get(localDate(facts.submittedAt))![_id] = encodeFacts(facts, version);
      complaints++;
    }
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  // A fresh fold count, so a scheduler that read this day before the rebuild cannot clear it.
  const stamp = deps.now().getTime();
  await Promise.all(
    [...byDay].map(([day, c]) => {
      const doc = deps.db.collection(STAT_DAYS).doc(dayId(communityId, day));
      return Object.keys(c).length === 0 ? doc.remove() : doc.set({ communityId, day, dirty: true, n: stamp, c });
    }),
  );
  return { complaints };
}
