// Who is calling: one read of `members` (keyed by openid) gives the role and the communities the
// caller may see. Owners are bound to a room; staff are bound by invitation (issue 4, admin actions).
import type { Actor, Relation, Role } from '../../domain/model';
import { ApiError } from './errors';
import type { Database } from './ports';
import { DomainError } from '../../domain/errors';

/** A room a person holds: the registered owner (bound with the office's phone) or whom they invited. */
export interface Residence {
  roomId: string;
  communityId: string;
  relation: Relation;
  /** The registered phone that opened it (owners), or the phone the invited person gave. */
  phone: string;
  /** The owner who invited this person (family, tenants); null for the registered owner. */
  invitedBy: string | null;
  since: Date;
}

export interface Member {
  _id: string;
  kind: 'owner' | 'staff';
  name: string;
  phone: string;
  role: Role;
  communityIds: string[];
  department?: string;
  /** Owners' rooms: one account may hold several, and one room has several people (issue 13). */
  rooms?: Residence[];
  active: boolean;
  lastAssignedAt?: Date | null;
  /** When the owner last opened the notice list: newer notices carry the 首页 unread marker. */
  noticesSeenAt?: Date;
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

/** Administrators act only within their own communities. */
export function requireCommunities(c: Caller, communityIds: string[]): void {
  communityIds.forEach((id) => requireCommunity(c, id));
}

/** The caller's hold on a room, or a refusal naming it. */
export function residenceOf(c: Caller, roomId: string): Residence {
  const r = c.member.rooms?.find((x) => x.roomId === roomId);
  if (!r) throw new DomainError('ACCESS.ROOM_NOT_BOUND', `not a resident of room ${roomId}`);
  return r;
}

/** A role in one community holds a few people: a message to it reads at most this many. */
const ROLE_HOLDERS = 20;

/**
 * The active people in `role` of a community (of a department, when given) — whom a message to the
 * role goes to. One read by the (community, role, department) index; deactivated staff keep their
 * record but receive nothing.
 */
export async function roleHolders(db: Database, communityId: string, role: Role, department: string | null = null): Promise<string[]> {
  const where: Record<string, unknown> = { communityIds: communityId, role };
  if (department) where.department = department;
  const { data } = await db.collection('members').where(where).limit(ROLE_HOLDERS).get();
  return (data as Member[]).filter((m) => m.active).map((m) => m._id);
}
