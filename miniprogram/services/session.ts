// Who is using the app (account.me), fetched once per launch and after binding or switching user.
import type { MeResponse, Wire } from '../../typings/api';
import { roomLabel } from '../utils/labels';
import { call } from './api';

export type Me = Wire<MeResponse>;

let current: Promise<Me> | null = null;
/** The account once fetched, for what a tap must know before it awaits anything (a subscription prompt). */
let known: Me | null = null;

export function me(): Promise<Me> {
  if (!current) {
    current = call('account.me', {});
    void current.then((m) => (known = m), () => undefined);
    // A failed fetch is not remembered: the next page asks again.
    current.catch(() => (current = null));
  }
  return current;
}

/** After binding a room, redeeming an invitation or switching the demo user. */
export function forgetMe(): void {
  current = null;
  known = null;
}

/** The account if already fetched in this launch, else null. */
export function knownMe(): Me | null {
  return known;
}

// Which screens to offer follows the server's authorization table (account.me `actions`), so the
// app never keeps a copy of the role sets.
/** 管理看板 and 月度报表. */
export function isManager(m: Me): boolean {
  return m.actions.includes('stats.monthly');
}

/** 集团看板: the company-level roles. */
export function isCompany(m: Me): boolean {
  return m.actions.includes('stats.company');
}

/** 设置: company set-up. */
export function isAdmin(m: Me): boolean {
  return m.actions.includes('admin.policy.set');
}

/** A room with its community: 阳光花园 1栋2单元301. */
export function fullRoomLabel(m: Me, room: Me['rooms'][number]): string {
  return `${m.communities.find((c) => c.id === room.communityId)?.name ?? ''} ${roomLabel(room)}`.trim();
}

/** An owner's home as the app shows it: 阳光花园 1栋2单元301 (等 2 套); empty when not bound. */
export function homeLabel(m: Me): string {
  const [first] = m.rooms;
  if (!first) return '';
  return m.rooms.length > 1 ? `${fullRoomLabel(m, first)} 等 ${m.rooms.length} 套` : fullRoomLabel(m, first);
}

/** The 客服中心 an owner calls: of the community given, else of their first room's. */
export function deskOf(m: Me, communityId?: string): Me['communities'][number]['serviceDesk'] | null {
  const id = communityId ?? m.rooms[0]?.communityId;
  return m.communities.find((c) => c.id === id)?.serviceDesk ?? null;
}
