// 小区与楼栋 on the administrator's screen: create and rename communities and buildings, the
// households the monthly visit target follows (seed 002 §6), and the 客服中心 phone and hours owners
// see on the home page, in the submit reply and on every complaint (seed 000 §(一) 联系方式).
import crypto from 'crypto';
import { DomainError } from '../../domain/errors';
import { visitTarget } from '../../domain/statistics';
import type { ActionRequest, CommunityEntry } from '../../typings/api';
import { forgetCommunity, type Community } from './communities-store';
import { requireCommunities, requireCommunity, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';

/** More buildings than any estate has; one read. */
const BUILDINGS_LIMIT = 1000;

export async function listCommunities(deps: Deps, caller: Caller): Promise<{ items: CommunityEntry[] }> {
  const _ = deps.db.command;
  const ids = caller.member.communityIds;
  const [{ data }, buildings, policy] = await Promise.all([
    deps.db.collection('communities').where({ _id: _.in(ids) }).limit(ids.length).get(),
    deps.db.collection('buildings').where({ communityId: _.in(ids) }).limit(BUILDINGS_LIMIT).get(),
    currentPolicy(deps.db, deps.now()),
  ]);
  const named = buildings.data as Array<{ communityId: string; name: string }>;
  // Rooms per building: one indexed count each (community, building), bounded by the buildings.
  const rooms = await Promise.all(named.map((b) => deps.db.collection('rooms').where({ communityId: b.communityId, building: b.name }).count()));
  const items = (data as Community[]).map((c) => ({
    id: c._id,
    name: c.name,
    households: c.households,
    visitTarget: visitTarget(policy, c.households),
    serviceDesk: { phone: c.serviceDesk?.phone ?? '', hours: c.serviceDesk?.hours ?? '' },
    buildings: named
      .map((b, i) => ({ communityId: b.communityId, name: b.name, rooms: rooms[i]!.total ?? 0 }))
      .filter((b) => b.communityId === c._id)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh', { numeric: true }))
      .map(({ name, rooms: n }) => ({ name, rooms: n })),
  }));
  return { items: items.sort((a, b) => a.name.localeCompare(b.name, 'zh')) };
}

/** Create a community (no id: it joins the creator's communities) or change one of the caller's. */
export async function upsertCommunity(deps: Deps, caller: Caller, req: ActionRequest<'admin.community.upsert'>): Promise<{ id: string; visitTarget: number }> {
  const creating = req.id === undefined;
  const id = req.id ?? `c-${crypto.randomBytes(6).toString('hex')}`;
  if (!creating) requireCommunity(caller, id);
  const communities = deps.db.collection('communities');
  const before = creating ? undefined : ((await communities.doc(id).get()).data[0] as Community | undefined);
  const serviceDesk = req.serviceDesk ?? before?.serviceDesk ?? { phone: '', hours: '' };
  await communities.doc(id).set({ name: req.name, households: req.households, serviceDesk });
  forgetCommunity(id);
  if (creating) await deps.db.collection('members').doc(caller.openid).update({ communityIds: [...caller.member.communityIds, id] });
  const policy = await currentPolicy(deps.db, deps.now());
  return { id, visitTarget: visitTarget(policy, req.households) };
}

/** Add a building, or rename one together with its rooms (complaints keep the address they were filed with). */
export async function saveBuilding(deps: Deps, caller: Caller, req: ActionRequest<'admin.building.save'>): Promise<{ rooms: number }> {
  requireCommunities(caller, [req.communityId]);
  const buildings = deps.db.collection('buildings');
  const docOf = (name: string) => buildings.doc(`${req.communityId}:${name}`);
  const exists = async (name: string) => (await docOf(name).get()).data.length > 0;
  if (req.renameFrom === undefined || req.renameFrom === req.name) {
    await docOf(req.name).set({ communityId: req.communityId, name: req.name });
    return { rooms: 0 };
  }
  if (!(await exists(req.renameFrom))) throw new DomainError('BUILDING.NOT_FOUND', `no building ${req.renameFrom}`, { name: req.renameFrom });
  if (await exists(req.name)) throw new DomainError('BUILDING.EXISTS', `building ${req.name} exists`, { name: req.name });
  await docOf(req.name).set({ communityId: req.communityId, name: req.name });
  const { updated } = await deps.db.collection('rooms').where({ communityId: req.communityId, building: req.renameFrom }).update({ building: req.name });
  await docOf(req.renameFrom).remove();
  return { rooms: updated ?? 0 };
}
