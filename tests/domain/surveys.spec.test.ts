// The survey's decider, given/when/then (tests/support/decider.ts): seed 002 标准4 满意度评估 (定期进行
// 满意度调查) — one answer per household while the survey is open, about the topics it asks — and
// 要求(5) (问卷调查结果…向业主公布) — results published once, after the survey has closed.
import { surveyDecider, surveyResults, type SurveyEvent, type SurveyState } from '../../domain/surveys';
import { deciderSpec } from '../support/decider';

const spec = deciderSpec(surveyDecider);
const t = (iso: string) => new Date(iso);
const survey: SurveyState = { id: 's1', communityId: 'c1', topics: ['security', 'cleaning'], anonymous: false, opensOn: '2026-11-10', closesOn: '2026-11-20', publishedAt: null };
const created: SurveyEvent = { type: 'created', survey };
const answers = [{ topic: 'security' as const, score: 4, comment: '' }];
const results = surveyResults(survey.topics, 10, [answers], 4);

describe('seed 002 标准4: a household answers an open survey', () => {
  it('an answer while open is recorded for the room', () => {
    const at = t('2026-11-15T10:00:00+08:00');
    spec.given([created]).when({ type: 'answer', roomId: 'r1', roomCommunityId: 'c1', answers }, at).then([{ type: 'answered', roomId: 'r1', answers, anonymous: false, at }]);
  });
  it('before it opens and after it closes are refused, each with its own code', () => {
    spec.given([created]).when({ type: 'answer', roomId: 'r1', roomCommunityId: 'c1', answers }, t('2026-11-09T23:00:00+08:00')).thenRefused('SURVEY.NOT_STARTED');
    spec.given([created]).when({ type: 'answer', roomId: 'r1', roomCommunityId: 'c1', answers }, t('2026-11-21T00:30:00+08:00')).thenRefused('SURVEY.ENDED');
  });
  it('a room of another community, a topic not asked, and a survey that does not exist are refused', () => {
    const at = t('2026-11-15T10:00:00+08:00');
    spec.given([created]).when({ type: 'answer', roomId: 'r9', roomCommunityId: 'c2', answers }, at).thenRefused('SURVEY.NOT_YOUR_COMMUNITY');
    spec.given([created]).when({ type: 'answer', roomId: 'r1', roomCommunityId: 'c1', answers: [{ topic: 'greening', score: 5, comment: '' }] }, at).thenRefused('SURVEY.UNKNOWN_TOPIC');
    spec.given([]).when({ type: 'answer', roomId: 'r1', roomCommunityId: 'c1', answers }, at).thenRefused('SURVEY.NOT_FOUND');
  });
});

describe('seed 002 要求(5): results are published to the owners once the survey has closed', () => {
  it('published after closing', () => {
    const at = t('2026-11-21T09:00:00+08:00');
    spec.given([created]).when({ type: 'publish', results }, at).then([{ type: 'published', results, at }]);
  });
  it('refused while it runs, and a second time', () => {
    spec.given([created]).when({ type: 'publish', results }, t('2026-11-15T10:00:00+08:00')).thenRefused('SURVEY.NOT_CLOSED');
    const first = t('2026-11-21T09:00:00+08:00');
    spec.given([created, { type: 'published', results, at: first }]).when({ type: 'publish', results }, t('2026-11-22T09:00:00+08:00')).thenRefused('SURVEY.ALREADY_PUBLISHED');
  });
});
