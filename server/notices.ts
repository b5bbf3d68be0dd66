// Notices in the database (domain/notices.ts): one versioned document per notice (server/store.ts),
// with its area keys and end time stored beside it to be found by index, and its one notification —
// to the owners of its area who accepted the notice template — in its outbox, delivered by the same
// scheduler as complaints (server/scheduler.ts): one entry per owner, claimed by compare-and-set, so
// overlapping runs never send an owner the same notice twice.
import { localDateTime } from '../domain/calendar';
import { areaKeys, areaLabel, NOTICE_KIND_LABELS, type Notice } from '../domain/notices';
import templates from '../config/subscription-templates.json';
import { truncate } from './complaint-sweep';
import type { Member } from './members';
import type { Deps } from './ports';
import type { SweptKind } from './scheduler';
import { versionedStore } from './store';

export const NOTICE_TEMPLATE_ID = templates.find((t) => t.key === 'notice')!.id;

/**
 * At most this many owners are told of one notice (one query of members, one of the area's rooms,
 * one of credits; a query returns at most 1,000 documents). A community beyond it is told through
 * the 首页 list, which every owner sees; the README says so.
 */
export const NOTICE_RECIPIENTS_CAP = 1000;

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

/** The owners of the notice's area who hold a credit for the notice template (bounded reads, by index). */
async function areaOwners(deps: Deps, n: Notice): Promise<string[]> {
  const _ = deps.db.command;
  let owners: string[];
  if (n.buildings.length === 0) {
    const { data } = await deps.db.collection('members').where({ communityIds: n.communityId, role: 'owner' }).field({ _id: true, active: true }).limit(NOTICE_RECIPIENTS_CAP).get();
    owners = (data as Array<Pick<Member, '_id' | 'active'>>).filter((m) => m.active).map((m) => m._id);
  } else {
    const { data: rooms } = await deps.db.collection('rooms').where({ communityId: n.communityId, building: _.in(n.buildings) }).field({ _id: true }).limit(NOTICE_RECIPIENTS_CAP).get();
    if (rooms.length === 0) return [];
    const roomIds = (rooms as Array<{ _id: string }>).map((r) => r._id);
    const { data } = await deps.db.collection('members').where({ roomIds: _.in(roomIds) }).field({ _id: true, active: true }).limit(NOTICE_RECIPIENTS_CAP).get();
    owners = (data as Array<Pick<Member, '_id' | 'active'>>).filter((m) => m.active).map((m) => m._id);
  }
  if (owners.length === 0) return [];
  // Only who accepted the template: the others see the notice on 首页 (its unread marker), not a
  // failed send each (wechat-platform.md: one-time credits).
  const { data: credits } = await deps.db.collection('credits').where({ openid: _.in(owners), templateId: NOTICE_TEMPLATE_ID }).field({ openid: true, count: true }).limit(NOTICE_RECIPIENTS_CAP).get();
  return (credits as Array<{ openid: string; count: number }>).filter((c) => c.count > 0).map((c) => c.openid);
}

export const noticeSweep: SweptKind<Notice> = {
  store: notices,
  // A notice asks nothing of the clock: it drops out of lists by its end time (an index range).
  timers: () => ({ change: null, issued: 0 }),
  recipients: (deps, n, e) => (e.recipient.kind === 'area' ? areaOwners(deps, n) : Promise.resolve([])),
  message: (n) => ({ templateId: NOTICE_TEMPLATE_ID, page: `pages/notice/index?id=${n.id}`, data: noticeMessageData(n), groupText: null }),
};
