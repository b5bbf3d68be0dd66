// Owner communication rules (seed 002 §6, 标准4, 职责), given / when / then: the visit month and its
// dates, visits counted once per room, survey figures, and the summary's review by someone other than
// its author — also in a company that maps the roles differently than the default.
import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../domain/policy';
import { visitTarget } from '../../domain/statistics';
import { decideSummary, draftDue, scheduledSummary, type SummaryActor } from '../../domain/summaries';
import { surveyResults, surveyStatus } from '../../domain/surveys';
import { TOPICS } from '../../domain/model';
import { countedVisitId, visitDateProblem, visitProgress } from '../../domain/visits';

const t = (iso: string) => new Date(iso);

it('a community of 300 occupied households has a target of 12 visits a month; 301 of 13', () => {
  expect(visitTarget(DEFAULT_POLICY, 300)).toBe(12);
  expect(visitTarget(DEFAULT_POLICY, 301)).toBe(13);
});

it('a visit counts for the month of its day, and two visits of one room that month share one key', () => {
  expect(countedVisitId('c', '2026-11', 'r')).toBe(countedVisitId('c', '2026-11', 'r'));
  expect(countedVisitId('c', '2026-11', 'r')).not.toBe(countedVisitId('c', '2026-12', 'r'));
  const now = t('2026-12-01T09:00:00+08:00');
  expect(visitDateProblem('2026-11-30', now)).toBeNull();
  expect(visitDateProblem('2026-12-02', now)).toBe('VISITS.DATE_IN_FUTURE');
  expect(visitDateProblem('2026-10-31', now)).toBe('VISITS.DATE_TOO_OLD');
  expect(visitDateProblem('2025-12-31', t('2026-01-05T09:00:00+08:00'))).toBeNull();
});

it('only counted visits count, by staff member', () => {
  const p = visitProgress(2, [
    { staffId: 'a', staffName: '甲', counted: true },
    { staffId: 'a', staffName: '甲', counted: false },
    { staffId: 'b', staffName: '乙', counted: true },
  ]);
  expect(p).toEqual({ target: 2, done: 2, met: true, byStaff: [{ staffId: 'a', name: '甲', visits: 1 }, { staffId: 'b', name: '乙', visits: 1 }] });
});

it('survey figures: each topic’s mean is within 1–5, answered counts add up, the rate is responses / households', () => {
  const answer = fc.record({ security: fc.integer({ min: 1, max: 5 }), repair: fc.integer({ min: 1, max: 5 }) });
  fc.assert(
    fc.property(fc.array(answer, { minLength: 1, maxLength: 50 }), fc.integer({ min: 50, max: 500 }), (given, households) => {
      const r = surveyResults(['security', 'repair'], households, given.map((g) => [{ topic: 'security' as const, score: g.security, comment: '' }, { topic: 'repair' as const, score: g.repair, comment: '' }]), DEFAULT_POLICY.satisfaction.satisfiedAtLeast);
      expect(r.responses).toBe(given.length);
      expect(r.responseRate).toBeCloseTo(given.length / households, 4);
      for (const topic of r.topics) {
        expect(topic.answered).toBe(given.length);
        expect(topic.distribution.reduce((a, b) => a + b, 0)).toBe(given.length);
        expect(topic.average!).toBeGreaterThanOrEqual(1);
        expect(topic.average!).toBeLessThanOrEqual(5);
      }
    }),
    { seed: 20261129, numRuns: 100 },
  );
  expect(surveyResults([...TOPICS], 0, [], DEFAULT_POLICY.satisfaction.satisfiedAtLeast).responseRate).toBeNull();
});

it('a survey is open from its first to its last local day, then closed until published', () => {
  const s = { opensOn: '2026-11-10', closesOn: '2026-11-20', publishedAt: null };
  expect(surveyStatus(s, t('2026-11-09T23:59:00+08:00'))).toBe('upcoming');
  expect(surveyStatus(s, t('2026-11-20T23:59:00+08:00'))).toBe('open');
  expect(surveyStatus(s, t('2026-11-21T00:00:00+08:00'))).toBe('closed');
  expect(surveyStatus({ ...s, publishedAt: t('2026-11-22T10:00:00+08:00') }, t('2026-11-22T10:00:00+08:00'))).toBe('published');
});

describe('业户沟通总结', () => {
  const head: SummaryActor = { id: 'cs', name: '客服主管', role: 'department_head', department: 'customer_service' };
  const director: SummaryActor = { id: 'dm', name: '值班经理', role: 'duty_manager', department: 'management' };
  const text = { overview: '概况', problems: '问题', plans: '计划' };
  const drafted = draftDue(scheduledSummary('c', '2026-11', t('2026-12-01T00:00:00+08:00')), t('2026-12-01T00:01:00+08:00'))!;

  it('is drafted only once the month has ended', () => {
    expect(draftDue(scheduledSummary('c', '2026-11', t('2026-12-01T00:00:00+08:00')), t('2026-11-30T23:59:00+08:00'))).toBeNull();
    expect(drafted.status).toBe('draft');
  });

  it('is written by the customer-service head and reviewed by a director who did not write it', () => {
    expect(() => decideSummary(drafted, { type: 'submit', text }, { ...head, department: 'engineering' }, t('2026-12-02T10:00:00+08:00'))).toThrow(expect.objectContaining({ code: 'SUMMARY.NOT_AUTHOR' }));
    const submitted = decideSummary(drafted, { type: 'submit', text }, head, t('2026-12-02T10:00:00+08:00'));
    expect(() => decideSummary(submitted, { type: 'approve', comment: '' }, head, t('2026-12-02T11:00:00+08:00'))).toThrow(expect.objectContaining({ code: 'SUMMARY.NOT_DIRECTOR' }));
    // Even where one person holds both parts, the author never approves their own summary.
    const sameId = { ...submitted, authorId: director.id };
    expect(() => decideSummary(sameId, { type: 'approve', comment: '' }, director, t('2026-12-02T11:00:00+08:00'))).toThrow(expect.objectContaining({ code: 'SUMMARY.OWN_SUMMARY' }));
    expect(decideSummary(submitted, { type: 'approve', comment: '' }, director, t('2026-12-02T11:00:00+08:00')).status).toBe('approved');
  });
});

it('a survey counts as satisfied what the company’s policy counts for complaints (policy.satisfaction.satisfiedAtLeast), not a figure of its own', () => {
  const answers = [[{ topic: 'repair' as const, score: 4, comment: '' }], [{ topic: 'repair' as const, score: 5, comment: '' }]];
  expect(surveyResults(['repair'], 10, answers, 4).topics[0]!.satisfiedRate).toBe(1);
  expect(surveyResults(['repair'], 10, answers, 5).topics[0]!.satisfiedRate).toBe(0.5);
});
