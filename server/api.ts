// The `api` function's dispatcher: every request is validated against the contract, the caller is
// resolved, and the handler's result or error becomes `{ok, data}` / `{ok:false, code, message}`.
// It never throws: bad input gets a code and a Chinese message and writes nothing.
import { requestSchemas, type Action, type ActionRequest, type ActionResponses } from '../typings/api';
import type { ApiResult } from '../typings/errors';
import { DomainError, isDomainErrorCode } from '../domain/errors';
import { DEFAULT_POLICY } from '../domain/policy';
import { authorizeAction, governedByPolicy } from './kernel/authorization';
import { currentPolicy } from './kernel/policy';
import { checkTexts, userTexts } from './kernel/content';
import { ApiError, toFailure } from './kernel/errors';
import { command } from './complaints/command';
import { bindRoom, credits, me, recordSubscriptions, unbindRoom } from './company/account';
import { addShifts, getPolicy, invite, join, listShifts, setPolicy, upsertRooms } from './company/admin';
import { getAlertChannels, sendTestAlert, setAlertChannels } from './company/alerts';
import { listCommunities, saveBuilding, upsertCommunity } from './company/communities';
import { inviteToHousehold, joinHousehold, listHousehold, removeFromHousehold } from './company/household';
import { applyRoll, previewRoll, rollTemplate } from './company/roll';
import { setupCompany } from './company/setup';
import { listStaffAdmin, updateStaff } from './company/staff';
import { listDirectory, listStaff } from './company/directory';
import { counts, list } from './complaints/inbox';
import { detail, earlierTimeline, mine, revealPhone } from './complaints/read';
import { exportMonthly } from './statistics/report';
import { communityDashboard } from './statistics/trend';
import { companyMonth, rebuild } from './statistics/company';
import { prepareIntake, preview, submit, type IntakePrepared } from './complaints/submit';
import { linkVisit, listVisits, recordVisit, suggestFromVisit, visitMonth } from './communication/visits';
import { answerSurvey, createSurvey, listSurveys, mySurveys, publishSurvey, surveyResultsOf } from './communication/surveys';
import { getSummary, reviewSummary, saveSummary } from './communication/summaries';
import { deflectComplaint, intakeNotices, listNotices, noticeDetail, publishNotice, withdrawNotice } from './communication/notices';
import { convertSuggestion, listSuggestions, mySuggestions, replySuggestion, submitSuggestion, suggestionDetail } from './communication/suggestions';
import { resolveCaller, type Caller } from './kernel/members';
import type { AlertPorts } from './kernel/ladder';
import type { Deps } from './kernel/ports';

/** Actions of a WeChat user who need not be bound yet: they act on their own openid only. */
type UnboundAction = 'owner.bind' | 'household.join' | 'company.setup' | 'subscription.record' | 'subscription.credits' | 'staff.join' | 'account.me' | 'directory.list';
type BoundAction = Exclude<Action, UnboundAction>;

/**
 * Intake is the write an owner waits on: its read-only preparation (the retry lookup, the rate limit,
 * the policy, the content check) starts together with resolving the caller, not after, and the
 * handler gets its result. Nothing is written before the caller is authorized.
 */
const PREPARED: { [A in 'complaint.submit' | 'complaint.record']: (deps: Deps, openid: string, req: ActionRequest<A>) => Promise<IntakePrepared> } = {
  'complaint.submit': prepareIntake,
  'complaint.record': prepareIntake,
};

// Typed against the contract: each handler takes its action's request and returns its response.
const UNBOUND: { [A in UnboundAction]: (deps: Deps, openid: string, req: ActionRequest<A>) => Promise<ActionResponses[A]> } = {
  'owner.bind': bindRoom,
  'household.join': joinHousehold,
  'company.setup': setupCompany,
  'subscription.record': recordSubscriptions,
  'subscription.credits': (deps, openid) => credits(deps, openid),
  'staff.join': join,
  'account.me': (deps, openid) => me(deps, openid),
  'directory.list': listDirectory,
};

const HANDLERS: { [A in BoundAction]: (deps: Deps & AlertPorts, caller: Caller, req: ActionRequest<A>) => Promise<ActionResponses[A]> } = {
  'complaint.submit': submit,
  'complaint.record': submit,
  'complaint.preview': preview,
  'complaint.mine': mine,
  'complaint.detail': detail,
  'complaint.timeline': earlierTimeline,
  'complaint.command': command,
  'complaint.revealPhone': revealPhone,
  'inbox.list': list,
  'inbox.counts': counts,
  'stats.monthly': communityDashboard,
  'stats.export': exportMonthly,
  'stats.company': companyMonth,
  'stats.rebuild': rebuild,
  'admin.invite': invite,
  'admin.roster.add': addShifts,
  'admin.roster.list': listShifts,
  'staff.list': listStaff,
  'admin.rooms.upsert': upsertRooms,
  'admin.policy.get': (deps) => getPolicy(deps),
  'admin.policy.set': setPolicy,
  'admin.alerts.get': (deps) => getAlertChannels(deps),
  'admin.alerts.set': setAlertChannels,
  'alerts.test': (deps, caller) => sendTestAlert(deps, caller),
  'admin.staff.update': updateStaff,
  'admin.staff.list': listStaffAdmin,
  'admin.community.list': (deps, caller) => listCommunities(deps, caller),
  'admin.community.upsert': upsertCommunity,
  'admin.building.save': saveBuilding,
  'admin.households.template': rollTemplate,
  'admin.households.preview': previewRoll,
  'admin.households.apply': applyRoll,
  'owner.unbind': unbindRoom,
  'household.invite': inviteToHousehold,
  'household.list': listHousehold,
  'household.remove': removeFromHousehold,
  'visit.record': recordVisit,
  'visit.link': linkVisit,
  'visit.suggest': suggestFromVisit,
  'visit.month': visitMonth,
  'visit.list': listVisits,
  'survey.create': createSurvey,
  'survey.list': listSurveys,
  'survey.mine': (deps, caller) => mySurveys(deps, caller),
  'survey.answer': answerSurvey,
  'survey.results': surveyResultsOf,
  'survey.publish': publishSurvey,
  'summary.get': getSummary,
  'summary.save': saveSummary,
  'summary.review': reviewSummary,
  'notice.publish': publishNotice,
  'notice.list': listNotices,
  'notice.detail': noticeDetail,
  'notice.withdraw': withdrawNotice,
  'notice.intake': intakeNotices,
  'notice.deflect': deflectComplaint,
  'suggestion.submit': submitSuggestion,
  'suggestion.mine': mySuggestions,
  'suggestion.list': listSuggestions,
  'suggestion.detail': suggestionDetail,
  'suggestion.reply': replySuggestion,
  'suggestion.convert': convertSuggestion,
};

export async function handle(deps: Deps & AlertPorts, openid: string, event: unknown): Promise<ApiResult<unknown>> {
  try {
    if (typeof event !== 'object' || event === null) throw new ApiError('BAD_REQUEST', 'the request must be an object');
    const { action, ...payload } = event as { action?: unknown };
    if (typeof action !== 'string' || !(action in requestSchemas)) throw new ApiError('UNKNOWN_ACTION', String(action));
    const parsed = requestSchemas[action as Action].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || '(request)'}: ${issue.message}` : 'invalid';
      // A contract's own rule (a refine) names its catalogue code, said to the person; zod's own stay generic.
      if (issue && isDomainErrorCode(issue.message)) throw new DomainError(issue.message, detail);
      throw new ApiError('VALIDATION', detail);
    }
    // Content security once the caller may act, before any handler runs: a risky text writes nothing.
    // Intake checks its texts in its preparation, at once with its reads (server/complaints/submit.ts).
    const prepare = PREPARED[action as keyof typeof PREPARED] as ((deps: Deps, openid: string, req: unknown) => Promise<unknown>) | undefined;
    const checkContent = () => (prepare ? Promise.resolve() : checkTexts(deps, openid, userTexts(requestSchemas[action as Action], parsed.data)));
    if (action in UNBOUND) {
      if (!openid) throw new ApiError('NOT_SIGNED_IN');
      await checkContent();
      const own = UNBOUND[action as UnboundAction] as (deps: Deps, openid: string, req: unknown) => Promise<unknown>;
      return { ok: true, data: await own(deps, openid, parsed.data) };
    }
    const preparing = prepare?.(deps, openid, parsed.data);
    // A refusal of the caller is reported first; the preparation's own failure when it is awaited.
    preparing?.catch(() => undefined);
    const caller = await resolveCaller(deps.db, openid);
    // The policy only for the actions whose roles it names (cached in a warm container).
    authorizeAction(action as Action, caller.member.role, governedByPolicy(action as Action) ? await currentPolicy(deps.db, deps.now()) : DEFAULT_POLICY);
    await checkContent();
    const bound = HANDLERS[action as BoundAction] as (deps: Deps, caller: Caller, req: unknown, prepared?: unknown) => Promise<unknown>;
    const data = await bound(deps, caller, parsed.data, await preparing);
    return { ok: true, data };
  } catch (e) {
    return toFailure(e);
  }
}
