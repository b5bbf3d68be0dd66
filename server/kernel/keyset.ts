// Keyset pages on a unique order: (key, _id). A page continues after the last item shown with
// `key past k OR (key = k AND _id past id)` — which a database reads as two ranges of one index
// ending (key, _id) — so items sharing the key at a page boundary are neither skipped nor repeated,
// and a deep page costs what the first does. Any list can use it: declare its index with `_id` last.
import { decodeCursor, encodeCursor } from '../../typings/cursor';
import { ApiError } from './errors';
import type { Deps } from './ports';

export interface KeysetOrder {
  /** The indexed key (a date); `_id` breaks its ties. */
  field: string;
  direction: 'asc' | 'desc';
}

type Doc = Record<string, unknown> & { _id: string };

/**
 * One page of `collection` matching `where`, in `order` then `_id`, after `cursor`; `next` is the
 * cursor of the page after it, null on the last page.
 */
export async function keysetPage(
  deps: Deps,
  collection: string,
  where: Record<string, unknown>,
  order: KeysetOrder,
  cursor: string | undefined,
  limit: number,
  /** The fields to read (`_id` and the order's key always come back). */
  projection?: Record<string, true>,
): Promise<{ docs: Doc[]; next: string | null }> {
  const _ = deps.db.command;
  let query: unknown = where;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    // The contract validates cursors; this guards any other caller.
    if (!after) throw new ApiError('VALIDATION', `malformed cursor ${cursor}`);
    const past = (v: unknown) => (order.direction === 'desc' ? _.lt(v) : _.gt(v));
    query = _.and([where, _.or([{ [order.field]: past(after.key) }, { [order.field]: after.key, _id: past(after.id) }])]);
  }
  let read = deps.db
    .collection(collection)
    .where(query as Record<string, unknown>)
    .orderBy(order.field, order.direction)
    .orderBy('_id', order.direction);
  if (projection) read = read.field({ ...projection, [order.field]: true });
  const { data } = await read.limit(limit).get();
  const docs = data as Doc[];
  const last = docs[docs.length - 1];
  const key = last?.[order.field];
  if (last && Object.prototype.toString.call(key) !== '[object Date]') throw new ApiError('INTERNAL', `${collection} ${last._id} has no date in ${order.field} to page by`);
  const next = docs.length === limit && last ? encodeCursor({ key: key as Date, id: last._id }) : null;
  return { docs, next };
}

/**
 * One page of `collection` matching `where`, in `_id` order, after the id `after` (null: from the
 * start); `next` is the last id read, null on the last page. For walks that are not shown to anyone
 * and need no date key (e.g. every owner of a community): declare the index as `where`'s fields then `_id`.
 */
export async function idPage(
  deps: Deps,
  collection: string,
  where: Record<string, unknown>,
  after: string | null,
  limit: number,
  projection: Record<string, true>,
): Promise<{ docs: Doc[]; next: string | null }> {
  const query = after === null ? where : { ...where, _id: deps.db.command.gt(after) };
  const { data } = await deps.db.collection(collection).where(query).orderBy('_id', 'asc').field(projection).limit(limit).get();
  const docs = data as Doc[];
  const last = docs[docs.length - 1];
  return { docs, next: docs.length === limit && last ? last._id : null };
}
