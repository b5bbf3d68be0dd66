// Staff inboxes: 待受理 / 待我处理 / 本部门 / 即将超时 / 已超时 / 待审批 / 待回访, each one indexed query
// over the caller's communities, one page at a time (keyset on (key, _id): the next page starts
// after the last item shown, so pages stay cheap however deep and ties at a boundary are kept).
import { OPEN_STATUSES } from '../../domain/model';
import type { ActionRequest, ComplaintCard, InboxView } from '../../typings/api';
import { INBOX_VIEWS } from '../../typings/api';
import { ApiError } from '../kernel/errors';
import { cardPage } from './cards';
import { requireCommunity, type Caller } from '../kernel/members';
import type { Deps } from '../kernel/ports';

/** "Due soon" looks this far ahead. */
const DUE_SOON_MS = 4 * 3_600_000;

interface Query {
  where: Record<string, unknown>;
  /** Newest first by submission, or most urgent first by the running deadline. */
  order: 'submittedAt' | 'dueAt';
}

function queryFor(deps: Deps, caller: Caller, view: InboxView, communities: string[], now: Date): Query {
  const _ = deps.db.command;
  const community = { communityId: _.in(communities) };
  switch (view) {
    case 'to_triage':
      // By the response deadline, which intake set from the urgency it suggested: the overdue first,
      // then the urgent (15 minutes) ahead of the rest, not merely the newest.
      return { where: { ...community, status: 'submitted' }, order: 'dueAt' };
    case 'mine':
      return { where: { handlerId: caller.openid, status: _.in([...OPEN_STATUSES]) }, order: 'submittedAt' };
    case 'department':
      if (!caller.member.department) throw new ApiError('FORBIDDEN', 'no department');
      return { where: { ...community, department: caller.member.department, status: _.in([...OPEN_STATUSES]) }, order: 'submittedAt' };
    case 'due_soon':
      return { where: { ...community, dueAt: _.gte(now).and(_.lte(new Date(now.getTime() + DUE_SOON_MS))) }, order: 'dueAt' };
    case 'overdue':
      return { where: { ...community, dueAt: _.lt(now) }, order: 'dueAt' };
    case 'awaiting_approval':
      return { where: { ...community, status: 'awaiting_approval' }, order: 'submittedAt' };
    case 'awaiting_reply':
      return { where: { ...community, status: 'resolved', awaitingReply: true }, order: 'submittedAt' };
    case 'awaiting_callback':
      return { where: { ...community, status: 'resolved', callbackRequested: true }, order: 'submittedAt' };
  }
}

function scope(caller: Caller, communityId?: string): string[] {
  if (communityId) {
    requireCommunity(caller, communityId);
    return [communityId];
  }
  return caller.member.communityIds;
}

export async function list(deps: Deps, caller: Caller, req: ActionRequest<'inbox.list'>): Promise<{ items: ComplaintCard[]; next: string | null }> {
  const now = deps.now();
  const q = queryFor(deps, caller, req.view, scope(caller, req.communityId), now);
  // Newest submissions first, or the earliest running deadline (the indexed dueAt) first.
  const order = q.order === 'submittedAt' ? ({ field: 'submittedAt', direction: 'desc' } as const) : ({ field: 'dueAt', direction: 'asc' } as const);
  return cardPage(deps, q.where, order, req.cursor, req.limit);
}

export async function counts(deps: Deps, caller: Caller, req: ActionRequest<'inbox.counts'>): Promise<Record<InboxView, number>> {
  const now = deps.now();
  const communities = scope(caller, req.communityId);
  const views = INBOX_VIEWS.filter((v) => v !== 'department' || caller.member.department);
  const totals = await Promise.all(views.map((v) => deps.db.collection('complaints').where(queryFor(deps, caller, v, communities, now).where).count()));
  return Object.fromEntries(INBOX_VIEWS.map((v) => [v, totals[views.indexOf(v)]?.total ?? 0])) as Record<InboxView, number>;
}
