// 信息公告 / 通知单 (seed 002 沟通方式: 通知单（如停电、停水通知）、标识（如电梯维修）、宣传栏; 要求 (1)(2)(3)(6)):
// the office tells owners before it cuts water or power, disinfects, repairs a lift, builds or holds
// an event. A notice is published to a community or to chosen buildings for a period; while it is
// current owners see it, and while it is in force it is shown to an owner filing a complaint about
// the same thing (the deflection), so a known outage is not reported forty times. Pure: `now` comes in.
import { NOTICE_KINDS, type CategoryCode, type Channel, type NoticeKind } from './model';
import type { Policy } from './policy';


export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  water_outage: '停水',
  power_outage: '停电',
  disinfection: '消杀',
  lift_repair: '电梯维修',
  construction: '施工',
  event: '活动',
  other: '其他',
};

/** The longest period one notice may be in force: a longer matter is announced again. */
export const MAX_NOTICE_DAYS = 90;

export interface Notice {
  id: string;
  communityId: string;
  kind: NoticeKind;
  title: string;
  text: string;
  photos: string[];
  /** The buildings it concerns; empty: the whole community. */
  buildings: string[];
  validFrom: Date;
  validTo: Date;
  publishedAt: Date;
  publishedBy: { id: string; name: string };
  /** 撤回: taken back by staff; it ended then (validTo is the withdrawal time). Absent: never withdrawn. */
  withdrawn?: { at: Date; by: { id: string; name: string } };
}

/** The building part of a whole-community notice's area key. */
export const WHOLE_COMMUNITY = '*';

/**
 * Stored beside a notice as its area keys (multikey): `<community>/<building>` per building, or
 * `<community>/*` for the whole community — qualified, so building 3 of one community never matches
 * building 3 of another for an owner with rooms in both.
 */
export function areaKeys(n: Pick<Notice, 'communityId' | 'buildings'>): string[] {
  return (n.buildings.length ? n.buildings : [WHOLE_COMMUNITY]).map((b) => `${n.communityId}/${b}`);
}

/** The area keys the holder of these rooms is concerned by: each room's building, and each community as a whole. */
export function areaKeysFor(rooms: Array<{ communityId: string; building?: string }>): string[] {
  const keys = rooms.flatMap((r) => [`${r.communityId}/${WHOLE_COMMUNITY}`, ...(r.building === undefined ? [] : [`${r.communityId}/${r.building}`])]);
  return [...new Set(keys)];
}

/** Where a notice stands at `now`: a withdrawn one says so even after the period it announced has passed. */
export type NoticeState = 'in_force' | 'upcoming' | 'ended' | 'withdrawn';

export function noticeState(n: Pick<Notice, 'validFrom' | 'validTo' | 'withdrawn'>, now: Date): NoticeState {
  if (n.withdrawn) return 'withdrawn';
  if (now < n.validFrom) return 'upcoming';
  return isInForce(n, now) ? 'in_force' : 'ended';
}

/** Shown to owners from publication until it ends: a notice comes before the work (seed 002 要求 (2) 事先). */
export function isCurrent(n: Pick<Notice, 'validTo'>, now: Date): boolean {
  return now < n.validTo;
}

/** The work is happening now: what the intake deflection shows. */
export function isInForce(n: Pick<Notice, 'validFrom' | 'validTo'>, now: Date): boolean {
  return n.validFrom <= now && now < n.validTo;
}

export function coversBuilding(n: Pick<Notice, 'buildings'>, building: string | undefined): boolean {
  return n.buildings.length === 0 || (building !== undefined && n.buildings.includes(building));
}

/** The notice kinds that explain a complaint of `category` (policy data: policy.notices.kindCategories). */
export function kindsFor(policy: Policy, category: CategoryCode): NoticeKind[] {
  return NOTICE_KINDS.filter((k) => policy.notices.kindCategories[k].includes(category));
}

/** What makes a notice unpublishable, as error codes (domain/errors.ts). */
export function noticeProblem(n: Pick<Notice, 'validFrom' | 'validTo'>, now: Date): 'NOTICE.PERIOD_INVALID' | 'NOTICE.ALREADY_ENDED' | 'NOTICE.PERIOD_TOO_LONG' | null {
  if (!(n.validFrom < n.validTo)) return 'NOTICE.PERIOD_INVALID';
  if (n.validTo <= now) return 'NOTICE.ALREADY_ENDED';
  if (n.validTo.getTime() - n.validFrom.getTime() > MAX_NOTICE_DAYS * 86_400_000) return 'NOTICE.PERIOD_TOO_LONG';
  return null;
}

/**
 * 撤回: the notice ends now — so it is gone from every list and the intake at once, which read only
 * notices ending after now — and its messages not yet sent are cancelled (one in flight may still
 * arrive). Null: there is nothing to withdraw, it has ended already.
 */
export function withdrawal<E extends { status: string; lastError: string | null }>(n: Notice, outbox: E[], by: { id: string; name: string }, now: Date): { state: Notice; outbox: E[] } | null {
  if (n.withdrawn || n.validTo <= now) return null;
  return {
    state: { ...n, validTo: now, withdrawn: { at: now, by } },
    outbox: outbox.map((e) => (e.status === 'pending' ? { ...e, status: 'cancelled', lastError: 'withdrawn' } : e)),
  };
}

/** 「3号楼、5号楼」 or 「全小区」. */
export function areaLabel(n: Pick<Notice, 'buildings'>): string {
  return n.buildings.length ? n.buildings.map((b) => (/^\d+$/.test(b) ? `${b}号楼` : b)).join('、') : '全小区';
}

/**
 * 「是这个问题，不用投诉了」: the notices shown at intake explained the problem and the complaint was not
 * filed — the deflection seed 002's notices exist for, recorded so the statistics can count it. One
 * per answer (its id from the request), naming the household's room and the notices it credits; no
 * free text. `by` is who answered: the owner in the mini-program, or the staff member recording a
 * call or visit (`channel`) for the owner's room.
 */
export interface Deflection {
  id: string;
  communityId: string;
  roomId: string;
  noticeIds: string[];
  at: Date;
  by: string;
  channel: Channel;
}

/**
 * Why these notices cannot be credited for a room now (error codes, domain/errors.ts), or null: each
 * must concern the room's community and building, and be in force — what the intake showed.
 */
export function deflectionProblem(shown: Array<Pick<Notice, 'communityId' | 'buildings' | 'validFrom' | 'validTo'>>, room: { communityId: string; building: string }, now: Date): 'NOTICE.NOT_FOR_ROOM' | 'NOTICE.NOT_IN_FORCE' | null {
  if (shown.some((n) => n.communityId !== room.communityId || !coversBuilding(n, room.building))) return 'NOTICE.NOT_FOR_ROOM';
  if (shown.some((n) => !isInForce(n, now))) return 'NOTICE.NOT_IN_FORCE';
  return null;
}

/**
 * The notices a household's answer credits: those not credited for the room by an earlier answer, so
 * a notice counts each household once however often it is asked (「N 位业主看到公告后未再投诉」).
 */
export function uncredited(noticeIds: string[], earlier: Array<Pick<Deflection, 'noticeIds'>>): string[] {
  const credited = new Set(earlier.flatMap((d) => d.noticeIds));
  return noticeIds.filter((id) => !credited.has(id));
}
