// Who holds which room: an owner's account may hold several rooms, and a room several people (the
// registered owners and the family and tenants they invite). Every change of an owner's rooms goes
// through here, so the fields found by index (`roomIds`, `communityIds`) always follow `rooms`.
import type { Deps } from './ports';
import type { Member, Residence } from './members';

/** The member document's fields that follow from its rooms. */
export function roomFields(rooms: Residence[]): Pick<Member, 'rooms' | 'communityIds'> & { roomIds: string[] } {
  return { rooms, roomIds: rooms.map((r) => r.roomId), communityIds: [...new Set(rooms.map((r) => r.communityId))] };
}

/** Give `openid` a room (replacing an earlier hold on the same room); creates the owner account if new. */
export async function holdRoom(deps: Deps, openid: string, existing: Member | undefined, person: { name: string; phone: string }, residence: Residence): Promise<void> {
  const rooms = [...(existing?.rooms ?? []).filter((r) => r.roomId !== residence.roomId), residence];
  await deps.db
    .collection('members')
    .doc(openid)
    .set({ kind: 'owner', role: 'owner', active: true, name: existing?.name || person.name, phone: existing?.phone || person.phone, ...roomFields(rooms) });
}

/** People in one room at most (owners, family, tenants): one read finds them all. */
export const ROOM_PEOPLE_LIMIT = 100;

/** Everyone holding any of `roomIds`, for the room's owners and for ending holds. */
export async function peopleOf(deps: Deps, roomIds: string[]): Promise<Member[]> {
  if (roomIds.length === 0) return [];
  const _ = deps.db.command;
  const { data } = await deps.db.collection('members').where({ roomIds: _.in(roomIds) }).limit(1000).get();
  return data as Member[];
}

type Ends = (m: Member, r: Residence) => boolean;

/**
 * The holds `ends` selects (a phone removed from a room, a room removed from the roll, a member
 * removed by the owner, an owner moving out) — and with an owner's hold, those of the family and
 * tenants they invited to that room.
 */
export function endingHolds(people: Member[], ends: Ends): Ends {
  const endedOwners = new Set(people.flatMap((m) => (m.rooms ?? []).filter((r) => r.relation === 'owner' && ends(m, r)).map((r) => `${r.roomId}:${m._id}`)));
  return (m, r) => ends(m, r) || (r.invitedBy !== null && endedOwners.has(`${r.roomId}:${r.invitedBy}`));
}

/**
 * End the holds `ends` selects (endingHolds). An account left with no room is removed; its complaints
 * stay. Returns how many holds ended.
 */
export async function endHolds(deps: Deps, people: Member[], ends: Ends): Promise<number> {
  const gone = endingHolds(people, ends);
  let ended = 0;
  await Promise.all(
    people.map(async (m) => {
      const rooms = m.rooms ?? [];
      const kept = rooms.filter((r) => !gone(m, r));
      if (kept.length === rooms.length) return;
      ended += rooms.length - kept.length;
      const member = deps.db.collection('members').doc(m._id);
      await (kept.length === 0 ? member.remove() : member.update(roomFields(kept)));
    }),
  );
  return ended;
}

/**
 * Rooms whose registered phones the office changed (the phones kept), or removed (null): a removed
 * phone no longer opens the home, so the owners bound with it lose the room, with the family and
 * tenants they invited; a removed room ends every hold on it (PIPL; seed 002 标准3). Their
 * complaints stay on record.
 */
export function removedPhoneHolds(rooms: Map<string, Set<string> | null>): Ends {
  return (_m, r) => {
    if (!rooms.has(r.roomId)) return false;
    const phones = rooms.get(r.roomId);
    return phones === null || (r.relation === 'owner' && !phones!.has(r.phone));
  };
}

/** End the holds removedPhoneHolds selects. Returns how many holds ended. */
export async function endRemovedPhones(deps: Deps, rooms: Map<string, Set<string> | null>): Promise<number> {
  return endHolds(deps, await peopleOf(deps, [...rooms.keys()]), removedPhoneHolds(rooms));
}
