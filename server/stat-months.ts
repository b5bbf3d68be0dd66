// Statistics summaries, one document per community-month (`stat_months`, id `<communityId>:<YYYY-MM>`),
// holding the facts (domain ComplaintFacts, compactly encoded) of every complaint submitted in that
// month, keyed by complaint id:
//
//   { _id: 'community-a:2026-11', communityId, month: '2026-11', c: { <complaintId>: { v, s, rb, … } } }
//
// Why this shape:
// - Idempotent: a complaint's entry is *replaced* (`c.<id>` set whole), never added to; the entry
//   carries the complaint's version and the write is guarded by it (`c.<id>.v` older or absent), so a
//   retried or late fold never undoes a newer one, and applying the same write twice changes nothing.
// - No registry of months: a complaint belongs to exactly one summary — its submission month, which
//   never changes — so no entry ever moves between documents and nothing is left behind.
// - Within a real database's limits: a month is read by primary key (no index needed; ≤ 4 documents
//   per community for a month and its 60-day look-back, ≤ 1,000 per read); an entry is ~200 bytes,
//   so a 6,000-complaint month is ~1.2 MB — far below the 16 MB document limit (≈ 80,000 a month).
//   Every fold is one atomic single-document update: complaints of one community do not contend.
// - Checked, never silently short: `stats.monthly` counts the month's complaints by index and says
//   `complete: false` if a summary holds fewer (e.g. complaints written before summaries existed, or
//   a fold lost to a crash) — `stats.rebuild` then recomputes that community-month from scratch.
//
// Maintained from one place: the complaints kind's `written` hook (server/complaints.ts) calls
// `foldComplaint` after every insert and every compare-and-set that changed a complaint's facts.
import { localDate, startOfLocalDay } from '../domain/calendar';
import type { Complaint } from '../domain/complaint';
import { FACT_FIELDS, factsFrom, factsOf, type ComplaintFacts, type FactSource } from '../domain/statistics';
import { keysetPage } from './keyset';
import type { Database, Deps } from './ports';

export const STAT_MONTHS = 'stat_months';

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
export const summaryId = (communityId: string, month: string) => `${communityId}:${month}`;

/** The equal-facts test a write uses to skip folding (outbox-only writes change no fact). */
export function sameFacts(a: Complaint, b: Complaint): boolean {
  const { v: _a, ...x } = encodeFacts(factsOf(a), 0);
  const { v: _b, ...y } = encodeFacts(factsOf(b), 0);
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Folds attempted before giving up on a doc that keeps changing under us (another complaint's add racing ours). */
const FOLD_ATTEMPTS = 5;

/**
 * Replace `complaint`'s entry in its month's summary with its facts at `version`, unless the summary
 * already holds them from this version or a later one. Idempotent and order-safe.
 */
export async function foldComplaint(db: Database, complaint: Complaint, version: number): Promise<void> {
  const _ = db.command;
  const month = monthOf(complaint.submittedAt);
  const _id = summaryId(complaint.communityId, month);
  const path = `c.${complaint.id}`;
  const entry = encodeFacts(factsOf(complaint), version);
  for (let attempt = 0; attempt < FOLD_ATTEMPTS; attempt++) {
    const guarded = await db
      .collection(STAT_MONTHS)
      .where(_.and([{ _id }, _.or([{ [`${path}.v`]: _.exists(false) }, { [`${path}.v`]: _.lt(version) }])]) as unknown as Record<string, unknown>)
      .update({ [path]: _.set(entry) });
    if (guarded.updated === 1) return;
    const { data } = await db.collection(STAT_MONTHS).doc(_id).field({ [`${path}.v`]: true }).get();
    // The summary holds this version or a newer one: nothing to do.
    if (data[0]) return;
    try {
      await db.collection(STAT_MONTHS).add({ _id, communityId: complaint.communityId, month, c: { [complaint.id]: entry } });
      return;
    } catch (e) {
      // Another complaint created the month's summary first: fold into it.
      if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
    }
  }
  throw new Error(`${STAT_MONTHS} ${_id}: could not fold ${complaint.id}`);
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

export interface MonthSummary {
  _id: string;
  communityId: string;
  month: string;
  c: Record<string, Entry>;
}

/** Read summaries by id, a thousand a read (the database's page). */
export async function readSummaries(db: Database, ids: string[]): Promise<MonthSummary[]> {
  const _ = db.command;
  const out: MonthSummary[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const { data } = await db.collection(STAT_MONTHS).where({ _id: _.in(chunk) }).limit(chunk.length).get();
    out.push(...(data as MonthSummary[]));
  }
  return out;
}

/** The facts a summary holds, submitted in [from, to). */
export function factsIn(summaries: MonthSummary[], from: Date, to: Date): ComplaintFacts[] {
  const lo = from.getTime();
  const hi = to.getTime();
  return summaries.flatMap((s) => Object.entries(s.c ?? {}).filter(([, e]) => e.s >= lo && e.s < hi).map(([id, e]) => decodeFacts(id, s.communityId, e)));
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
 * Recompute a community-month's summary from scratch: every complaint of the month read by the
 * (communityId, submittedAt, _id) index, a page of projected facts at a time, and the summary
 * replaced whole. A fold racing the rebuild is redone by the complaint's next write or another rebuild.
 */
export async function rebuildMonth(deps: Deps, communityId: string, year: number, month: number): Promise<{ complaints: number }> {
  const _ = deps.db.command;
  const { first, next } = monthBounds(year, month);
  const key = monthOf(first);
  const projection = Object.fromEntries([...FACT_FIELDS, 'version'].map((f) => [f, true as const]));
  const c: Record<string, Entry> = {};
  let cursor: string | undefined;
  do {
    const page = await keysetPage(deps, 'complaints', { communityId, submittedAt: _.gte(first).and(_.lt(next)) }, { field: 'submittedAt', direction: 'asc' }, cursor, REBUILD_PAGE, projection);
    for (const { _id, version, ...fields } of page.docs as unknown as Array<Omit<FactSource, 'id'> & { _id: string; version: number }>) {
      c[_id] = encodeFacts(factsFrom({ ...fields, id: _id, firstResolvedAt: fields.firstResolvedAt ?? null }), version);
    }
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  await deps.db.collection(STAT_MONTHS).doc(summaryId(communityId, key)).set({ communityId, month: key, c });
  return { complaints: Object.keys(c).length };
}
