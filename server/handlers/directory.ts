// The directory an owner binds from: 小区 → 楼栋 → 房屋, one level per call, each one indexed read.
// It names places only; residents' phones never leave the server (owner.bind checks them).
import type { ActionRequest, DirectoryResponse } from '../../typings/api';
import type { Deps } from '../ports';

/** More than any one building or estate has; a page is one read. */
const LIMIT = 1000;

export async function listDirectory(deps: Deps, _openid: string, req: ActionRequest<'directory.list'>): Promise<DirectoryResponse> {
  if (!req.communityId) {
    const { data } = await deps.db.collection('communities').limit(100).get();
    return { level: 'communities', items: (data as Array<{ _id: string; name: string }>).map((c) => ({ id: c._id, label: c.name })) };
  }
  if (!req.building) {
    const { data } = await deps.db.collection('buildings').where({ communityId: req.communityId }).orderBy('name', 'asc').limit(LIMIT).get();
    return { level: 'buildings', items: (data as Array<{ name: string }>).map((b) => ({ id: b.name, label: `${b.name}栋` })) };
  }
  const { data } = await deps.db
    .collection('rooms')
    .where({ communityId: req.communityId, building: req.building })
    .orderBy('room', 'asc')
    .limit(LIMIT)
    .get();
  const rooms = data as Array<{ _id: string; unit?: string; room: string }>;
  return { level: 'rooms', items: rooms.map((r) => ({ id: r._id, label: r.unit ? `${r.unit}单元 ${r.room}` : r.room })) };
}
