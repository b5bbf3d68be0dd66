// 满意度调查 storage shared by the survey actions and the monthly communication summary: the survey
// document, its answers read a page at a time, and its results (domain/surveys.ts).
import crypto from 'crypto';
import { surveyResults, surveyStatus, type SurveyAnswer, type SurveyResults, type SurveyState } from '../../domain/surveys';
import type { Topic } from '../../domain/model';
import type { SurveyEntry } from '../../typings/api';
import { loadCommunity } from '../company/communities-store';
import { currentPolicy } from '../kernel/policy';
import { idPage } from '../kernel/keyset';
import type { Deps } from '../kernel/ports';
import { DomainError } from '../../domain/errors';

export interface SurveyDoc {
  _id: string;
  communityId: string;
  title: string;
  opensOn: string;
  closesOn: string;
  /** The instant the last day ends: open surveys are found by it (index community_closes_id). */
  closesAt: Date;
  anonymous: boolean;
  topics: Topic[];
  createdBy: string;
  createdAt: Date;
  publishedAt: Date | null;
  /** The results as published (what owners read); null until then. */
  published: SurveyResults | null;
}

/** What the survey's rules (domain/surveys.ts decideSurvey) read of the stored survey. */
export const surveyState = (s: SurveyDoc): SurveyState => ({ id: s._id, communityId: s.communityId, topics: s.topics, anonymous: s.anonymous, opensOn: s.opensOn, closesOn: s.closesOn, publishedAt: s.publishedAt });

/** A community's surveys shown at once; answers read per page; comments shown. */
export const SURVEYS = 50;
const ANSWER_PAGE = 1000;
const ANSWER_PAGES = 100;
export const COMMENTS = 200;

export const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 32);
export const markerId = (surveyId: string, roomId: string) => `h-${hash(`${surveyId}:${roomId}`)}`;

export function entryOf(s: SurveyDoc, now: Date): SurveyEntry {
  return {
    id: s._id,
    communityId: s.communityId,
    title: s.title,
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    anonymous: s.anonymous,
    topics: s.topics,
    status: surveyStatus(s, now),
    publishedAt: s.publishedAt,
  };
}

export async function loadSurvey(deps: Deps, id: string): Promise<SurveyDoc> {
  const { data } = await deps.db.collection('surveys').doc(id).get();
  const s = data[0] as SurveyDoc | undefined;
  if (!s) throw new DomainError('SURVEY.NOT_FOUND', `survey ${id}`);
  return s;
}

export interface AnswerDoc {
  _id: string;
  answers: SurveyAnswer[];
  roomId?: string;
}

/** Every answer of a survey, a page at a time (index survey_id), bounded by the community's size. */
async function answersOf(deps: Deps, surveyId: string): Promise<AnswerDoc[]> {
  const all: AnswerDoc[] = [];
  let after: string | null = null;
  for (let page = 0; page < ANSWER_PAGES; page++) {
    const { docs, next }: { docs: unknown[]; next: string | null } = await idPage(deps, 'survey_answers', { surveyId }, after, ANSWER_PAGE, { _id: true, answers: true, roomId: true });
    all.push(...(docs as AnswerDoc[]));
    if (next === null) break;
    after = next;
  }
  return all;
}

export async function resultsOf(deps: Deps, survey: SurveyDoc): Promise<{ results: SurveyResults; answers: AnswerDoc[] }> {
  const [answers, community, policy] = await Promise.all([answersOf(deps, survey._id), loadCommunity(deps, survey.communityId), currentPolicy(deps.db, deps.now())]);
  return { results: surveyResults(survey.topics, community?.households ?? 0, answers.map((a) => a.answers), policy.satisfaction.satisfiedAtLeast), answers };
}

