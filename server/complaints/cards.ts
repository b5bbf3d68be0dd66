// One page of list cards (我的投诉, the staff inboxes): a keyset page that reads only the fields a
// card shows (views.ts CARD_FIELDS), so a 20-card page reads about what it answers — not 20 whole
// complaints with their timelines and outboxes.
import type { ComplaintCard } from '../../typings/api';
import { keysetPage, type KeysetOrder } from '../kernel/keyset';
import type { Deps } from '../kernel/ports';
import { CARD_FIELDS, OWNER_CARD_FIELDS, card, descriptionExcerpt, type CardSource } from './views';

/** `ownerOpenid`: an owner's list, whose cards say when someone else of the household filed it. */
export async function cardPage(
  deps: Deps,
  where: Record<string, unknown>,
  order: KeysetOrder,
  cursor: string | undefined,
  limit: number,
  ownerOpenid?: string,
): Promise<{ items: ComplaintCard[]; next: string | null }> {
  const fields = ownerOpenid === undefined ? CARD_FIELDS : OWNER_CARD_FIELDS;
  const { docs, next } = await keysetPage(deps, 'complaints', where, order, cursor, limit, Object.fromEntries(fields.map((f) => [f, true] as const)));
  const rows = docs as unknown as Array<CardSource & { descriptionExcerpt?: string }>;
  // Complaints stored before the excerpt was kept beside them get it from their description, once:
  // their next write stores it.
  const missing = rows.filter((r) => typeof r.descriptionExcerpt !== 'string').map((r) => r._id);
  if (missing.length > 0) {
    const { data } = await deps.db
      .collection('complaints')
      .where({ _id: deps.db.command.in(missing) })
      .field({ description: true })
      .get();
    const found = new Map((data as Array<{ _id: string; description: string }>).map((d) => [d._id, descriptionExcerpt(d.description)]));
    for (const r of rows) r.descriptionExcerpt ??= found.get(r._id) ?? '';
  }
  return { items: rows.map((r) => card(r, ownerOpenid)), next };
}
