// 满意度调查邀请 (seed 002 要求(11) 定期的顾客意见调查): when a survey opens, the owners of its community
// who accepted the survey template hear of it by subscription message; the others see it on 首页. One
// versioned document per survey (server/store.ts, id = the survey's id) holds the one invitation in
// its outbox, due when the survey opens; the scheduler (server/scheduler.ts) turns it into one entry
// per owner the first time it claims it, by compare-and-set — so overlapping runs never send an owner
// the same survey twice — and retries, counts credits and falls back to the 首页 card like complaints.
import { localDate } from '../domain/calendar';
import type { NotificationIntent } from '../domain/notifications';
import templates from '../config/subscription-templates.json';
import { truncate } from './complaint-sweep';
import type { Member } from './members';
import { currentPolicy } from './policy';
import type { Deps } from './ports';
import type { SweptKind } from './scheduler';
import { newOutboxEntries, versionedStore, type OutboxEntry } from './store';

export const SURVEY_TEMPLATE_ID = templates.find((t) => t.key === 'survey')!.id;

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

/** Owners read per query (a query returns at most 1,000 documents). */
const OWNER_PAGE = 1000;
/**
 * Pages of owners read for one invitation: 100,000 owner accounts in one community, far beyond any
 * community the handbook describes (seed 002 §6 speaks of ≤ 300 households). Reaching it is an error
 * the scheduler's report names — never a silent send to part of the community.
 */
const OWNER_PAGES = 100;

export const surveyInvitations = versionedStore<SurveyInvitation>({
  collection: 'survey_invitations',
  notFound: '没有找到这份调查的邀请',
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

/** Template data (config/subscription-templates.json 满意度调查邀请), within WeChat's keyword limits. */
export function surveyInvitationData(s: SurveyInvitation): Record<string, { value: string }> {
  return { thing1: { value: truncate(s.title, 20) }, thing2: { value: truncate(s.communityName, 20) }, date3: { value: s.closesOn } };
}

/**
 * The registered owners of the community (one message per person, whatever rooms they hold) who hold
 * a credit for the survey template: owners paged by index (community_role_id), credits read by id.
 */
async function communityOwners(deps: Deps, communityId: string): Promise<string[]> {
  const _ = deps.db.command;
  const invited: string[] = [];
  let after = '';
  for (let page = 0; ; page++) {
    if (page === OWNER_PAGES) throw new Error(`survey invitation: more than ${OWNER_PAGES * OWNER_PAGE} owner accounts in community ${communityId}`);
    const { data } = await deps.db
      .collection('members')
      .where({ communityIds: communityId, role: 'owner', _id: _.gt(after) })
      .orderBy('_id', 'asc')
      .field({ _id: true, active: true, rooms: true })
      .limit(OWNER_PAGE)
      .get();
    const members = data as Array<Pick<Member, '_id' | 'active' | 'rooms'>>;
    const owners = members.filter((m) => m.active && (m.rooms ?? []).some((r) => r.communityId === communityId && r.relation === 'owner')).map((m) => m._id);
    if (owners.length > 0) {
      // Only who accepted the template: the others see the survey on 首页 (wechat-platform.md: one-time credits).
      const { data: credits } = await deps.db
        .collection('credits')
        .where({ _id: _.in(owners.map((o) => `${o}:${SURVEY_TEMPLATE_ID}`)) })
        .field({ openid: true, count: true })
        .limit(owners.length)
        .get();
      invited.push(...(credits as Array<{ openid: string; count: number }>).filter((c) => c.count > 0).map((c) => c.openid));
    }
    if (members.length < OWNER_PAGE) return invited;
    after = members[members.length - 1]!._id;
  }
}

export const surveyInvitationSweep: SweptKind<SurveyInvitation> = {
  store: surveyInvitations,
  timers: () => ({ change: null, issued: 0 }),
  recipients: (deps, s, e, now) => (e.recipient.kind === 'community_owners' && now < s.closesAt ? communityOwners(deps, s.communityId) : Promise.resolve([])),
  place: (s) => ({ communityId: s.communityId }),
  message: (s) => ({ templateId: SURVEY_TEMPLATE_ID, page: `pages/survey/index?id=${s.id}`, data: surveyInvitationData(s), groupText: null }),
};

/** For the preflight's sample. */
export const sampleInvitation = (now: Date): SurveyInvitation => ({ id: 's', communityId: 'c', communityName: '检查', title: '检查', closesOn: localDate(now), opensAt: now, closesAt: now });
