// The audience walker: the residents a mass message goes to (a notice's area, a survey's community),
// read a page at a time by declared indexes in `_id` order, so an audience of any size is addressed
// across scheduler runs (server/kernel/scheduler.ts keeps the walk's position in the outbox entry). A
// resident is every account holding a room there now — registered owner, family or tenant (seed 001
// 第一节 业主住户) — and only those who accepted the message's template are named: the others see it
// on 首页, not a failed send each (wechat-platform.md: one-time credits).
import { idPage } from './keyset';
import type { Member } from './members';
import type { Deps } from './ports';

export interface AudiencePage {
  people: string[];
  /** Where the next page starts; null: the audience is done. */
  next: string | null;
}

/**
 * Accounts read per page of a community's members: one indexed read and one read of their credits,
 * every read under a query's 1,000 documents however large the community.
 */
export const RESIDENT_PAGE = 500;
/** Rooms read per page of a building: a room has a handful of people at most, so its members stay far under 1,000. */
const ROOM_PAGE = 200;

/** Those of `people` holding a credit for `templateId` (our ledger, server/company/account.ts). */
async function withCredit(deps: Deps, people: string[], templateId: string): Promise<string[]> {
  if (people.length === 0) return [];
  const { data } = await deps.db
    .collection('credits')
    .where({ openid: deps.db.command.in(people), templateId })
    .field({ openid: true, count: true })
    .limit(1000)
    .get();
  return (data as Array<{ openid: string; count: number }>).filter((c) => c.count > 0).map((c) => c.openid);
}

const active = (docs: unknown[]) => [...new Set((docs as Array<Pick<Member, '_id' | 'active'>>).filter((m) => m.active).map((m) => m._id))];

/** One page of a community's residents after `after` (members by (communityIds, role, _id)). */
export async function communityResidents(deps: Deps, communityId: string, after: string | null, templateId: string): Promise<AudiencePage> {
  const page = await idPage(deps, 'members', { communityIds: communityId, role: 'owner' }, after, RESIDENT_PAGE, { _id: true, active: true });
  return { people: await withCredit(deps, active(page.docs), templateId), next: page.next };
}

/**
 * Where a walk of buildings stands: the index of the building being read and the last room id read
 * in it (`<index>|<roomId>`).
 */
function parseProgress(after: string | null): { building: number; id: string | null } {
  if (after === null) return { building: 0, id: null };
  const bar = after.indexOf('|');
  return { building: Number(after.slice(0, bar)), id: after.slice(bar + 1) || null };
}

/** One page of the residents of some buildings, one building after another (rooms by (communityId, building, _id)). */
export async function buildingResidents(deps: Deps, communityId: string, buildings: readonly string[], after: string | null, templateId: string): Promise<AudiencePage> {
  const at = parseProgress(after);
  const building = buildings[at.building];
  if (building === undefined) return { people: [], next: null };
  const page = await idPage(deps, 'rooms', { communityId, building }, at.id, ROOM_PAGE, { _id: true });
  const next = page.next !== null ? `${at.building}|${page.next}` : at.building + 1 < buildings.length ? `${at.building + 1}|` : null;
  if (page.docs.length === 0) return { people: [], next };
  const { data } = await deps.db
    .collection('members')
    .where({ roomIds: deps.db.command.in(page.docs.map((r) => r._id)) })
    .field({ _id: true, active: true })
    .limit(1000)
    .get();
  return { people: await withCredit(deps, active(data), templateId), next };
}
