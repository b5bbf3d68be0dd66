// 家庭成员与租户: a registered owner invites family or a tenant to their room with a one-time code
// (or a share card carrying it), sees who holds the room and removes whom they invited. The people
// of a room file for it and the owner follows what they filed (seed 001 第一节: 业主住户，即所有人和使用人).
import crypto from 'crypto';
import type { ActionRequest, HouseholdPerson } from '../../typings/api';
import { codeExpiry, oneTimeCode } from '../kernel/codes';
import { residenceOf, type Caller, type Member } from '../kernel/members';
import type { Deps } from '../kernel/ports';
import { endHolds, holdRoom, peopleOf } from '../kernel/residences';
import { maskPhone } from '../complaints/views';
import { DomainError } from '../../domain/errors';

/** Only the registered owner (bound with the office's phone) manages who else holds the room. */
function requireRoomOwner(caller: Caller, roomId: string) {
  const residence = residenceOf(caller, roomId);
  if (residence.relation !== 'owner') throw new DomainError('HOUSEHOLD.NOT_OWNER', 'only the registered owner manages the household');
  return residence;
}

/** A person's handle toward the owner: stable, and no account id leaves the server. */
const personId = (openid: string) => crypto.createHash('sha256').update(`person:${openid}`).digest('hex').slice(0, 16);

export async function inviteToHousehold(deps: Deps, caller: Caller, req: ActionRequest<'household.invite'>): Promise<{ code: string; expiresAt: string }> {
  const residence = requireRoomOwner(caller, req.roomId);
  const now = deps.now();
  const code = oneTimeCode();
  const expiresAt = codeExpiry(now);
  await deps.db.collection('household_invitations').add({ code, roomId: req.roomId, communityId: residence.communityId, relation: req.relation, invitedBy: caller.openid, createdAt: now, expiresAt, redeemedBy: null });
  return { code, expiresAt: expiresAt.toISOString() };
}

interface HouseholdInvitation {
  _id: string;
  roomId: string;
  communityId: string;
  relation: 'family' | 'tenant';
  invitedBy: string;
  expiresAt: Date;
  redeemedBy: string | null;
}

export async function joinHousehold(deps: Deps, openid: string, req: ActionRequest<'household.join'>): Promise<{ roomId: string; communityId: string; relation: 'family' | 'tenant' }> {
  const now = deps.now();
  const [{ data }, { data: members }] = await Promise.all([
    deps.db.collection('household_invitations').where({ code: req.code }).limit(1).get(),
    deps.db.collection('members').doc(openid).get(),
  ]);
  const inv = data[0] as HouseholdInvitation | undefined;
  const member = members[0] as Member | undefined;
  if (!inv || inv.redeemedBy !== null || inv.expiresAt <= now) throw new DomainError('HOUSEHOLD.INVITATION_INVALID', 'no valid household invitation');
  if (member?.kind === 'staff') throw new DomainError('HOUSEHOLD.STAFF_ACCOUNT', 'staff accounts do not join households');
  if (member?.rooms?.some((r) => r.roomId === inv.roomId)) throw new DomainError('HOUSEHOLD.ALREADY_HELD', 'already holds this room');
  // The inviting owner must still hold the room: an invitation does not outlive its owner's binding.
  const inviter = (await peopleOf(deps, [inv.roomId])).find((m) => m._id === inv.invitedBy && m.rooms?.some((r) => r.roomId === inv.roomId && r.relation === 'owner'));
  if (!inviter) throw new DomainError('HOUSEHOLD.INVITER_GONE', 'the inviting owner no longer holds the room');
  // Claim the code first (compare-and-set), so one code admits one person.
  const claimed = await deps.db.collection('household_invitations').where({ _id: inv._id, redeemedBy: null }).update({ redeemedBy: openid, redeemedAt: now });
  if (claimed.updated !== 1) throw new DomainError('INVITATION.USED', 'invitation already used');
  await holdRoom(deps, openid, member, { name: req.name, phone: req.phone }, { roomId: inv.roomId, communityId: inv.communityId, relation: inv.relation, phone: req.phone, invitedBy: inv.invitedBy, since: now });
  return { roomId: inv.roomId, communityId: inv.communityId, relation: inv.relation };
}

export async function listHousehold(deps: Deps, caller: Caller, req: ActionRequest<'household.list'>): Promise<{ items: HouseholdPerson[] }> {
  requireRoomOwner(caller, req.roomId);
  const people = await peopleOf(deps, [req.roomId]);
  const items = people.flatMap((m) =>
    (m.rooms ?? [])
      .filter((r) => r.roomId === req.roomId)
      .map((r) => ({ personId: personId(m._id), name: m.name, relation: r.relation, phone: m._id === caller.openid ? r.phone : maskPhone(r.phone), you: m._id === caller.openid })),
  );
  const order = { owner: 0, family: 1, tenant: 2 } as const;
  return { items: items.sort((a, b) => order[a.relation] - order[b.relation] || a.name.localeCompare(b.name, 'zh')) };
}

export async function removeFromHousehold(deps: Deps, caller: Caller, req: ActionRequest<'household.remove'>): Promise<{ removed: boolean }> {
  requireRoomOwner(caller, req.roomId);
  const people = await peopleOf(deps, [req.roomId]);
  const person = people.find((m) => personId(m._id) === req.personId);
  const residence = person?.rooms?.find((r) => r.roomId === req.roomId);
  if (!person || !residence) throw new DomainError('HOUSEHOLD.PERSON_GONE', 'no such person in the room');
  // Registered owners come and go with the office's roll (their registered phone), not by each other.
  if (residence.relation === 'owner') throw new DomainError('HOUSEHOLD.OWNER_KEPT_BY_OFFICE', 'registered owners are kept by the office');
  const ended = await endHolds(deps, [person], (m, r) => m._id === person._id && r.roomId === req.roomId);
  return { removed: ended > 0 };
}
