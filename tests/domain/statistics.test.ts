// Satisfaction rules and the monthly figures (seed 000 §(五)(六), seed 002 §6, seed 003 (10)).
import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../domain/policy';
import { autoCloseAt, callbackDueAt, judgeRating, shouldEscalateReopen } from '../../domain/satisfaction';
import { factsOf, monthlyStatistics, recurringIssues, visitTarget, type ComplaintFacts } from '../../domain/statistics';
import { complaintAt } from '../support/complaints';

const t = (iso: string) => new Date(iso);
const NOV = { year: 2026, month: 11 };
const NOW = t('2026-12-01T09:00:00+08:00');

function fact(id: string, overrides: Partial<ComplaintFacts> = {}): ComplaintFacts {
  return {
    id,
    communityId: 'community-a',
    building: '1',
    category: 'repair',
    urgency: 'normal',
    department: 'engineering',
    handlerId: 'wang',
    channel: 'mini_program',
    submittedAt: t('2026-11-10T10:00:00+08:00'),
    respondBy: t('2026-11-12T10:00:00+08:00'),
    acceptedAt: t('2026-11-10T11:00:00+08:00'),
    resolveBy: t('2026-11-11T11:00:00+08:00'),
    resolvedAt: t('2026-11-11T10:00:00+08:00'),
    closedAt: t('2026-11-12T10:00:00+08:00'),
    closure: 'satisfied',
    rating: 5,
    ratedAt: t('2026-11-12T10:00:00+08:00'),
    reopenCount: 0,
    ...overrides,
  };
}

describe('satisfaction (seed 000 §(五), 003 (8))', () => {
  it('judges ratings by policy thresholds', () => {
    expect([1, 2, 3, 4, 5].map((s) => judgeRating(DEFAULT_POLICY, s, ''))).toEqual(['reopen', 'reopen', 'neutral', 'satisfied', 'satisfied']);
    for (const bad of [0, 6, 3.5, NaN]) expect(() => judgeRating(DEFAULT_POLICY, bad, '')).toThrow(expect.objectContaining({ code: 'RATING.OUT_OF_RANGE' }));
  });

  it('callback after 3 days, auto-close after 7, manager told on the 2nd reopening', () => {
    const resolved = t('2026-11-18T15:00:00+08:00');
    expect(callbackDueAt(DEFAULT_POLICY, resolved)).toEqual(t('2026-11-21T15:00:00+08:00'));
    expect(autoCloseAt(DEFAULT_POLICY, resolved)).toEqual(t('2026-11-25T15:00:00+08:00'));
    expect([1, 2, 3].map((n) => shouldEscalateReopen(DEFAULT_POLICY, n))).toEqual([false, true, true]);
  });
});

describe('monthly statistics', () => {
  const facts = [
    fact('a'),
    // Late response and late resolution, reopened once, rated 2.
    fact('b', { building: '2', urgency: 'important', respondBy: t('2026-11-10T18:00:00+08:00'), acceptedAt: t('2026-11-11T09:00:00+08:00'), resolveBy: t('2026-11-12T09:00:00+08:00'), resolvedAt: t('2026-11-13T10:00:00+08:00'), reopenCount: 1, rating: 2, closure: 'rated' }),
    // Invalid: closed unworked, counted in the invalid share only.
    fact('c', { category: 'fees', department: 'finance', handlerId: null, acceptedAt: null, resolveBy: null, resolvedAt: null, closure: 'invalid', rating: null, ratedAt: null, channel: 'phone' }),
    // Still open and overdue at NOW.
    fact('d', { submittedAt: t('2026-11-25T10:00:00+08:00'), respondBy: t('2026-11-27T10:00:00+08:00'), acceptedAt: t('2026-11-25T11:00:00+08:00'), resolveBy: t('2026-11-26T11:00:00+08:00'), resolvedAt: null, closedAt: null, closure: null, rating: null, ratedAt: null, handlerId: 'li' }),
    // October: outside the month, but a recurrence partner of 'a' (same building and category, 20 days apart).
    fact('e', { submittedAt: t('2026-10-21T10:00:00+08:00'), respondBy: t('2026-10-23T10:00:00+08:00'), acceptedAt: t('2026-10-21T11:00:00+08:00'), resolveBy: t('2026-10-22T11:00:00+08:00'), resolvedAt: t('2026-10-22T10:00:00+08:00'), ratedAt: t('2026-10-23T10:00:00+08:00') }),
  ];
  const s = monthlyStatistics(DEFAULT_POLICY, facts, NOV, NOW);

  it('counts the month by community, category, urgency, department and channel', () => {
    expect(s.month).toBe('2026-11');
    expect(s.submitted).toBe(4);
    expect(s.byCategory).toEqual({ repair: 3, fees: 1 });
    expect(s.byUrgency).toEqual({ normal: 3, important: 1 });
    expect(s.byChannel).toEqual({ mini_program: 3, phone: 1 });
    expect(s.byCommunity).toEqual({ 'community-a': 4 });
    expect(s.invalidShare).toBe(0.25);
  });

  it('on-time rates over deadlines due in the month, ignoring invalid ones', () => {
    // Response: a on time, b late, d on time (c invalid, e October) → 2/3.
    expect(s.responseOnTimeRate).toBeCloseTo(2 / 3);
    // Resolution: a on time, b late, d overdue and unresolved → 1/3.
    expect(s.resolutionOnTimeRate).toBeCloseTo(1 / 3);
  });

  it('handling time, satisfaction and reopen rate over what happened in the month', () => {
    expect(s.handlingHours).toEqual({ median: (24 + 72) / 2, mean: (24 + 72) / 2 });
    expect(s.satisfaction).toEqual({ rated: 2, satisfiedRate: 0.5, meanRating: 3.5 });
    expect(s.reopenRate).toBe(0.5);
  });

  it('recurring issues: same building and category within 30 days, across the month boundary', () => {
    expect(s.recurring).toEqual([{ communityId: 'community-a', building: '1', category: 'repair', complaintIds: ['e', 'a', 'd'] }]);
    const far = [fact('x', { submittedAt: t('2026-09-01T10:00:00+08:00') }), fact('y')];
    expect(recurringIssues(DEFAULT_POLICY, far, NOV)).toEqual([]);
  });

  it('workload per handler, with open and overdue work at NOW', () => {
    expect(s.workload).toEqual([
      { handlerId: 'wang', assigned: 2, resolved: 2, open: 0, overdue: 0 },
      { handlerId: 'li', assigned: 1, resolved: 0, open: 1, overdue: 1 },
    ]);
  });

  it('a month with nothing to measure gives null rates, not zero', () => {
    const empty = monthlyStatistics(DEFAULT_POLICY, [], NOV, NOW);
    expect([empty.responseOnTimeRate, empty.resolutionOnTimeRate, empty.invalidShare, empty.reopenRate, empty.satisfaction.satisfiedRate]).toEqual([null, null, null, null, null]);
  });

  it('facts derive from a complaint as the lifecycle left it', () => {
    const f = factsOf(complaintAt('closed').complaint);
    expect(f).toMatchObject({ building: '1', category: 'repair', closure: 'satisfied', rating: 5, reopenCount: 0 });
  });

  it('rates are always in [0, 1] or null, and the breakdowns add up to the month’s total', () => {
    const arbitraryFact = fc.record({
      day: fc.integer({ min: 1, max: 60 }),
      accepted: fc.option(fc.integer({ min: 0, max: 4000 })),
      resolved: fc.option(fc.integer({ min: 0, max: 8000 })),
      rating: fc.option(fc.integer({ min: 1, max: 5 })),
      building: fc.constantFrom('1', '2', '3'),
    });
    fc.assert(
      fc.property(fc.array(arbitraryFact, { maxLength: 30 }), (rows) => {
        const base = t('2026-10-15T10:00:00+08:00').getTime();
        const fs = rows.map((r, i) => {
          const submittedAt = new Date(base + r.day * 86_400_000);
          const plus = (m: number | null) => (m === null ? null : new Date(submittedAt.getTime() + m * 60_000));
          return fact(`f${i}`, { building: r.building, submittedAt, respondBy: plus(2880)!, acceptedAt: plus(r.accepted), resolveBy: plus(4000), resolvedAt: plus(r.resolved), rating: r.rating, ratedAt: r.rating ? plus(9000) : null, closedAt: null, closure: null });
        });
        const st = monthlyStatistics(DEFAULT_POLICY, fs, NOV, NOW);
        for (const r of [st.responseOnTimeRate, st.resolutionOnTimeRate, st.reopenRate, st.invalidShare, st.satisfaction.satisfiedRate]) {
          expect(r === null || (r >= 0 && r <= 1)).toBe(true);
        }
        const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
        expect(sum(st.byCategory)).toBe(st.submitted);
        expect(sum(st.byChannel)).toBe(st.submitted);
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });
});

describe('owner visits (seed 002 §6)', () => {
  it('≥ 4 % of occupied households where ≤ 300, rounded up', () => {
    expect(visitTarget(DEFAULT_POLICY, 300)).toBe(12);
    expect(visitTarget(DEFAULT_POLICY, 101)).toBe(5);
    expect(visitTarget(DEFAULT_POLICY, 0)).toBe(0);
  });
  it('a company tier for larger communities applies above 300', () => {
    const policy = { ...DEFAULT_POLICY, ownerVisits: [{ upToHouseholds: 300, share: 0.04 }, { upToHouseholds: null, share: 0.03 }] };
    expect(visitTarget(policy, 1000)).toBe(30);
  });
});
