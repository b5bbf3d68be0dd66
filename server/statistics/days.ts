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
// - Folded by the scheduler, not by the write: each run reads the complaints written since the last
//   fold (index (updatedAt, _id), facts projected) and merges them into their days in one
//   compare-and-set per day on its fold count `n`. Submit and every command cost what they did
//   before statistics existed, and a busy day is written once a run, not once a complaint.
// - Exact when read: statistics read the days plus the community's complaints written since the last
//   fold (index (communityId, updatedAt, _id); a minute's worth) laid over them by version.
// - `dirty` (set by every fold) tells the scheduler which community-months' totals
//   (server/statistics/totals.ts) to recompute; it clears a day only if no fold came since it read `n`.
// - Checked, never silently short: statistics count the month's complaints by index and say
//   `complete: false` if the days hold fewer (a fold lost to a crash, data from before the facts
//   existed); `rebuildMonth` recomputes a community-month's days from the complaints.
//
import { localDate, monthKey, startOfLocalDay } from '../../domain/calendar';
import { FACT_FIELDS, factsFrom, type ComplaintFacts, type FactSource } from '../../domain/statistics';
import { workThrough } from '../kernel/concurrency';
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
 * Where the fold stands, one document:
 * - `at`: every state written before `at` − FOLD_MARGIN_MS is in the days. A write's time
 *   (`updatedAt`) is taken before it commits — up to an api call's 20 s, a scheduler run's half
 *   minute — so each pass starts that margin before `at`; folding the same facts again changes nothing.
 * - `pass`: a pass that stopped at its deadline: the next run goes on after its cursor, from the same
 *   start, and a finished pass sets `at` to when it *began* (a write committed late behind its cursor
 *   is then still within the next pass's margin).
 */
const FOLD_MARK = { collection: 'heartbeats', id: 'stat-fold' } as const;
const FOLD_MARGIN_MS = 60_000;

interface FoldMark {
  at?: Date;
  pass?: { from: Date; cursor: string; began: Date } | null;
}

async function readMark(db: Database): Promise<FoldMark> {
  const { data } = await db.collection(FOLD_MARK.collection).doc(FOLD_MARK.id).get();
  const { at, pass } = (data[0] as FoldMark | undefined) ?? {};
  return { at, pass };
}

/**
 * The earliest write time the days may not hold yet: everything, before the first fold finished
 * (which then folds all there is, a budget at a time); a clock set back (tests, never the cloud)
 * starts from now.
 */
function since(mark: FoldMark, now: Date): Date {
  return mark.at === undefined ? new Date(0) : new Date(Math.min(new Date(mark.at).getTime(), now.getTime()) - FOLD_MARGIN_MS);
}

async function unfoldedSince(db: Database, now: Date): Promise<Date> {
  return since(await readMark(db), now);
}

/** The complaint fields a fold reads: the facts, the version they are at, and the write time. */
const FOLD_PROJECTION = Object.fromEntries([...FACT_FIELDS, 'version', 'updatedAt'].map((f) => [f, true as const]));
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
 * marking it dirty for the totals. Returns how many day documents were written.
 */
async function mergeIntoDays(db: Database, docs: FoldSource[]): Promise<number> {
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
    for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
      const current = held.get(_id);
      const changes = Object.entries(group.entries).filter(([id, e]) => newer(current?.c[id], e));
      if (changes.length === 0) return;
      if (current === undefined) {
        try {
          await db.collection(STAT_DAYS).add({ _id, communityId: group.communityId, day: group.day, dirty: true, n: 1, c: Object.fromEntries(changes) });
          written++;
          return;
        } catch (e) {
          if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
        }
      } else {
        const r = await db
          .collection(STAT_DAYS)
          .where({ _id, n: current.n })
          .update({ ...Object.fromEntries(changes.map(([id, e]) => [`c.${id}`, _.set(e)])), dirty: true, n: _.inc(1) });
        if (r.updated === 1) {
          written++;
          return;
        }
      }
      // Another run wrote the day first: merge into what it holds now.
      const [fresh] = await readDays(db, [_id]);
      if (fresh) held.set(_id, fresh);
      else held.delete(_id);
    }
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
  /** Complaints read (written to since the last fold, and its margin). */
  complaints: number;
  /** Day documents written. */
  days: number;
  /** Stopped at the deadline with complaints left: the next run goes on from there. */
  more: boolean;
  /**
   * The days hold every complaint submitted before this (a complaint's submission is its first
   * write): the mark the fold leaves, less its margin. Statistics computed from the days alone may
   * check them against the complaints submitted before it, without the unfolded writes.
   */
  foldedBefore: Date;
}

/**
 * The scheduler's fold: every complaint written since the last fold (by the (updatedAt, _id) index,
 * a page of projected facts at a time) into its day, until nothing is left or `stop()` says so
 * (the run's deadline). The complaint write path does nothing for statistics: an owner's submit
 * costs the same however many complaints the month holds.
 */
export async function foldWrites(deps: Deps, now: Date, stop: () => boolean, pageSize = FOLD_PAGE): Promise<FoldReport> {
  const _ = deps.db.command;
  const mark = await readMark(deps.db);
  const pass = mark.pass ?? { from: since(mark, now), cursor: undefined, began: now };
  const report: FoldReport = { complaints: 0, days: 0, more: false, foldedBefore: since(mark, now) };
  let cursor = pass.cursor;
  for (;;) {
    if (stop()) {
      report.more = true;
      break;
    }
    const page = await keysetPage(deps, 'complaints', { updatedAt: _.gte(pass.from) }, { field: 'updatedAt', direction: 'asc' }, cursor, pageSize, FOLD_PROJECTION);
    const docs = page.docs as unknown as FoldSource[];
    report.complaints += docs.length;
    report.days += await mergeIntoDays(deps.db, docs);
    if (page.next === null) break;
    cursor = page.next;
  }
  const kept = mark.at === undefined ? {} : { at: mark.at };
  const next: FoldMark = report.more ? { ...kept, pass: cursor === undefined ? (mark.pass ?? null) : { from: pass.from, cursor, began: pass.began } } : { at: pass.began, pass: null };
  await deps.db.collection(FOLD_MARK.collection).doc(FOLD_MARK.id).set(next);
  return { ...report, foldedBefore: since(next, now) };
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
 * The days as they will be after the next fold: the community's complaints written since the last
 * fold (and its margin) laid over them, each where it is newer — so statistics are exact when read.
 */
export async function withRecentWrites(deps: Deps, communityId: string, days: DaySummary[], now: Date): Promise<{ days: DaySummary[]; behind: boolean }> {
  const _ = deps.db.command;
  const from = await unfoldedSince(deps.db, now);
  const { data } = await deps.db.collection('complaints').where({ communityId, updatedAt: _.gte(from) }).field(FOLD_PROJECTION).limit(RECENT_READ).get();
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
