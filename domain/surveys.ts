// 满意度调查 (seed 002 标准4 满意度评估：定期进行满意度调查; 要求(11) 定期的顾客意见调查): a survey asks
// about the topics of seed 002 §3 on a 1–5 scale, one answer per household; its results are published
// to the owners (要求(5) 问卷调查结果…向业主委员会或广大业主公布). Pure: answers in, figures out.
import { localDate } from './calendar';
import { unreachable, type Decider } from './decider';
import { DomainError } from './errors';
import { TOPIC_LABELS, type Topic } from './model';
import type { Policy } from './policy';

export interface SurveyAnswer {
  topic: Topic;
  score: number;
  comment: string;
}

export type SurveyStatus = 'upcoming' | 'open' | 'closed' | 'published';

/** Open from the first to the last day named, in local days (Asia/Shanghai). */
export function surveyStatus(s: { opensOn: string; closesOn: string; publishedAt: Date | null }, now: Date): SurveyStatus {
  if (s.publishedAt) return 'published';
  const today = localDate(now);
  if (today < s.opensOn) return 'upcoming';
  return today <= s.closesOn ? 'open' : 'closed';
}

export interface TopicResult {
  topic: Topic;
  label: string;
  /** Households that scored this question. */
  answered: number;
  /** Mean score, 2 decimals; null with no answers. */
  average: number | null;
  /** Share scoring 4 or 5; null with no answers. */
  satisfiedRate: number | null;
  /** How many gave 1, 2, 3, 4, 5. */
  distribution: [number, number, number, number, number];
}

export interface SurveyResults {
  /** Occupied households of the community when computed: the response rate's denominator. */
  households: number;
  responses: number;
  responseRate: number | null;
  /** Mean of every score given, 2 decimals. */
  average: number | null;
  topics: TopicResult[];
}

const round = (x: number, places: number) => Number(x.toFixed(places));

/** Per question (one per topic) and overall, from the households' answers. */
/** `satisfiedAtLeast`: the score counted as satisfied — the policy's, as the complaint ratings count it (policy.satisfaction). */
export function surveyResults(topics: readonly Topic[], households: number, responses: SurveyAnswer[][], satisfiedAtLeast: number): SurveyResults {
  const all: number[] = [];
  const perTopic = topics.map((topic): TopicResult => {
    const scores = responses.flatMap((r) => r.filter((a) => a.topic === topic).map((a) => a.score));
    all.push(...scores);
    const distribution: TopicResult['distribution'] = [0, 0, 0, 0, 0];
    for (const s of scores) distribution[s - 1]! += 1;
    const sum = scores.reduce((a, b) => a + b, 0);
    return {
      topic,
      label: TOPIC_LABELS[topic],
      answered: scores.length,
      average: scores.length ? round(sum / scores.length, 2) : null,
      satisfiedRate: scores.length ? round(scores.filter((s) => s >= satisfiedAtLeast).length / scores.length, 4) : null,
      distribution,
    };
  });
  return {
    households,
    responses: responses.length,
    responseRate: households > 0 ? round(responses.length / households, 4) : null,
    average: all.length ? round(all.reduce((a, b) => a + b, 0) / all.length, 2) : null,
    topics: perTopic,
  };
}

/** What the rules of a survey read of it. */
export interface SurveyState {
  id: string;
  communityId: string;
  topics: Topic[];
  anonymous: boolean;
  opensOn: string;
  closesOn: string;
  publishedAt: Date | null;
}

export type SurveyCommand =
  /** A household answers, for the room `roomId` of community `roomCommunityId` (one answer per household: the store's marker). */
  | { type: 'answer'; roomId: string; roomCommunityId: string; answers: SurveyAnswer[] }
  /** The office publishes the results, computed from the answers when the survey has closed. */
  | { type: 'publish'; results: SurveyResults };

export type SurveyEvent =
  | { type: 'created'; survey: SurveyState }
  /** An anonymous survey's answer names no room (the store keeps only its household marker). */
  | { type: 'answered'; roomId: string; answers: SurveyAnswer[]; anonymous: boolean; at: Date }
  | { type: 'published'; results: SurveyResults; at: Date };

function answer(c: Extract<SurveyCommand, { type: 'answer' }>, s: SurveyState, now: Date): SurveyEvent[] {
  if (c.roomCommunityId !== s.communityId) throw new DomainError('SURVEY.NOT_YOUR_COMMUNITY', 'room not in the community');
  const status = surveyStatus(s, now);
  if (status === 'upcoming') throw new DomainError('SURVEY.NOT_STARTED', 'survey upcoming');
  if (status !== 'open') throw new DomainError('SURVEY.ENDED', `survey ${status}`);
  if (c.answers.some((a) => !s.topics.includes(a.topic))) throw new DomainError('SURVEY.UNKNOWN_TOPIC', 'topic not asked');
  return [{ type: 'answered', roomId: c.roomId, answers: c.answers, anonymous: s.anonymous, at: now }];
}

function publish(c: Extract<SurveyCommand, { type: 'publish' }>, s: SurveyState, now: Date): SurveyEvent[] {
  const status = surveyStatus(s, now);
  if (status === 'published') throw new DomainError('SURVEY.ALREADY_PUBLISHED', 'published');
  if (status !== 'closed') throw new DomainError('SURVEY.NOT_CLOSED', `survey ${status}`);
  return [{ type: 'published', results: c.results, at: now }];
}

/** seed 002 标准4: who may answer when, and when results may be published. */
export function decideSurvey(command: SurveyCommand, state: SurveyState | null, _policy: Policy, now: Date): SurveyEvent[] {
  if (!state) throw new DomainError('SURVEY.NOT_FOUND', 'no survey');
  switch (command.type) {
    case 'answer':
      return answer(command, state, now);
    case 'publish':
      return publish(command, state, now);
    default:
      return unreachable(command);
  }
}

export function evolveSurvey(state: SurveyState | null, event: SurveyEvent): SurveyState | null {
  switch (event.type) {
    case 'created':
      return event.survey;
    case 'answered':
      return state;
    case 'published':
      return state && { ...state, publishedAt: event.at };
  }
}

export const surveyDecider: Decider<SurveyCommand, SurveyState | null, SurveyEvent> = { decide: decideSurvey, evolve: evolveSurvey, initialState: null };
