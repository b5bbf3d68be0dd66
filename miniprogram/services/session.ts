// Who is using the app (account.me), fetched once per launch and after binding or switching user.
import type { MeResponse, Wire } from '../../typings/api';
import { roomLabel } from '../utils/labels';
import { call } from './api';

export type Me = Wire<MeResponse>;

let current: Promise<Me> | null = null;

export function me(): Promise<Me> {
  if (!current) {
    current = call('account.me', {});
    // A failed fetch is not remembered: the next page asks again.
    current.catch(() => (current = null));
  }
  return current;
}

/** After binding a room, redeeming an invitation or switching the demo user. */
export function forgetMe(): void {
  current = null;
}

const MANAGER_ROLES = ['department_head', 'duty_manager', 'general_manager', 'admin'];

export function isManager(m: Me): boolean {
  return m.role !== null && MANAGER_ROLES.includes(m.role);
}

export function isAdmin(m: Me): boolean {
  return m.role === 'admin' || m.role === 'general_manager';
}

/** An owner's home as the app shows it: 阳光花园 1栋2单元301; empty when not bound. */
export function homeLabel(m: Me): string {
  return m.room ? `${m.communities[0]?.name ?? ''} ${roomLabel(m.room)}` : '';
}
