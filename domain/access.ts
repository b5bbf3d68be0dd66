// Access follows who holds the room now (DESIGN.md "Access is decided at read time"; seed 002 标准3
// 信息保密; seed 001 第一节 业主住户: 业主, 家属 and 租户 alike). A record about a room — a complaint,
// a suggestion — names the people whose lists it belongs in (its readers: who filed it and the owner
// who invited them). Being a reader is necessary, never sufficient: a reader reaches the record only
// while their account holds its room, so a tenant the owner removed, an owner who moved out of one of
// two flats and the room's next resident each reach exactly the records of the rooms they hold now.
// The office keeps every record; only the owners' side closes.

/** A room an owner's account holds now (server/kernel/members.ts Residence carries more). */
export interface Hold {
  roomId: string;
  communityId: string;
}

/**
 * Where a record belongs. A complaint 客服 recorded from a call before its complainant had an account,
 * and linked to it before links carried the room, names no room: it belongs to its community.
 */
export interface RecordPlace {
  roomId?: string | null;
  communityId: string;
}

export function holdsPlace(holds: readonly Hold[], place: RecordPlace): boolean {
  return place.roomId ? holds.some((h) => h.roomId === place.roomId) : holds.some((h) => h.communityId === place.communityId);
}

/** An owner's access to a record: theirs while they hold its room; `moved_out` once they no longer do. */
export type OwnerAccess = 'allowed' | 'not_yours' | 'moved_out';

export function ownerAccess(openid: string, holds: readonly Hold[], readers: readonly string[], place: RecordPlace): OwnerAccess {
  if (!readers.includes(openid)) return 'not_yours';
  return holdsPlace(holds, place) ? 'allowed' : 'moved_out';
}

