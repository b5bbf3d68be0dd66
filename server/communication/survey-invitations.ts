// 满意度调查邀请 (seed 002 要求(11) 定期的顾客意见调查): when a survey opens, the residents of its
// community — registered owners, family and tenants alike, as any of them may answer for the household
// — who accepted the survey template hear of it by subscription message; the others see it on 首页.
// One versioned document per survey (server/kernel/store.ts, id = the survey's id) holds the one invitation
// in its outbox, due when the survey opens; the scheduler (server/kernel/scheduler.ts) walks the community a
// page of residents at a time (server/kernel/audience.ts), turning each page into one entry per person by
// compare-and-set — so overlapping runs never send anyone the same survey twice — and retries, counts
// credits and falls back to the 首页 card like complaints.
import type { NotificationIntent } from '../../domain/notifications';
import { communityResidents } from '../kernel/audience';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import type { SweptKind } from '../kernel/scheduler';
import { newOutboxEntries, versionedStore, type OutboxEntry } from '../kernel/store';
import { templateData, templateIdOf } from '../kernel/templates';

export const SURVEY_TEMPLATE_ID = templateIdOf('survey');

export interface SurveyInvitation {
  /** The survey's id. */
  id: string;
  communityId: string;
  communityName: string;
  title: string;
  closesOn: string;
  /** When the survey opens: the invitation is due then. */
  opensAt: Date;
  /** When it closes: an invitation not yet addressed by then is dropped (nothing left to answer). */
  closesAt: Date;
}

export const surveyInvitations = versionedStore<SurveyInvitation>({
  collection: 'survey_invitations',
  notFound: 'SURVEY.INVITATION_NOT_FOUND',
  // The invitation asks nothing of the clock: its one outbox entry is due when the survey opens.
  indexFields: () => ({ nextTimerAt: null }),
  fromFields: (id, fields) => ({ ...(fields as Omit<SurveyInvitation, 'id'>), id }),
});

/** The invitation of a new survey, due when it opens (written once; a retry finds it there). */
export async function inviteToSurvey(deps: Deps, invitation: SurveyInvitation): Promise<void> {
  const now = deps.now();
  const intent: NotificationIntent = { key: 'opened', template: 'survey', recipient: { kind: 'community_owners' }, summary: invitation.title };
  const due = invitation.opensAt > now ? invitation.opensAt : now;
  const outbox: OutboxEntry[] = newOutboxEntries([intent], due).map((e) => ({ ...e, createdAt: now }));
  await surveyInvitations.insert(deps.db, invitation, outbox, await currentPolicy(deps.db, now), now);
}

/** What the 满意度调查邀请 carries (server/kernel/templates.ts maps it to the company's template). */
export function surveyInvitationData(s: SurveyInvitation): Record<string, { value: string }> {
  return templateData('survey', { title: s.title, community: s.communityName, closes: s.closesOn });
}

export const surveyInvitationSweep: SweptKind<SurveyInvitation> = {
  store: surveyInvitations,
  timers: () => ({ change: null, issued: 0 }),
  // A survey that closed before its invitation went out has nothing left to answer: nobody is addressed.
  recipients: () => Promise.resolve([]),
  recipientPage: (deps, s, e, after, now) => (e.recipient.kind === 'community_owners' && now < s.closesAt ? communityResidents(deps, s.communityId, after, SURVEY_TEMPLATE_ID) : Promise.resolve(null)),
  place: (s) => ({ communityId: s.communityId }),
  message: (s) => ({ templateId: SURVEY_TEMPLATE_ID, page: `pages/survey/index?id=${s.id}`, data: surveyInvitationData(s), groupText: null }),
};

