// Who is calling: one read of `members` (keyed by openid) gives the role and the communities the
// caller may see. Owners are bound to a room; staff are bound by invitation (issue 4, admin actions).
import type { Actor, Role } from '../domain/model';
import { ApiError } from './errors';
import type { Database } from './ports';

export interface Member {
  _id: string;
  kind: 'owner' | 'staff';
  name: string;
  phone: string;
  role: Role;
  communityIds: string[];
  department?: string;
  roomId?: string;
  active: boolean;
  lastAssignedAt?: Date | null;
  openLoad?: number;
}

export interface Caller {
  openid: string;
  member: Member;
  actor: Actor;
}

export async function resolveCaller(db: Database, openid: string): Promise<Caller> {
  if (!openid) throw new ApiError('NOT_SIGNED_IN');
  const { data } = await db.collection('members').doc(openid).get();
  const member = data[0] as Member | undefined;
  if (!member || !member.active) throw new ApiError('NOT_BOUND', 'no active member for this openid');
  return { openid, member, actor: { role: member.role, id: member.kind === 'owner' ? openid : member._id, name: member.name } };
}

export function isStaff(c: Caller): boolean {
  return c.member.kind === 'staff';
}

/** Staff see only their communities (DESIGN.md §1 privacy & integrity). */
export function requireCommunity(c: Caller, communityId: string): void {
  if (!c.member.communityIds.includes(communityId)) throw new ApiError('FORBIDDEN', `not a member of community ${communityId}`);
}
