// Notices in the database (domain/notices.ts): one versioned document per notice (server/store.ts),
// with its area keys and end time stored beside it to be found by index, and its one notification —
// to the owners of its area who accepted the notice template — in its outbox, delivered by the same
// scheduler as complaints (server/scheduler.ts): the area's owners are read a page at a time by index,
// however many, with the walk's position kept in the notice's outbox; each page becomes one entry per
// owner, claimed by compare-and-set, so overlapping runs never send an owner the same notice twice.
import { localDateTime } from '../domain/calendar';
import { areaKeys, areaLabel, NOTICE_KIND_LABELS, type Notice } from '../domain/notices';
import templates from '../config/subscription-templates.json';
import { truncate } from './complaint-sweep';
import { idPage } from './keyset';
import type { Member } from './members';
import type { Deps } from './ports';
import type { SweptKind } from './scheduler';
import { versionedStore } from './store';

export const NOTICE_TEMPLATE_ID = templates.find((t) => t.key === 'notice')!.id;

/**
 * Owners read per page of a notice's area (members of a community, or rooms of its buildings): one
 * page is one indexed read, one read of the page's credits (and for rooms one of their members), so
 * every read stays under a query's 1,000 documents however large the community.
 */
export const OWNER_PAGE = 500;
const ROOM_PAGE = 200;

export const notices = versionedStore<Notice>({
  collection: 'notices',
  notFound: '没有找到这条公告，可能已经撤下',
  // area: `<community>/<building>` or `<community>/*` (multikey), what the owner's list and the intake find it by.
  indexFields: (n) => ({ area: areaKeys(n), nextTimerAt: null }),
  fromFields(id, fields) {
    const { area: _area, ...own } = fields;
    return { ...(own as Omit<Notice, 'id'>), id };
  },
});

/** Template data (config/subscription-templates.json 小区公告通知), within WeChat's keyword limits. */
export function noticeMessageData(n: Notice): Record<string, { value: string }> {
  return {
    thing1: { value: truncate(n.title, 20) },
    phrase2: { value: NOTICE_KIND_LABELS[n.kind] },
    thing3: { value: truncate(areaLabel(n), 20) },
    time4: { value: localDateTime(n.validFrom) },
    time5: { value: localDateTime(n.validTo) },
  };
}

/**
 * Where an area's walk stands: for a whole community the last owner id read; for buildings the
 * index of the building being read and the last room id read in it (`<index>|<roomId>`).
 */
function parseProgress(after: string | null): { building: number; id: string | null } {
  if (after === null) return { building: 0, id: null };
  const bar = after.indexOf('|');
  if (bar < 0) return { building: 0, id: after };
  return { building: Number(after.slice(0, bar)), id: after.slice(bar + 1) || null };
}

/**
 * One page of the notice's area: its owners after `after` who hold a credit for the notice template,
 * and where the next page starts (null: the area is done). Pages follow declared indexes in `_id`
 * order — members by (communityIds, role, _id), rooms by (communityId, building, _id) one building
 * after another — so a community of any size is addressed a page at a time across runs.
 */
async function areaOwnerPage(deps: Deps, n: Notice, after: string | null): Promise<{ people: string[]; next: string | null }> {
  const _ = deps.db.command;
  let owners: string[];
  let next: string | null;
  if (n.buildings.length === 0) {
    const page = await idPage(deps, 'members', { communityIds: n.communityId, role: 'owner' }, after, OWNER_PAGE, { _id: true, active: true });
    owners = (page.docs as Array<Pick<Member, '_id' | 'active'>>).filter((m) => m.active).map((m) => m._id);
    next = page.next;
  } else {
    const at = parseProgress(after);
    const building = n.buildings[at.building];
    if (building === undefined) return { people: [], next: null };
    const page = await idPage(deps, 'rooms', { communityId: n.communityId, building }, at.id, ROOM_PAGE, { _id: true });
    next = page.next !== null ? `${at.building}|${page.next}` : at.building + 1 < n.buildings.length ? `${at.building + 1}|` : null;
    if (page.docs.length === 0) return { people: [], next };
    // A room has a handful of people at most (owner, family, tenants): a page of rooms stays far under a read's 1,000.
    const { data } = await deps.db.collection('members').where({ roomIds: _.in(page.docs.map((r) => r._id)) }).field({ _id: true, active: true }).limit(1000).get();
    owners = [...new Set((data as Array<Pick<Member, '_id' | 'active'>>).filter((m) => m.active).map((m) => m._id))];
  }
  if (owners.length === 0) return { people: [], next };
  // Only who accepted the template: the others see the notice on 首页 (its unread marker), not a
  // failed send each (wechat-platform.md: one-time credits).
  const { data: credits } = await deps.db.collection('credits').where({ openid: _.in(owners), templateId: NOTICE_TEMPLATE_ID }).field({ openid: true, count: true }).limit(1000).get();
  return { people: (credits as Array<{ openid: string; count: number }>).filter((c) => c.count > 0).map((c) => c.openid), next };
}

export const noticeSweep: SweptKind<Notice> = {
  store: notices,
  // A notice asks nothing of the clock: it drops out of lists by its end time (an index range).
  timers: () => ({ change: null, issued: 0 }),
  // A notice has one notification, to its area: addressed a page of owners at a time (recipientPage).
  recipients: () => Promise.resolve([]),
  recipientPage: (deps, n, e, after) => (e.recipient.kind === 'area' ? areaOwnerPage(deps, n, after) : Promise.resolve(null)),
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
