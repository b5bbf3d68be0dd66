// Company set-up by administrators and the general manager: staff invitations, the duty roster and
// rooms. Every write is scoped to communities the administrator belongs to.
import { calendarGaps } from '../../domain/calendar';
import { DEFAULT_POLICY, policyProblems, type Policy } from '../../domain/policy';
import { DUTY_ROLES } from '../../domain/routing';
import type { ActionRequest, ShiftEntry } from '../../typings/api';
import { ApiError } from '../kernel/errors';
import { codeExpiry, oneTimeCode } from '../kernel/codes';
import { requireCommunities, type Caller, type Member } from '../kernel/members';
import { currentPolicy, forgetPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { endRemovedPhones } from '../kernel/residences';
import { DomainError } from '../../domain/errors';


export async function invite(deps: Deps, caller: Caller, req: ActionRequest<'admin.invite'>): Promise<{ code: string; expiresAt: string }> {
  requireCommunities(caller, req.communityIds);
  const now = deps.now();
  const code = oneTimeCode();
  const expiresAt = codeExpiry(now);
  await deps.db.collection('invitations').add({ code, role: req.role, communityIds: req.communityIds, department: req.department, name: req.name, phone: req.phone, invitedBy: caller.openid, createdAt: now, expiresAt, redeemedBy: null });
  return { code, expiresAt: expiresAt.toISOString() };
}

/** Redeem an invitation: the caller's openid becomes that staff member. One use per code. */
export async function join(deps: Deps, openid: string, req: ActionRequest<'staff.join'>): Promise<{ role: string; communityIds: string[] }> {
  const now = deps.now();
  const { data } = await deps.db.collection('invitations').where({ code: req.code }).limit(1).get();
  const inv = data[0] as { _id: string; role: string; communityIds: string[]; department: string; name: string; phone: string; expiresAt: Date; redeemedBy: string | null } | undefined;
  if (!inv || inv.redeemedBy !== null || inv.expiresAt <= now) throw new DomainError('INVITATION.INVALID', 'no valid invitation with this code');
  const { data: existing } = await deps.db.collection('members').doc(openid).get();
  if (existing[0]) throw new ApiError('FORBIDDEN', 'this WeChat account is already bound');
  // Claim the code first (compare-and-set on redeemedBy), so two people cannot both use it.
  const claimed = await deps.db.collection('invitations').where({ _id: inv._id, redeemedBy: null }).update({ redeemedBy: openid, redeemedAt: now });
  if (claimed.updated !== 1) throw new DomainError('INVITATION.USED', 'invitation already used');
  await deps.db.collection('members').doc(openid).set({ kind: 'staff', name: inv.name, phone: inv.phone, role: inv.role, communityIds: inv.communityIds, department: inv.department, active: true });
  return { role: inv.role, communityIds: inv.communityIds };
}

export async function addShifts(deps: Deps, caller: Caller, req: ActionRequest<'admin.roster.add'>): Promise<{ added: number }> {
  requireCommunities(caller, [req.communityId]);
  if (req.shifts.some((s) => s.to <= s.from)) throw new ApiError('VALIDATION', 'a shift must end after it starts');
  // Only the community's own active staff go on its roster: a shift is who gets its night alerts.
  const _ = deps.db.command;
  const staffIds = [...new Set(req.shifts.map((s) => s.staffId))];
  const { data } = await deps.db.collection('members').where({ _id: _.in(staffIds) }).limit(staffIds.length).get();
  const ours = new Set((data as Member[]).filter((m) => m.kind === 'staff' && m.active && m.communityIds.includes(req.communityId)).map((m) => m._id));
  const stranger = staffIds.find((id) => !ours.has(id));
  if (stranger) throw new ApiError('FORBIDDEN', `${stranger} is not active staff of ${req.communityId}`);
  await deps.db.collection('duty_roster').add(req.shifts.map((s) => ({ ...s, communityId: req.communityId })));
  return { added: req.shifts.length };
}

/** Shifts not yet over, soonest ending first: what the settings page shows under 排班. */
export async function listShifts(deps: Deps, caller: Caller, req: ActionRequest<'admin.roster.list'>): Promise<{ items: ShiftEntry[] }> {
  requireCommunities(caller, [req.communityId]);
  const _ = deps.db.command;
  const { data } = await deps.db
    .collection('duty_roster')
    .where({ communityId: req.communityId, role: _.in([...DUTY_ROLES]), to: _.gt(deps.now()) })
    .orderBy('to', 'asc')
    .limit(100)
    .get();
  return { items: (data as ShiftEntry[]).map(({ role, staffId, from, to }) => ({ role, staffId, from, to })) };
}

export async function upsertRooms(deps: Deps, caller: Caller, req: ActionRequest<'admin.rooms.upsert'>): Promise<{ saved: number; unbound: number }> {
  requireCommunities(caller, [req.communityId]);
  const _ = deps.db.command;
  const ids = req.rooms.map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw new ApiError('VALIDATION', 'a room appears twice');
  const { data } = await deps.db.collection('rooms').where({ _id: _.in(ids) }).limit(ids.length).get();
  const existing = data as Array<{ _id: string; communityId: string; residentPhones: string[] }>;
  // A room id names one home in one community: another community's room is never taken over.
  const foreign = existing.find((r) => r.communityId !== req.communityId);
  if (foreign) throw new ApiError('FORBIDDEN', `room ${foreign._id} belongs to another community`);
  for (const r of req.rooms) {
    await deps.db.collection('rooms').doc(r.id).set({ communityId: req.communityId, building: r.building, unit: r.unit ?? '', room: r.room, residentPhones: r.residentPhones });
  }
  // 楼栋 are records of their own, so owners pick a building before its rooms (directory.list).
  for (const name of new Set(req.rooms.map((r) => r.building))) {
    await deps.db.collection('buildings').doc(`${req.communityId}:${name}`).set({ communityId: req.communityId, name });
  }
  const after = new Map(req.rooms.map((r) => [r.id, new Set(r.residentPhones)]));
  const shrunk = existing.filter((r) => r.residentPhones.some((p) => !after.get(r._id)!.has(p)));
  return { saved: req.rooms.length, unbound: await endRemovedPhones(deps, new Map(shrunk.map((r) => [r._id, after.get(r._id)!]))) };
}

export async function getPolicy(deps: Deps): Promise<{ policy: Policy; calendarGaps: number[] }> {
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now, { fresh: true });
  // Warn when this or next year has no holiday data (DESIGN.md §3): deadlines there would ignore holidays.
  const nextYearEnd = new Date(Date.UTC(now.getUTCFullYear() + 1, 11, 31));
  return { policy, calendarGaps: calendarGaps(policy.calendar, now, nextYearEnd) };
}

export async function setPolicy(deps: Deps, caller: Caller, req: ActionRequest<'admin.policy.set'>): Promise<{ policy: Policy; calendarGaps: number[] }> {
  // Typed, not cast: the contract's schema must produce exactly a domain Policy. Targets may be left
  // out by a page that does not show them (they came after the settings page): the defaults apply.
  const policy: Policy = { ...req.policy, targets: req.policy.targets ?? DEFAULT_POLICY.targets };
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new ApiError('VALIDATION', problems.join('；'));
  await deps.db.collection('policies').doc('default').set({ ...policy, updatedBy: caller.openid, updatedAt: deps.now() });
  forgetPolicy();
  return getPolicy(deps);
}
