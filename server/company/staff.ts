// 员工管理 by administrators: a community's staff with their open work; changing a member's role,
// department or communities; deactivating them. A deactivated member keeps their history, and their
// open tasks go back to their department's queue for the head to reassign (seed 003 (5)a).
import { ROLES, type Role } from '../../domain/model';
import { COMMUNITY_CAP, COMPANY_ROLES, TOO_MANY_COMMUNITIES, type ActionRequest, type StaffAdminEntry } from '../../typings/api';
import { ADMINISTRATORS } from '../kernel/authorization';
import { updateComplaint } from '../complaints/store';
import { requireCommunities, requireCommunity, type Caller, type Member } from '../kernel/members';
import type { Deps } from '../kernel/ports';
import { maskPhone } from '../complaints/views';
import { DomainError } from '../../domain/errors';
import { RELEASE_REASONS } from './views';

const STAFF_ROLES = ROLES.filter((r) => r !== 'owner');
/** Statuses in which a complaint is in a handler's hands (resolved ones wait for the owner or 客服). */
const IN_HAND = ['assigned', 'accepted', 'investigated', 'awaiting_approval', 'in_progress'];
/** One estate's staff fit in one read; a handler's open tasks in one more. */
const LIMIT = 1000;

export async function listStaffAdmin(deps: Deps, caller: Caller, req: ActionRequest<'admin.staff.list'>): Promise<{ items: StaffAdminEntry[] }> {
  requireCommunity(caller, req.communityId);
  const _ = deps.db.command;
  const { data } = await deps.db.collection('members').where({ communityIds: req.communityId, role: _.in(STAFF_ROLES) }).limit(LIMIT).get();
  const staff = data as Member[];
  // One indexed count per member (handler, status): bounded by the community's staff, not its complaints.
  const open = await Promise.all(staff.map((m) => deps.db.collection('complaints').where({ handlerId: m._id, status: _.in(IN_HAND) }).count()));
  const items = staff.map((m, i) => ({
    id: m._id,
    name: m.name,
    role: m.role,
    department: m.department ?? null,
    communityIds: m.communityIds,
    active: m.active,
    phone: maskPhone(m.phone),
    openTasks: open[i]!.total ?? 0,
  }));
  // Active first, then by role as the company is organised, then by name.
  items.sort((a, b) => Number(b.active) - Number(a.active) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name, 'zh'));
  return { items };
}

const administers = (role: Role) => ADMINISTRATORS.includes(role);

export async function updateStaff(deps: Deps, caller: Caller, req: ActionRequest<'admin.staff.update'>): Promise<{ updated: boolean; released: number }> {
  const { data } = await deps.db.collection('members').doc(req.staffId).get();
  const member = data[0] as Member | undefined;
  if (!member || member.kind !== 'staff') throw new DomainError('STAFF.NOT_FOUND', 'no such staff member');
  // An administrator manages staff of their own communities, and moves them only among those.
  requireCommunities(caller, [...member.communityIds, ...(req.communityIds ?? [])]);
  // Past COMMUNITY_CAP communities only for a company-level role — the one they will hold after this change.
  const role = req.role ?? member.role;
  if ((req.communityIds?.length ?? 0) > COMMUNITY_CAP && !(COMPANY_ROLES as readonly string[]).includes(role)) throw new DomainError(TOO_MANY_COMMUNITIES, `${role} may hold at most ${COMMUNITY_CAP} communities`);
  const deactivating = member.active && req.active === false;
  const losesAdministration = administers(member.role) && member.active && (deactivating || (req.role !== undefined && !administers(req.role)));
  if (req.staffId === caller.openid && (deactivating || (req.role !== undefined && req.role !== member.role) || req.communityIds !== undefined)) {
    throw new DomainError('STAFF.SELF', 'administrators do not demote, move or deactivate themselves');
  }
  if (losesAdministration) {
    const _ = deps.db.command;
    const { total } = await deps.db.collection('members').where({ role: _.in([...ADMINISTRATORS]), active: true }).count();
    if ((total ?? 0) <= 1) throw new DomainError('STAFF.LAST_ADMINISTRATOR', 'the last administrator');
  }
  const { staffId: _id, ...changes } = req;
  const { updated } = await deps.db.collection('members').doc(req.staffId).update(changes);
  // Work the member can no longer do goes back to the department: all of it when deactivated, that
  // of communities they leave otherwise.
  const left = req.communityIds ? member.communityIds.filter((c) => !req.communityIds!.includes(c)) : [];
  const released = deactivating ? await releaseTasks(deps, member, null, RELEASE_REASONS.deactivated) : left.length ? await releaseTasks(deps, member, left, RELEASE_REASONS.moved) : 0;
  return { updated: updated === 1, released };
}

/** Return `member`'s tasks (in `communities`, or all) to their department's queue, one timeline entry each. */
async function releaseTasks(deps: Deps, member: Member, communities: string[] | null, reason: string): Promise<number> {
  const _ = deps.db.command;
  const { data } = await deps.db.collection('complaints').where({ handlerId: member._id, status: _.in(IN_HAND) }).limit(LIMIT).get();
  const tasks = (data as Array<{ _id: string; communityId: string }>).filter((c) => communities === null || communities.includes(c.communityId));
  // Each through the lifecycle (compare-and-set): one taken meanwhile by someone else is left alone.
  await Promise.all(tasks.map((t) => updateComplaint(deps, t._id, (c) => (c.handlerId === member._id && IN_HAND.includes(c.status) ? { type: 'release_handler', reason } : null))));
  return tasks.length;
}
