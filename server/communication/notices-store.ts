// Notices in the database (domain/notices.ts): one versioned document per notice (server/kernel/store.ts),
// with its area keys and end time stored beside it to be found by index, and its one notification —
// to the residents of its area who accepted the notice template — in its outbox, delivered by the same
// scheduler as complaints (server/kernel/scheduler.ts): the area's residents are read a page at a time by the
// audience walker (server/kernel/audience.ts), however many, with the walk's position kept in the notice's
// outbox; each page becomes one entry per person, claimed by compare-and-set, so overlapping runs
// never send anyone the same notice twice.
import { areaKeys, areaLabel, NOTICE_KIND_LABELS, type Notice } from '../../domain/notices';
import { buildingResidents, communityResidents } from '../kernel/audience';
import type { Deps } from '../kernel/ports';
import type { SweptKind } from '../kernel/scheduler';
import { versionedStore } from '../kernel/store';
import { templateData, templateIdOf } from '../kernel/templates';

export const NOTICE_TEMPLATE_ID = templateIdOf('notice');

export const notices = versionedStore<Notice>({
  collection: 'notices',
  notFound: 'NOTICE.NOT_FOUND',
  // area: `<community>/<building>` or `<community>/*` (multikey), what the owner's list and the intake find it by.
  indexFields: (n) => ({ area: areaKeys(n), nextTimerAt: null }),
  fromFields(id, fields) {
    const { area: _area, ...own } = fields;
    return { ...(own as Omit<Notice, 'id'>), id };
  },
});

/** What the 小区公告通知 carries (server/kernel/templates.ts maps it to the company's template). */
export function noticeMessageData(n: Notice): Record<string, { value: string }> {
  return templateData('notice', { title: n.title, kind: NOTICE_KIND_LABELS[n.kind], area: areaLabel(n), from: n.validFrom, to: n.validTo });
}

export const noticeSweep: SweptKind<Notice> = {
  store: notices,
  // A notice asks nothing of the clock: it drops out of lists by its end time (an index range).
  timers: () => ({ change: null, issued: 0 }),
  // A notice has one notification, to its area: addressed a page of owners at a time (recipientPage).
  recipients: () => Promise.resolve([]),
  // Its area's residents (server/kernel/audience.ts): the whole community's, or its buildings' one after another.
  recipientPage(deps, n, e, after) {
    if (e.recipient.kind !== 'area') return Promise.resolve(null);
    return n.buildings.length === 0 ? communityResidents(deps, n.communityId, after, NOTICE_TEMPLATE_ID) : buildingResidents(deps, n.communityId, n.buildings, after, NOTICE_TEMPLATE_ID);
  },
  // Owners who left the community since they were addressed hear nothing more of it.
  place: (n) => ({ communityId: n.communityId }),
  message: (n) => ({ templateId: NOTICE_TEMPLATE_ID, page: `pages/notice/index?id=${n.id}`, data: noticeMessageData(n), groupText: null }),
};

/**
 * How many households each notice kept from filing (「是这个问题，不用投诉了」, notice.deflect): one
 * indexed count per notice on (noticeIds, roomId) — a page of notices at most, never the answers.
 */
export async function deflectionCounts(deps: Deps, noticeIds: string[]): Promise<Map<string, number>> {
  const counts = await Promise.all(noticeIds.map(async (id) => [id, (await deps.db.collection('notice_deflections').where({ noticeIds: id }).count()).total ?? 0] as const));
  return new Map(counts);
}
