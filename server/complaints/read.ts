// Reading complaints: the owner's list, a complaint's detail and its earlier timeline, each scoped to what the caller may
// see, through the explicit views of server/complaints/views.ts (seed 002 标准3 信息保密).
import { OPEN_STATUSES, type Status } from '../../domain/model';
import type { ActionRequest, ComplaintCard, ComplaintDetail, TimelinePage } from '../../typings/api';
import { canSee, heldRoomIds } from '../kernel/access';
import { detailOf, earlierTimelineOf } from './views';
import { cardPage } from './cards';
import { complaints } from './store';
import { ApiError } from '../kernel/errors';
import { isStaff, type Caller } from '../kernel/members';
import type { Deps } from '../kernel/ports';

const STATUS_GROUPS: Record<'open' | 'resolved' | 'closed', Status[]> = {
  open: [...OPEN_STATUSES],
  resolved: ['resolved'],
  closed: ['closed'],
};

export async function mine(deps: Deps, caller: Caller, req: ActionRequest<'complaint.mine'>): Promise<{ items: ComplaintCard[]; next: string | null }> {
  const _ = deps.db.command;
  // Theirs, and what the family and tenants they invited filed (complaints' `readers`), of the rooms
  // they hold now: a room they left is not read at all (server/kernel/access.ts).
  const where: Record<string, unknown> = { readers: caller.openid, 'complainant.roomId': _.in(heldRoomIds(caller)) };
  if (req.status !== 'all') where.status = _.in(STATUS_GROUPS[req.status]);
  return cardPage(deps, where, { field: 'submittedAt', direction: 'desc' }, req.cursor, req.limit, caller.openid);
}

export async function detail(deps: Deps, caller: Caller, req: ActionRequest<'complaint.detail'>): Promise<ComplaintDetail> {
  const { state: complaint } = await complaints.load(deps.db, req.id);
  canSee(caller, complaint);
  return detailOf(deps, caller, complaint);
}

/** 查看更早的记录: the same reader's view of the entries before the ones already shown. */
export async function earlierTimeline(deps: Deps, caller: Caller, req: ActionRequest<'complaint.timeline'>): Promise<TimelinePage> {
  const { state: complaint } = await complaints.load(deps.db, req.id);
  canSee(caller, complaint);
  return earlierTimelineOf(deps, caller, complaint, req.before);
}

/**
 * The assigned handler may see the owner's full number to call them; every reveal is logged
 * (seed 003 (11), DESIGN.md §1 privacy & integrity).
 */
export async function revealPhone(deps: Deps, caller: Caller, req: ActionRequest<'complaint.revealPhone'>): Promise<{ phone: string }> {
  const { state: complaint } = await complaints.load(deps.db, req.id);
  canSee(caller, complaint);
  if (!isStaff(caller) || complaint.handlerId !== caller.openid || complaint.status === 'closed') {
    throw new ApiError('FORBIDDEN', 'only the assigned handler of an open complaint may reveal the phone number');
  }
  await deps.db.collection('access_log').add({ complaintId: complaint.id, staffId: caller.openid, what: 'complainant.phone', at: deps.now() });
  return { phone: complaint.complainant.phone };
}
