// A complaint's timeline beyond its latest entries: one document per entry in `complaint_timeline`,
// found by (complaintId, seq). The complaint document keeps the latest few (keptCount) and the counts
// (domain/complaint.ts), so whatever the history, reading or changing a complaint moves a bounded
// document; the older entries are read a page at a time, and only by the views that show them.
//
// An entry is written first in the complaint's own versioned write (it is in the document's
// `timeline`), in the same compare-and-set as the state change: no second write can lose it. Only
// once it is about to leave the document is it copied here, under an id made of the complaint and its
// number — by the write that pushes it out, before that write — so a copy repeated by a racing writer,
// a retry, or a crash between the copy and the write is the same document written again, never a
// second entry. An entry here and still in the document is read from the document.
import type { Complaint, TimelineEntry } from '../../domain/complaint';
import type { PhotoId } from '../../domain/model';
import type { Database, Deps } from '../kernel/ports';

export const TIMELINE_COLLECTION = 'complaint_timeline';

/**
 * The latest entries the complaint document keeps: up to RECENT_ENTRIES — a detail's first page, so a
 * typical complaint's detail is one read — within RECENT_BYTES, so a long run of maximal ones
 * (2,000 characters and 9 photos, ~7 KB each) keeps the document under 64 KB beside the rest of the
 * state (DOCUMENT_BOUND). At least KEPT_AT_LEAST stay whatever their size: more than one write adds,
 * so an entry leaves only once a write it was in has landed. What the process needs of older entries
 * it keeps as counts and summaries on the state (domain/complaint.ts).
 */
export const RECENT_ENTRIES = 15;
export const RECENT_BYTES = 32 * 1024;
const KEPT_AT_LEAST = 4;
/** What a complaint document stays under, whatever its history (tests/functions/history.test.ts holds it to it). */
export const DOCUMENT_BOUND = 64 * 1024;

/** How many of the entries, counted from the latest, the document keeps. */
function keptCount(timeline: TimelineEntry[]): number {
  let bytes = 0;
  let kept = 0;
  for (let i = timeline.length - 1; i >= 0 && kept < RECENT_ENTRIES; i--) {
    bytes += Buffer.byteLength(JSON.stringify(timeline[i]));
    if (bytes > RECENT_BYTES && kept >= KEPT_AT_LEAST) break;
    kept++;
  }
  return kept;
}

/** Copies written at once when many entries leave together (a complaint stored whole before, on its first write). */
const COPY_CONCURRENCY = 10;

/** An entry's id: the complaint's, then its number zero-padded (so ids sort as the timeline does). */
export function entryId(complaintId: string, seq: number): string {
  return `${complaintId}:${String(seq).padStart(9, '0')}`;
}

/** An entry as stored here: without the intake's legacy copy of the complainant (the complaint holds them once). */
function entryDoc(complaintId: string, e: TimelineEntry): Record<string, unknown> {
  const { complainant: _legacy, ...entry } = e as TimelineEntry & { complainant?: unknown };
  return { ...entry, complaintId, ownerVisible: e.ownerSeq !== undefined };
}

/**
 * The state to write, keeping the latest RECENT_ENTRIES entries; the ones leaving are copied here
 * first. Entries leaving were in the document as read (a write adds at most a few events), so their
 * content is settled whoever wins the write.
 */
export async function keepRecent(db: Database, c: Complaint): Promise<Complaint> {
  const leaving = c.timeline.slice(0, c.timeline.length - keptCount(c.timeline));
  for (let i = 0; i < leaving.length; i += COPY_CONCURRENCY) {
    await Promise.all(leaving.slice(i, i + COPY_CONCURRENCY).map((e) => db.collection(TIMELINE_COLLECTION).doc(entryId(c.id, e.seq)).set(entryDoc(c.id, e))));
  }
  // The erasure is still among the latest entries: the older ones lose the owner's name too (evolve
  // took it from those at hand). Idempotent, so a repeated write repeats it harmlessly.
  if (c.personalDataErasedAt && c.timeline.some((e) => e.type === 'personal_data_erased')) {
    const _ = db.command;
    await db.collection(TIMELINE_COLLECTION).where({ complaintId: c.id, 'by.role': 'owner' }).update({ 'by.name': _.remove() });
  }
  return leaving.length === 0 ? c : { ...c, timeline: c.timeline.slice(leaving.length) };
}

/**
 * Up to `limit` entries before seq `before` that this reader may read, latest first from here, given
 * back oldest first. The seq is unique within a complaint, so paging on it is a keyset page with no
 * ties to break: an entry is neither skipped nor repeated between pages.
 */
export async function olderEntries(deps: Deps, complaintId: string, staff: boolean, before: number, limit: number): Promise<TimelineEntry[]> {
  const _ = deps.db.command;
  const where = staff ? { complaintId, seq: _.lt(before) } : { complaintId, ownerVisible: true, seq: _.lt(before) };
  const { data } = await deps.db.collection(TIMELINE_COLLECTION).where(where).orderBy('seq', 'desc').limit(limit).get();
  return (data as TimelineEntry[]).reverse();
}

/** Which of `photos` an older entry of the complaint already carries (by index: one small read per photo). */
export async function photosInOlderEntries(deps: Deps, complaintId: string, photos: PhotoId[]): Promise<Set<PhotoId>> {
  const found = await Promise.all(
    photos.map(async (photo) => {
      const { data } = await deps.db.collection(TIMELINE_COLLECTION).where({ complaintId, photos: photo }).field({ _id: true }).limit(1).get();
      return data.length > 0 ? photo : null;
    }),
  );
  return new Set(found.filter((p): p is PhotoId => p !== null));
}
