// 满意度调查 (seed 002 标准4 满意度评估; 要求(11) 定期的顾客意见调查; 要求(5) 问卷调查结果…向广大业主公布):
// managers create a survey for a community, owners answer once per household, managers read the
// results beside the previous survey's and publish them to the owners in one action.
// Anonymous surveys: the answer is stored with no room, person or time, and the household's
// "answered" marker (what makes a second answer refused) holds no link to it — nobody can tell who
// answered what, not even from the database.
import crypto from 'crypto';
import { localDate, nextLocalDate, startOfLocalDay } from '../../domain/calendar';
import { decideSurvey, surveyStatus, type SurveyAnswer, type SurveyEvent } from '../../domain/surveys';
import type { ActionRequest, ActionResponses, OwnerSurvey, SurveyEntry, SurveyResultsView } from '../../typings/api';
import { requireCommunity, residenceOf, type Caller } from '../kernel/members';
import { loadCommunity } from '../company/communities-store';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { inviteToSurvey } from './survey-invitations';
import { COMMENTS, SURVEYS, entryOf, hash, loadSurvey, markerId, resultsOf, surveyState, type SurveyDoc } from './surveys-store';
import { roomLabel } from '../../domain/households';
import { DomainError } from '../../domain/errors';

export async function createSurvey(deps: Deps, caller: Caller, req: ActionRequest<'survey.create'>): Promise<{ id: string }> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  if (req.closesOn < localDate(now)) throw new DomainError('SURVEY.CLOSES_IN_PAST', 'closes in the past');
  const id = `s-${crypto.randomBytes(12).toString('hex')}`;
  const doc: Omit<SurveyDoc, '_id'> = {
    communityId: req.communityId,
    title: req.title,
    opensOn: req.opensOn,
    closesOn: req.closesOn,
    closesAt: startOfLocalDay(nextLocalDate(req.closesOn)),
    anonymous: req.anonymous,
    topics: req.topics,
    createdBy: caller.actor.id,
    createdAt: now,
    publishedAt: null,
    published: null,
  };
  const community = await loadCommunity(deps, req.communityId);
  await deps.db.collection('surveys').add({ _id: id, ...doc });
  // The owners who accepted the survey template hear of it when it opens (the others: 首页).
  await inviteToSurvey(deps, { id, communityId: req.communityId, communityName: community?.name ?? '', title: req.title, closesOn: req.closesOn, opensAt: startOfLocalDay(req.opensOn), closesAt: doc.closesAt });
  return { id };
}

export async function listSurveys(deps: Deps, caller: Caller, req: ActionRequest<'survey.list'>): Promise<{ items: SurveyEntry[] }> {
  requireCommunity(caller, req.communityId);
  const { data } = await deps.db.collection('surveys').where({ communityId: req.communityId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(SURVEYS).get();
  const now = deps.now();
  return { items: (data as SurveyDoc[]).map((s) => entryOf(s, now)) };
}

/** The owner's open surveys (with the rooms that may still answer) and the latest published results. */
export async function mySurveys(deps: Deps, caller: Caller): Promise<ActionResponses['survey.mine']> {
  const now = deps.now();
  const _ = deps.db.command;
  const rooms = caller.member.rooms ?? [];
  const communities = [...new Set(rooms.map((r) => r.communityId))];
  if (communities.length === 0) return { open: [], published: [] };
  const [current, published] = await Promise.all([
    deps.db.collection('surveys').where({ communityId: _.in(communities), closesAt: _.gt(now) }).orderBy('closesAt', 'asc').limit(SURVEYS).get(),
    deps.db.collection('surveys').where({ communityId: _.in(communities), publishedAt: _.gt(new Date(0)) }).orderBy('publishedAt', 'desc').limit(5).get(),
  ]);
  const open = (current.data as SurveyDoc[]).filter((s) => surveyStatus(s, now) === 'open');
  const markers = open.flatMap((s) => rooms.filter((r) => r.communityId === s.communityId).map((r) => markerId(s._id, r.roomId)));
  const { data: answered } = markers.length ? await deps.db.collection('survey_households').where({ _id: _.in(markers) }).field({ _id: true }).limit(markers.length).get() : { data: [] };
  const done = new Set((answered as Array<{ _id: string }>).map((a) => a._id));
  const items: OwnerSurvey[] = open
    .map((s) => ({ ...entryOf(s, now), roomsToAnswer: rooms.filter((r) => r.communityId === s.communityId && !done.has(markerId(s._id, r.roomId))).map((r) => r.roomId) }))
    .filter((s) => s.roomsToAnswer.length > 0);
  return { open: items, published: (published.data as SurveyDoc[]).map((s) => entryOf(s, now)) };
}

export async function answerSurvey(deps: Deps, caller: Caller, req: ActionRequest<'survey.answer'>): Promise<{ answered: boolean }> {
  const now = deps.now();
  const survey = await loadSurvey(deps, req.surveyId);
  const rooms = (caller.member.rooms ?? []).filter((r) => r.communityId === survey.communityId);
  if (rooms.length === 0) throw new DomainError('SURVEY.NOT_YOUR_COMMUNITY', 'not a resident of the community');
  if (req.roomId === undefined && rooms.length > 1) throw new DomainError('SURVEY.ROOM_REQUIRED', 'roomId required');
  const residence = req.roomId === undefined ? rooms[0]! : residenceOf(caller, req.roomId);
  const answers: SurveyAnswer[] = req.answers.map((a) => ({ topic: a.topic, score: a.score, comment: a.comment }));
  const [answered] = decideSurvey({ type: 'answer', roomId: residence.roomId, roomCommunityId: residence.communityId, answers }, surveyState(survey), await currentPolicy(deps.db, now), now) as [Extract<SurveyEvent, { type: 'answered' }>];
  // The household's marker first: of two answers (or two family members at once) one wins.
  const marker = markerId(survey._id, residence.roomId);
  try {
    await deps.db.collection('survey_households').add({ _id: marker, surveyId: survey._id });
  } catch (e) {
    if ((e as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') throw new DomainError('SURVEY.ALREADY_ANSWERED', 'household answered');
    throw e;
  }
  const answer = answered.anonymous
    ? { _id: `a-${crypto.randomBytes(16).toString('hex')}`, surveyId: survey._id, answers: answered.answers }
    : { _id: `a-${hash(`${survey._id}:${answered.roomId}`)}`, surveyId: survey._id, answers: answered.answers, roomId: answered.roomId, at: answered.at };
  try {
    await deps.db.collection('survey_answers').add(answer);
  } catch (e) {
    // The answer was not stored: the household may answer again.
    await deps.db.collection('survey_households').doc(marker).remove();
    throw e;
  }
  return { answered: true };
}

export async function surveyResultsOf(deps: Deps, caller: Caller, req: ActionRequest<'survey.results'>): Promise<SurveyResultsView> {
  const now = deps.now();
  const survey = await loadSurvey(deps, req.surveyId);
  const owner = caller.member.kind === 'owner';
  if (owner) {
    // Owners read what was published to them, for their own community, and nothing else.
    if (!(caller.member.rooms ?? []).some((r) => r.communityId === survey.communityId) || !survey.published) {
      throw new DomainError('SURVEY.NOT_PUBLISHED', `survey ${survey._id} not published`);
    }
    return { survey: entryOf(survey, now), results: survey.published, previous: null, comments: [] };
  }
  requireCommunity(caller, survey.communityId);
  const _ = deps.db.command;
  const [{ results, answers }, earlier] = await Promise.all([
    resultsOf(deps, survey),
    deps.db.collection('surveys').where({ communityId: survey.communityId, createdAt: _.lt(survey.createdAt) }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(1).get(),
  ]);
  const before = (earlier.data as SurveyDoc[])[0];
  const previous = before ? { id: before._id, title: before.title, results: before.published ?? (await resultsOf(deps, before)).results } : null;
  // Comments name the household only in a named survey; an anonymous one never stored it.
  const named = survey.anonymous ? [] : answers.filter((a) => a.roomId).map((a) => a.roomId!);
  const { data: rooms } = named.length ? await deps.db.collection('rooms').where({ _id: _.in(named.slice(0, COMMENTS)) }).limit(COMMENTS).get() : { data: [] };
  const label = new Map((rooms as Array<{ _id: string; building: string; unit?: string; room: string }>).map((r) => [r._id, roomLabel(r)]));
  const comments = answers
    .flatMap((a) => a.answers.filter((x) => x.comment !== '').map((x) => ({ topic: x.topic, text: x.comment, room: survey.anonymous ? null : (label.get(a.roomId ?? '') ?? null) })))
    .slice(0, COMMENTS);
  return { survey: entryOf(survey, now), results, previous, comments };
}

export async function publishSurvey(deps: Deps, caller: Caller, req: ActionRequest<'survey.publish'>): Promise<{ published: boolean; publishedAt: Date }> {
  const now = deps.now();
  const survey = await loadSurvey(deps, req.surveyId);
  requireCommunity(caller, survey.communityId);
  const [{ results }, policy] = await Promise.all([resultsOf(deps, survey), currentPolicy(deps.db, now)]);
  const [published] = decideSurvey({ type: 'publish', results }, surveyState(survey), policy, now) as [Extract<SurveyEvent, { type: 'published' }>];
  const res = await deps.db.collection('surveys').where({ _id: survey._id, publishedAt: null }).update({ publishedAt: published.at, published: published.results });
  if (res.updated !== 1) throw new DomainError('SURVEY.ALREADY_PUBLISHED', 'published meanwhile');
  return { published: true, publishedAt: now };
}
