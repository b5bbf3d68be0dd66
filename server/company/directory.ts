// Directories, each one indexed read: 小区 → 楼栋 → 房屋 for an owner binding a room (places only;
// residents' phones never leave the server), and a community's staff for naming a handler or a shift.
import { buildingLabel, roomInBuildingLabel } from '../../domain/households';
import { ROLES } from '../../domain/model';
import type { ActionRequest, DirectoryResponse, StaffEntry } from '../../typings/api';
import { requireCommunity, type Caller, type Member } from '../kernel/members';
import type { Deps } from '../kernel/ports';

/** More than any one building or estate has; a page is one read. */
const LIMIT = 1000;

export async function listDirectory(deps: Deps, _openid: string, req: ActionRequest<'directory.list'>): Promise<DirectoryResponse> {
  if (!req.communityId) {
    const { data } = await deps.db.collection('communities').limit(100).get();
    return { level: 'communities', items: (data as Array<{ _id: string; name: string }>).map((c) => ({ id: c._id, label: c.name })) };
  }
  if (!req.building) {
    const { data } = await deps.db.collection('buildings').where({ communityId: req.communityId }).orderBy('name', 'asc').limit(LIMIT).get();
    return { level: 'buildings', items: (data as Array<{ name: string }>).map((b) => ({ id: b.name, label: buildingLabel(b.name) })) };
  }
  const { data } = await deps.db
    .collection('rooms')
    .where({ communityId: req.communityId, building: req.building })
    .orderBy('room', 'asc')
    .limit(LIMIT)
    .get();
  const rooms = data as Array<{ _id: string; unit?: string; room: string }>;
  return { level: 'rooms', items: rooms.map((r) => ({ id: r._id, label: roomInBuildingLabel(r), unit: r.unit ?? '', room: r.room })) };
}

const STAFF_ROLES = ROLES.filter((r) => r !== 'owner');

/** The community's active staff (a department's, if given): whom a complaint or a shift can name. */
export async function listStaff(deps: Deps, caller: Caller, req: ActionRequest<'staff.list'>): Promise<{ items: StaffEntry[] }> {
  requireCommunity(caller, req.communityId);
  const _ = deps.db.command;
  const where: Record<string, unknown> = { communityIds: req.communityId, role: _.in(STAFF_ROLES) };
  if (req.department) where.department = req.department;
  const { data } = await deps.db.collection('members').where(where).limit(LIMIT).get();
  // Deactivated staff keep their record (and history) but are nobody to name: filtered here, as the
  // index covers community, role and department only.
  return { items: (data as Member[]).filter((m) => m.active).map((m) => ({ id: m._id, name: m.name, role: m.role, department: m.department ?? null })) };
}
