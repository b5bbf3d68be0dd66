// Statistics facts, one document per community and day of submission (`stat_days`, id
// `<communityId>:<YYYY-MM-DD>`), holding the facts (domain ComplaintFacts, compactly encoded) of every
// complaint submitted that day, keyed by complaint id:
//
//   { _id: 'community-a:2026-11-05', communityId, day: '2026-11-05', dirty: true, n: 17, c: { <complaintId>: { v, s, rb, … } } }
//
// Why this shape:
// - Idempotent: a complaint's entry is *replaced* (`c.<id>` set whole), never added to; the entry
//   carries the complaint's version and only a later version with other facts replaces it, so a
//   retried or late fold never undoes a newer one, and folding the same facts twice changes nothing.
// - No registry: a complaint belongs to exactly one document — its submission day, which never
//   changes — so no entry ever moves between documents and nothing is left behind.
// - Small: a day of a 6,000-complaint month is ~200 entries (~40 KB), where one document per month
//   grew to ~1.2 MB, and rewriting it on every complaint write took submit p50 from 198 to 684 ms.
// - Read by primary key: a month and its 60-day look-back are ≤ 92 ids, one read (≤ 1,000 a read).
// - Folded by the scheduler, not by the write: every state write of a complaint sets its due marker
//   `factsDueAt` in that same write (server/kernel/store.ts); each run sweeps the marked complaints
//   (index (factsDueAt, _id), facts projected), merges them into their days in one compare-and-set
//   per day on its fold count `n`, and clears the markers under the versions it folded. Submit and
//   every command cost what they did before statistics existed (the marker is a field of the write
//   they make anyway), and a busy day is written once a run, not once a complaint.
// - Exact when read: statistics read the days plus the community's marked complaints (index
//   (communityId, factsDueAt); a run's worth) laid over them by version — no time, no margin.
// (docs/statistics.md draws the pipeline.)
// - `dirty` (set by every fold) tells the scheduler which community-months' totals
//   (server/statistics/totals.ts) to recompute; it clears a day only if no fold came since it read `n`.
// - Checked, never silently short: statistics count the month's complaints by index and say
//   `complete: false` if the days hold fewer (a fold lost to a crash, data from before the facts
//   existed); `rebuildMonth` recomputes a community-month's days from the complaints.
//
import { localDate, monthKey, startOfLocalDay } from '../../domain/calendar';
import { FACT_FIELDS, factsFrom, type ComplaintFacts, type FactSource } from '../../domain/statistics';
import { compareAndSet, workThrough, type Attempt } from '../kernel/concurrency';
import { keysetPage } from '../kernel/keyset';
import type { Database, Deps } from '../kernel/ports';

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

function encodeFacts(f: ComplaintFacts, version: number): Entry {
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

function decodeFacts(id: string, communityId: string, e: Entry): ComplaintFacts {
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

/** Two entries with the same facts (their versions aside). */
function sameEntry(a: Entry, b: Entry): boolean {
  const { v: _a, ...x } = a;
  const { v: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

/**
 * A complaint whose state changed and whose facts are not in its day yet: the store sets
 * `factsDueAt` in the same write as every state change (server/kernel/store.ts, `folded`), the fold
 * clears it. Any date is due: read by index as the range of dates, which holds no null.
 */
const factsDue = (db: Database) => db.command.gte(new Date(0));

/** The complaint fields a fold reads: the facts and the version they are at. */
const FOLD_PROJECTION = Object.fromEntries([...FACT_FIELDS, 'version'].map((f) => [f, true as const]));
type FoldSource = Omit<FactSource, 'id'> & { _id: string; version: number };

function entryOf(doc: FoldSource): { id: string; communityId: string; day: string; entry: Entry } {
  const { _id, version, ...fields } = doc;
  const facts = factsFrom({ ...fields, id: _id, firstResolvedAt: fields.firstResolvedAt ?? null });
  return { id: _id, communityId: facts.communityId, day: localDate(facts.submittedAt), entry: encodeFacts(facts, version) };
}

/** An entry replaces what a day holds only if it is from a later version and its facts differ. */
const newer = (held: Entry | undefined, e: Entry) => held === undefined || (held.v < e.v && !sameEntry(held, e));

/** Attempts at one day document before leaving it to the next fold (another run writing it at once). */
const MERGE_ATTEMPTS = 5;
/** Day documents written at once. */
const MERGE_CONCURRENCY = 8;

/**
 * Put complaints' facts into their days: per day document, the entries that are newer, in one
 * compare-and-set on its fold count `n` (so two overlapping runs never lose each other's entries),
 * marking it dirty for the totals. Returns how many day documents were written; the complaints of a
 * day every attempt lost go into `lost`.
 */
async function mergeIntoDays(db: Database, docs: FoldSource[], lost: Set<string>): Promise<number> {
  const _ = db.command;
  const byDay = new Map<string, { communityId: string; day: string; entries: Record<string, Entry> }>();
  for (const doc of docs) {
    const { id, communityId, day, entry } = entryOf(doc);
    const key = dayId(communityId, day);
    const group = byDay.get(key) ?? byDay.set(key, { communityId, day, entries: {} }).get(key)!;
    group.entries[id] = entry;
  }
  const held = new Map((await readDays(db, [...byDay.keys()])).map((d) => [d._id, d]));
  const queue = [...byDay];
  let written = 0;
  const mergeOne = async (_id: string, group: { communityId: string; day: string; entries: Record<string, Entry> }) => {
    // The days read for the whole page first; after a lost race, this day again (another run wrote it first).
    const read = async (attempt: number) => (attempt === 0 ? held.get(_id) : (await readDays(db, [_id]))[0]);
    const wrote = await compareAndSet(MERGE_ATTEMPTS, read, async (current): Promise<Attempt<boolean>> => {
      const changes = Object.entries(group.entries).filter(([id, e]) => newer(current?.c[id], e));
      if (changes.length === 0) return { written: true, result: false };
      if (current === undefined) {
        try {
          await db.collection(STAT_DAYS).add({ _id, communityId: group.communityId, day: group.day, dirty: true, n: 1, c: Object.fromEntries(changes) });
          return { written: true, result: true };
        } catch (e) {
          if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
          return { written: false };
        }
      }
      const r = await db
        .collection(STAT_DAYS)
        .where({ _id, n: current.n })
        .update({ ...Object.fromEntries(changes.map(([id, e]) => [`c.${id}`, _.set(e)])), dirty: true, n: _.inc(1) });
      return r.updated === 1 ? { written: true, result: true } : { written: false };
    });
    if (wrote) written++;
    // Every attempt lost: the complaints stay due (their markers are cleared only if their day took them).
    else if (wrote === undefined) for (const id of Object.keys(group.entries)) lost.add(id);
  };
  await workThrough(queue, MERGE_CONCURRENCY, (next) => mergeOne(...next));
  return written;
}

/**
 * Complaints read per page while folding: small enough that the deadline, checked between pages,
 * is not overrun by much (a page's merge is one compare-and-set per day it touches).
 */
const FOLD_PAGE = 250;

export interface FoldReport {
  /** Complaints read (their facts were due). */
  complaints: number;
  /** Day documents written. */
  days: number;
  /** Due-marker clearing writes (one per version a page's complaints are at, not one per complaint). */
  cleared: number;
  /** Stopped at the deadline with complaints left: the next run goes on. */
  more: boolean;
}

/**
 * Clear the due markers of folded complaints, each only if it is still at the version folded (a
 * write since set the marker again, for the next fold). One write per version among them: the
 * complaints of a page are at a handful of versions, and `_id` in a list is the primary key.
 */
async function clearDue(db: Database, docs: FoldSource[], lost: Set<string>): Promise<number> {
  const _ = db.command;
  const byVersion = new Map<number, string[]>();
  for (const d of docs) if (!lost.has(d._id)) (byVersion.get(d.version) ?? byVersion.set(d.version, []).get(d.version)!).push(d._id);
  await Promise.all([...byVersion].map(([version, ids]) => db.collection('complaints').where({ _id: _.in(ids), version }).update({ factsDueAt: null })));
  return byVersion.size;
}

/**
 * The scheduler's fold, one more sweep beside the timers and the outbox: every complaint whose facts
 * are due (by the (factsDueAt, _id) index, a page of projected facts at a time) into its day, then
 * its marker cleared under its version, until none is due or `stop()` says so (the run's deadline).
 * Nothing to remember between runs: what is still due is still marked.
 */
export async function foldWrites(deps: Deps, stop: () => boolean, pageSize = FOLD_PAGE): Promise<FoldReport> {
  const report: FoldReport = { complaints: 0, days: 0, cleared: 0, more: false };
  let cursor: string | undefined;
  for (;;) {
    if (stop()) {
      report.more = true;
      break;
    }
    const page = await keysetPage(deps, 'complaints', { factsDueAt: factsDue(deps.db) }, { field: 'factsDueAt', direction: 'asc' }, cursor, pageSize, FOLD_PROJECTION);
    const docs = page.docs as unknown as FoldSource[];
    const lost = new Set<string>();
    report.complaints += docs.length;
    report.days += await mergeIntoDays(deps.db, docs, lost);
    report.cleared += await clearDue(deps.db, docs, lost);
    if (page.next === null) break;
    cursor = page.next;
  }
  return report;
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
    const key = monthKey(y, m);
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

/** Unfolded writes read at most per statistics call: a run's worth is a handful; more means the scheduler is not running. */
const RECENT_READ = 1000;

/**
 * The days as they will be after the next fold: the community's complaints whose facts are due,
 * read by the (communityId, factsDueAt) index, laid over them, each where it is newer — so
 * statistics are exact when read, with no margin: a complaint is due from the write that changed it.
 */
export async function withRecentWrites(deps: Deps, communityId: string, days: DaySummary[]): Promise<{ days: DaySummary[]; behind: boolean }> {
  const { data } = await deps.db.collection('complaints').where({ communityId, factsDueAt: factsDue(deps.db) }).field(FOLD_PROJECTION).limit(RECENT_READ).get();
  const out = new Map(days.map((d) => [d._id, { ...d, c: { ...d.c } }]));
  for (const doc of data as FoldSource[]) {
    const { id, day, entry } = entryOf(doc);
    const key = dayId(communityId, day);
    const held = out.get(key) ?? out.set(key, { _id: key, communityId, day, dirty: true, n: 0, c: {} }).get(key)!;
    if (newer(held.c[id], entry)) held.c[id] = entry;
  }
  // Read to the bound: more writes wait than one read takes (the scheduler is not folding), so the
  // figures may be behind — said by the caller, never hidden.
  return { days: [...out.values()], behind: data.length === RECENT_READ };
}

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
  const byDay = new Map<string, Record<string, Entry>>(daysBetween(first, next).map((d) => [d, {}]));
  let complaints = 0;
  let cursor: string | undefined;
  do {
    const page = await keysetPage(deps, 'complaints', { communityId, submittedAt: _.gte(first).and(_.lt(next)) }, { field: 'submittedAt', direction: 'asc' }, cursor, REBUILD_PAGE, FOLD_PROJECTION);
    for (const doc of page.docs as unknown as FoldSource[]) {
      const { id, day, entry } = entryOf(doc);
      byDay.get(day)![id] = entry;
      complaints++;
    }
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  // A fresh fold count, so a scheduler that read this day before the rebuild cannot clear it. Only
  // the days that have complaints are written, and only those of the others that exist removed: a
  // sparse month costs a few writes, not one per day.
  const stamp = deps.now().getTime();
  const existing = new Set((await readDays(deps.db, [...byDay.keys()].map((day) => dayId(communityId, day)))).map((d) => d.day));
  await Promise.all(
    [...byDay]
      .filter(([day, c]) => Object.keys(c).length > 0 || existing.has(day))
      .map(([day, c]) => {
        const doc = deps.db.collection(STAT_DAYS).doc(dayId(communityId, day));
        return Object.keys(c).length === 0 ? doc.remove() : doc.set({ communityId, day, dirty: true, n: stamp, c });
      }),
  );
  return { complaints };
}
