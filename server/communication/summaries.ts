// 业户沟通总结 (seed 002 职责: 客户服务主管…做好每月的业户沟通总结; 管理处主任…审阅): read a community-month's
// summary with its figures, edit and submit it (客户服务主管), approve or return it (管理处主任, not the
// author). Writes go through the versioned store's compare-and-set loop.
import { localDate } from '../../domain/calendar';
import { decideSummary, draftDue, scheduledSummary, summaryId, type SummaryActor, type SummaryCommand } from '../../domain/summaries';
import { monthKey } from '../../domain/calendar';
import { DIRECTOR_ROLES, isCustomerServiceHead } from '../../domain/visits';
import type { ActionRequest, SummaryView } from '../../typings/api';
import { requireCommunity, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { monthEnd, summaries, summaryFigures, type StoredSummary } from './summaries-store';

const actorOf = (caller: Caller): SummaryActor => ({ id: caller.actor.id, name: caller.member.name, role: caller.member.role, department: caller.member.department });

async function viewOf(deps: Deps, caller: Caller, s: StoredSummary, year: number, month: number): Promise<SummaryView> {
  const actor = actorOf(caller);
  return {
    month: s.month,
    status: s.status,
    text: s.text,
    authorName: s.authorName,
    figures: s.figures ?? (await summaryFigures(deps, caller, s.communityId, year, month)),
    history: s.history.map((h) => ({ at: h.at, byName: h.byName, action: h.action, comment: h.comment })),
    canEdit: isCustomerServiceHead(actor.role, actor.department) && (s.status === 'draft' || s.status === 'returned'),
    canReview: DIRECTOR_ROLES.includes(actor.role) && s.status === 'submitted' && s.authorId !== actor.id,
  };
}

/**
 * The stored summary; a month that ended before the scheduler scheduled it (e.g. before this feature)
 * is drafted now, once (an idempotent insert); a month still running is shown as scheduled, unsaved.
 */
async function summaryOf(deps: Deps, communityId: string, month: string): Promise<StoredSummary> {
  const now = deps.now();
  const stored = await summaries.find(deps.db, summaryId(communityId, month));
  if (stored) return stored.state;
  const scheduled = { ...scheduledSummary(communityId, month, monthEnd(month)), figures: null };
  const drafted = draftDue(scheduled, now);
  if (!drafted) return scheduled;
  await summaries.insert(deps.db, { ...drafted, figures: null }, [], await currentPolicy(deps.db, now), now);
  return (await summaries.load(deps.db, drafted.id)).state;
}

export async function getSummary(deps: Deps, caller: Caller, req: ActionRequest<'summary.get'>): Promise<SummaryView> {
  requireCommunity(caller, req.communityId);
  const month = monthKey(req.year, req.month);
  if (month > localDate(deps.now()).slice(0, 7)) {
    return viewOf(deps, caller, { ...scheduledSummary(req.communityId, month, monthEnd(month)), figures: null }, req.year, req.month);
  }
  return viewOf(deps, caller, await summaryOf(deps, req.communityId, month), req.year, req.month);
}

async function apply(deps: Deps, caller: Caller, req: { communityId: string; year: number; month: number }, command: SummaryCommand): Promise<SummaryView> {
  requireCommunity(caller, req.communityId);
  const month = monthKey(req.year, req.month);
  await summaryOf(deps, req.communityId, month);
  // Submitted figures are frozen: what the director approves is what was submitted.
  const figures = command.type === 'submit' ? await summaryFigures(deps, caller, req.communityId, req.year, req.month) : null;
  const { after } = await summaries.mutate(deps, summaryId(req.communityId, month), (stored, now) => {
    const next = decideSummary(stored.state, command, actorOf(caller), now);
    return { state: { ...next, figures: figures ?? stored.state.figures }, outbox: stored.outbox };
  });
  return viewOf(deps, caller, after, req.year, req.month);
}

export async function saveSummary(deps: Deps, caller: Caller, req: ActionRequest<'summary.save'>): Promise<SummaryView> {
  return apply(deps, caller, req, { type: req.submit ? 'submit' : 'edit', text: req.text });
}

export async function reviewSummary(deps: Deps, caller: Caller, req: ActionRequest<'summary.review'>): Promise<SummaryView> {
  return apply(deps, caller, req, req.decision === 'approve' ? { type: 'approve', comment: req.comment } : { type: 'return', comment: req.comment });
}
