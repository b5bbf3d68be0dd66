// Monthly figures (seed 000 §(六) 定期复盘, seed 003 (10) 每个月末…全面统计) and the owner-visit target
// (seed 002 §6), given / when / then.
import fc from 'fast-check';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { factsOf, monthlyFigures, monthlyStatistics, recurringIssues, visitTarget, type ComplaintFacts } from '../../domain/statistics';
import { actors, at, complaintAt, Scenario, submitCommand } from '../support/complaints';

const t = (iso: string) => new Date(iso);
const NOV = { year: 2026, month: 11 };
const NOW = t('2026-12-01T09:00:00+08:00');

/** A complaint handled well in November; each test states what differs (`rating`/`ratedAt`: its one owner rating). */
function fact(id: string, overrides: Partial<ComplaintFacts> & { rating?: number | null; ratedAt?: Date | null } = {}): ComplaintFacts {
  const { rating = 5, ratedAt = t('2026-11-12T10:00:00+08:00'), ...rest } = overrides;
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
    firstResolvedAt: t('2026-11-11T10:00:00+08:00'),
    closedAt: t('2026-11-12T10:00:00+08:00'),
    closure: 'satisfied',
    ratings: rating !== null && ratedAt !== null ? [{ score: rating, at: ratedAt, source: 'owner' }] : [],
    reopenCount: 0,
    valid: true,
    paused: false,
    ...rest,
  };
}

const unworked = { acceptedAt: null, resolveBy: null, resolvedAt: null, firstResolvedAt: null, closedAt: null, closure: null, rating: null, ratedAt: null } as const;

describe('monthly statistics', () => {
  // Given November's complaints (and one from October):
  const facts = [
    fact('a'),
    // Late response and late resolution; resolved on Nov 12, reopened, resolved again on Nov 13, rated 2.
    fact('b', { building: '2', urgency: 'important', respondBy: t('2026-11-10T18:00:00+08:00'), acceptedAt: t('2026-11-11T09:00:00+08:00'), resolveBy: t('2026-11-12T09:00:00+08:00'), firstResolvedAt: t('2026-11-12T08:00:00+08:00'), resolvedAt: t('2026-11-13T10:00:00+08:00'), reopenCount: 1, rating: 2, ratedAt: t('2026-11-12T09:00:00+08:00'), closure: 'rated' }),
    // 不成立: closed unworked; counted in the invalid share, never against a deadline.
    fact('c', { ...unworked, category: null, urgency: null, department: null, handlerId: null, closedAt: t('2026-11-10T11:00:00+08:00'), closure: 'invalid', channel: 'phone', valid: false }),
    // Accepted in time, still unresolved past its resolution deadline at NOW.
    fact('d', { ...unworked, submittedAt: t('2026-11-25T10:00:00+08:00'), respondBy: t('2026-11-27T10:00:00+08:00'), acceptedAt: t('2026-11-25T11:00:00+08:00'), resolveBy: t('2026-11-26T11:00:00+08:00'), handlerId: 'li' }),
    // October: outside the month, but 20 days before 'a' in the same building and category.
    fact('e', { submittedAt: t('2026-10-21T10:00:00+08:00'), respondBy: t('2026-10-23T10:00:00+08:00'), acceptedAt: t('2026-10-21T11:00:00+08:00'), resolveBy: t('2026-10-22T11:00:00+08:00'), resolvedAt: t('2026-10-22T10:00:00+08:00'), firstResolvedAt: t('2026-10-22T10:00:00+08:00'), ratedAt: t('2026-10-23T10:00:00+08:00') }),
    // Not triaged yet, another community, by walk-in; its response is due in December.
    fact('f', { ...unworked, communityId: 'community-b', building: '9', category: null, urgency: null, department: null, handlerId: null, channel: 'walk_in', submittedAt: t('2026-11-30T23:30:00+08:00'), respondBy: t('2026-12-02T10:00:00+08:00'), valid: null }),
    // Paused while waiting on the owner: its passed resolution deadline is neither judged nor overdue.
    fact('g', { ...unworked, building: '3', category: 'cleaning_greening', department: 'environment', handlerId: 'zhao', channel: 'letter', submittedAt: t('2026-11-20T10:00:00+08:00'), respondBy: t('2026-11-22T10:00:00+08:00'), acceptedAt: t('2026-11-20T11:00:00+08:00'), resolveBy: t('2026-11-24T10:00:00+08:00'), paused: true }),
    // First resolved on Nov 15, rated 1 and reopened: open again with a fresh deadline in December.
    fact('h', { ...unworked, building: '4', submittedAt: t('2026-11-14T10:00:00+08:00'), respondBy: t('2026-11-16T10:00:00+08:00'), acceptedAt: t('2026-11-14T11:00:00+08:00'), resolveBy: t('2026-12-05T10:00:00+08:00'), firstResolvedAt: t('2026-11-15T10:00:00+08:00'), reopenCount: 1, rating: 1, ratedAt: t('2026-11-16T10:00:00+08:00') }),
    // Dec 1 00:10 in Beijing is still Nov 30 in UTC: December's, not counted.
    fact('j', { ...unworked, category: null, urgency: null, department: null, handlerId: null, valid: null, submittedAt: t('2026-12-01T00:10:00+08:00'), respondBy: t('2026-12-03T10:00:00+08:00') }),
    // 紧急 in a public area (no building), resolved in 6 hours and closed automatically, unrated.
    fact('i', { building: null, category: 'security_order', urgency: 'urgent', department: 'security', handlerId: 'li', channel: 'phone', submittedAt: t('2026-11-05T10:00:00+08:00'), respondBy: t('2026-11-05T10:15:00+08:00'), acceptedAt: t('2026-11-05T10:10:00+08:00'), resolveBy: t('2026-11-05T18:00:00+08:00'), resolvedAt: t('2026-11-05T16:00:00+08:00'), firstResolvedAt: t('2026-11-05T16:00:00+08:00'), closedAt: t('2026-11-12T16:00:00+08:00'), closure: 'auto_closed', rating: null, ratedAt: null }),
  ];
  // When the figures of November are taken on Dec 1 09:00:
  const s = monthlyStatistics(DEFAULT_POLICY, facts, NOV, NOW);

  it('seed 003 (10): counts the month by community, category, urgency, department and channel (+08:00 month)', () => {
    expect(s.month).toBe('2026-11');
    expect(s.submitted).toBe(8);
    expect(s.byCommunity).toEqual({ 'community-a': 7, 'community-b': 1 });
    expect(s.byCategory).toEqual({ repair: 4, cleaning_greening: 1, security_order: 1, unclassified: 2 });
    expect(s.byUrgency).toEqual({ normal: 4, important: 1, urgent: 1, unclassified: 2 });
    expect(s.byDepartment).toEqual({ engineering: 4, environment: 1, security: 1, unclassified: 2 });
    expect(s.byChannel).toEqual({ mini_program: 4, phone: 2, walk_in: 1, letter: 1 });
  });

  it('seed 002 (13): the invalid share is over complaints whose validity is decided (not f)', () => {
    expect(s.invalidShare).toBeCloseTo(1 / 7);
  });

  it('on-time response: accepted ≤ respondBy, over deadlines due in the month (a b d g h i; c closed unworked)', () => {
    expect(s.responseOnTimeRate).toBeCloseTo(5 / 6);
  });

  it('on-time resolution: resolved ≤ resolveBy (a b d i; g paused, h due in December)', () => {
    expect(s.resolutionOnTimeRate).toBe(0.5);
  });

  it('handling time from submission to resolution, in hours (a 24, b 72, i 6)', () => {
    expect(s.handlingHours).toEqual({ median: 24, mean: 34 });
  });

  it('seed 000 §(五): satisfaction over ratings given in the month (a 5, b 2, h 1)', () => {
    expect(s.satisfaction).toEqual({ rated: 3, bySource: { owner: 3, callback: 0 }, satisfiedRate: 1 / 3, meanRating: 8 / 3 });
  });

  it('reopen rate over complaints first resolved in the month, including one reopened and open again (b, h of a b h i)', () => {
    expect(s.reopenRate).toBe(0.5);
  });

  it('seed 000 §(六) 高频投诉: same building and category within 30 days, across the month boundary', () => {
    expect(s.recurring).toEqual([{ communityId: 'community-a', building: '1', category: 'repair', complaintIds: ['e', 'a', 'd'] }]);
  });

  it("given the same facts, when stats.monthly's figures are made, then every figure is the same and recurring issues are counted, not listed", () => {
    const { recurring, complaintsRead, complete, missing, ...figures } = monthlyFigures(DEFAULT_POLICY, facts, NOV, NOW, { missing: 0, behind: false });
    const { recurring: _listed, ...same } = s;
    expect(figures).toEqual(same);
    expect(recurring).toEqual([{ communityId: 'community-a', building: '1', category: 'repair', count: 3 }]);
    expect({ complaintsRead, complete, missing }).toEqual({ complaintsRead: facts.length, complete: true, missing: 0 });
  });

  it('given facts missing or unfolded writes read to their bound, then the figures say they are not complete', () => {
    expect(monthlyFigures(DEFAULT_POLICY, facts, NOV, NOW, { missing: 2, behind: false })).toMatchObject({ complete: false, missing: 2 });
    expect(monthlyFigures(DEFAULT_POLICY, facts, NOV, NOW, { missing: 0, behind: true })).toMatchObject({ complete: false, missing: 0 });
  });

  it('workload per handler: assigned and resolved in the month, open and overdue at NOW (a paused clock is not overdue)', () => {
    expect(s.workload).toEqual([
      { handlerId: 'wang', assigned: 3, resolved: 2, open: 1, overdue: 0 },
      { handlerId: 'li', assigned: 2, resolved: 1, open: 1, overdue: 1 },
      { handlerId: 'zhao', assigned: 1, resolved: 0, open: 1, overdue: 0 },
    ]);
  });

  it('given a response deadline already passed and not met, then it counts as late; one still ahead is not judged', () => {
    const missed = fact('m', { ...unworked, respondBy: t('2026-11-12T10:00:00+08:00') });
    const ahead = fact('n', { ...unworked, respondBy: t('2026-11-30T10:00:00+08:00') });
    expect(monthlyStatistics(DEFAULT_POLICY, [missed], NOV, NOW).responseOnTimeRate).toBe(0);
    expect(monthlyStatistics(DEFAULT_POLICY, [ahead], NOV, t('2026-11-29T09:00:00+08:00')).responseOnTimeRate).toBeNull();
    // An open complaint whose response is overdue is overdue work.
    expect(monthlyStatistics(DEFAULT_POLICY, [missed], NOV, NOW).workload).toEqual([{ handlerId: 'wang', assigned: 1, resolved: 0, open: 1, overdue: 1 }]);
  });

  it('given two handlers with equal work, then the workload lists them by staff id', () => {
    const w = monthlyStatistics(DEFAULT_POLICY, [fact('x', { handlerId: 'zhou' }), fact('y', { handlerId: 'chen' })], NOV, NOW).workload;
    expect(w.map((x) => x.handlerId)).toEqual(['chen', 'zhou']);
  });

  it('given a month with nothing to measure, then rates and averages are null, not zero', () => {
    const empty = monthlyStatistics(DEFAULT_POLICY, [], NOV, NOW);
    expect(empty).toMatchObject({ submitted: 0, invalidShare: null, responseOnTimeRate: null, resolutionOnTimeRate: null, reopenRate: null, handlingHours: { median: null, mean: null }, satisfaction: { rated: 0, satisfiedRate: null, meanRating: null }, recurring: [], workload: [] });
  });

  it('given no month 13 nor a fractional month, then STATISTICS.BAD_MONTH', () => {
    for (const m of [{ year: 2026, month: 13 }, { year: 2026, month: 0 }, { year: 2026, month: 1.5 }, { year: 26, month: 1 }]) {
      expect(() => monthlyStatistics(DEFAULT_POLICY, facts, m, NOW)).toThrow(expect.objectContaining({ code: 'STATISTICS.BAD_MONTH' }));
    }
  });

  it('property: rates are always in [0, 1] or null, and every breakdown adds up to the month’s total', () => {
    const row = fc.record({
      day: fc.integer({ min: 1, max: 60 }),
      accepted: fc.option(fc.integer({ min: 0, max: 4000 })),
      resolved: fc.option(fc.integer({ min: 0, max: 8000 })),
      rating: fc.option(fc.integer({ min: 1, max: 5 })),
      building: fc.constantFrom('1', '2', null),
      category: fc.constantFrom('repair', 'fees', null),
      valid: fc.constantFrom(true, false, null),
      paused: fc.boolean(),
      reopenCount: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const base = t('2026-10-15T10:00:00+08:00').getTime();
        const fs = rows.map((r, i) => {
          const submittedAt = new Date(base + r.day * 86_400_000);
          const plus = (m: number | null) => (m === null ? null : new Date(submittedAt.getTime() + m * 60_000));
          const { building, category, valid, paused, reopenCount, rating } = r;
          return fact(`f${i}`, { building, category, valid, paused, reopenCount, rating, submittedAt, respondBy: plus(2880)!, acceptedAt: plus(r.accepted), resolveBy: plus(4000), resolvedAt: plus(r.resolved), firstResolvedAt: plus(r.resolved), ratedAt: r.rating ? plus(9000) : null, closedAt: null, closure: null });
        });
        const st = monthlyStatistics(DEFAULT_POLICY, fs, NOV, NOW);
        for (const r of [st.responseOnTimeRate, st.resolutionOnTimeRate, st.reopenRate, st.invalidShare, st.satisfaction.satisfiedRate]) {
          expect(r === null || (r >= 0 && r <= 1)).toBe(true);
        }
        const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
        for (const breakdown of [st.byCommunity, st.byCategory, st.byUrgency, st.byDepartment, st.byChannel]) expect(sum(breakdown)).toBe(st.submitted);
        expect(st.workload.reduce((n, w) => n + w.assigned, 0)).toBeLessThanOrEqual(st.submitted);
        for (const w of st.workload) expect(w.overdue).toBeLessThanOrEqual(w.open);
        for (const issue of st.recurring) expect(issue.complaintIds.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });
});

describe('recurring issues (seed 000 §(六) 高频投诉)', () => {
  const on = (id: string, day: string, overrides: Partial<ComplaintFacts> = {}) => fact(id, { submittedAt: t(`${day}T10:00:00+08:00`), ...overrides });

  it('given two bursts of the same problem months apart, then only the burst touching the month is reported, alone', () => {
    const facts = [on('x1', '2026-09-01'), on('x2', '2026-09-10'), on('y1', '2026-11-05'), on('y2', '2026-11-20')];
    expect(recurringIssues(DEFAULT_POLICY, facts, NOV)).toEqual([{ communityId: 'community-a', building: '1', category: 'repair', complaintIds: ['y1', 'y2'] }]);
  });

  it('given exactly 30 days apart, then recurring; 31 days apart, then not', () => {
    expect(recurringIssues(DEFAULT_POLICY, [on('p', '2026-10-21'), on('q', '2026-11-20')], NOV)).toHaveLength(1);
    expect(recurringIssues(DEFAULT_POLICY, [on('p', '2026-10-20'), on('q', '2026-11-20')], NOV)).toEqual([]);
  });

  it('given a shorter company window, then two bursts in one month are two issues, the larger first', () => {
    const policy: Policy = { ...DEFAULT_POLICY, statistics: { recurrenceWindowDays: 3 } };
    const facts = [on('a1', '2026-11-01'), on('a2', '2026-11-02'), on('b1', '2026-11-20'), on('b2', '2026-11-21'), on('b3', '2026-11-22')];
    expect(recurringIssues(policy, facts, NOV).map((r) => r.complaintIds)).toEqual([['b1', 'b2', 'b3'], ['a1', 'a2']]);
  });

  it('given the same building name in two communities, another category, no building, or an invalid or merged one, then no recurrence', () => {
    const facts = [
      on('a', '2026-11-01'),
      on('b', '2026-11-02', { communityId: 'community-b' }),
      on('c', '2026-11-03', { category: 'fees' }),
      on('d', '2026-11-04', { building: null }),
      on('e', '2026-11-05', { closure: 'invalid' }),
      on('f', '2026-11-06', { closure: 'merged' }),
      on('g', '2026-11-07', { category: null }),
    ];
    expect(recurringIssues(DEFAULT_POLICY, facts, NOV)).toEqual([]);
  });

  it('given issues in two buildings of equal size, then they are ordered by building', () => {
    const facts = [on('b1', '2026-11-01', { building: '2' }), on('b2', '2026-11-02', { building: '2' }), on('a1', '2026-11-01'), on('a2', '2026-11-02')];
    expect(recurringIssues(DEFAULT_POLICY, facts, NOV).map((r) => r.building)).toEqual(['1', '2']);
  });
});

describe('facts of a complaint, as the lifecycle left it', () => {
  it('given a closed, satisfied complaint, then valid, resolved once, rated 5', () => {
    const c = complaintAt('closed').complaint;
    expect(factsOf(c)).toMatchObject({ id: c.id, building: '1', category: 'repair', closure: 'satisfied', ratings: [{ score: 5, source: 'owner' }], reopenCount: 0, valid: true, paused: false, firstResolvedAt: c.resolvedAt });
  });

  it('given a complaint rated 1 and reopened, then it is open again but its first resolution is kept', () => {
    const s = complaintAt('resolved');
    const firstResolution = s.complaint.resolvedAt;
    s.run({ type: 'rate', score: 1, comment: '还在漏水' }, actors.owner, 60);
    expect(factsOf(s.complaint)).toMatchObject({ resolvedAt: null, firstResolvedAt: firstResolution, reopenCount: 1, ratings: [{ score: 1, source: 'owner' }] });
  });

  it('given 不成立 at triage, then valid is false; not yet triaged, then null; paused, then paused', () => {
    const invalid = complaintAt('submitted').run({ type: 'triage', valid: false, explanation: '该问题属于市政供水，已告知业主拨打96116' }, actors.reception);
    expect(factsOf(invalid.complaint)).toMatchObject({ valid: false, closure: 'invalid' });
    expect(factsOf(complaintAt('submitted').complaint)).toMatchObject({ valid: null, category: null, firstResolvedAt: null });
    expect(factsOf(complaintAt('accepted').run({ type: 'pause', reason: '等待业主在家' }, actors.handler).complaint).paused).toBe(true);
  });

  it('given a public area with no building, then no building (it can never recur by building)', () => {
    const s = new Scenario(at('2026-11-18T10:00:00+08:00')).run(submitCommand({ location: { kind: 'public_area', description: '地下车库入口' } }), actors.owner);
    expect(factsOf(s.complaint).building).toBeNull();
  });
});

describe('owner visits (seed 002 §6 ≤300户 不低于已入住户数的4%)', () => {
  it('given ≤ 300 occupied households, then 4 %, rounded up to whole visits', () => {
    expect(visitTarget(DEFAULT_POLICY, 300)).toBe(12);
    expect(visitTarget(DEFAULT_POLICY, 101)).toBe(5);
    expect(visitTarget(DEFAULT_POLICY, 0)).toBe(0);
  });

  it('given more than 300 and the default policy, then 4 % still applies (the handbook gives no other tier)', () => {
    expect(visitTarget(DEFAULT_POLICY, 1000)).toBe(40);
  });

  it('given company tiers in any order, then the smallest tier that holds the community, else the open-ended one', () => {
    const policy: Policy = { ...DEFAULT_POLICY, ownerVisits: [{ upToHouseholds: null, share: 0.02 }, { upToHouseholds: 1000, share: 0.03 }, { upToHouseholds: 300, share: 0.04 }] };
    expect([250, 800, 5000].map((n) => visitTarget(policy, n))).toEqual([10, 24, 100]);
  });

  it('given no open-ended tier, then the largest tier’s share continues; given no tiers at all, then no target', () => {
    expect(visitTarget({ ...DEFAULT_POLICY, ownerVisits: [{ upToHouseholds: 600, share: 0.05 }, { upToHouseholds: 300, share: 0.04 }] }, 1000)).toBe(50);
    expect(visitTarget({ ...DEFAULT_POLICY, ownerVisits: [] }, 1000)).toBe(0);
  });

  it('given a share whose product is inexact in floating point (0.07 × 100), then exactly 7, not 8', () => {
    expect(visitTarget({ ...DEFAULT_POLICY, ownerVisits: [{ upToHouseholds: null, share: 0.07 }] }, 100)).toBe(7);
  });

  it('given a negative or fractional household count, then VISITS.BAD_HOUSEHOLDS', () => {
    for (const bad of [-1, 2.5, NaN]) expect(() => visitTarget(DEFAULT_POLICY, bad)).toThrow(expect.objectContaining({ code: 'VISITS.BAD_HOUSEHOLDS' }));
  });
});

describe('every rating counts (seed 000 §(五), 003 (8))', () => {
  it('given a 1★ that reopened a complaint, a 5★ on the second resolution and a 4 noted on a phone callback elsewhere, then all three count', () => {
    const reopened = complaintAt('resolved');
    reopened.run({ type: 'rate', score: 1, comment: '还在漏水' }, actors.owner, 60);
    reopened.run({ type: 'investigate', findings: '再次检查', photos: [], responsibleParty: 'property' }, actors.handler, 10);
    reopened.run({ type: 'plan', description: '更换管件', expectedCompletionAt: at('2026-11-30T18:00:00+08:00'), estimatedCost: 0, externalParties: [] }, actors.handler, 10);
    reopened.run({ type: 'approve_plan', comment: '同意' }, actors.departmentHead, 10);
    reopened.run({ type: 'resolve', result: '已更换', photos: [] }, actors.handler, 60);
    reopened.run({ type: 'rate', score: 5, comment: '好了' }, actors.owner, 60);
    expect(reopened.complaint.ratings.map((r) => [r.score, r.source, r.round])).toEqual([
      [1, 'owner', 1],
      [5, 'owner', 2],
    ]);
    const called = complaintAt('resolved');
    called.now = called.complaint.callbackDueAt!;
    called.run({ type: 'request_callback' }, actors.system);
    called.run({ type: 'record_callback', outcome: 'satisfied', note: '业主说修好了', score: 4 }, actors.reception, 10);
    expect(called.complaint.ratings).toEqual([expect.objectContaining({ score: 4, source: 'callback', round: 1 })]);
    const st = monthlyStatistics(DEFAULT_POLICY, [factsOf(reopened.complaint), factsOf(called.complaint)], NOV, NOW);
    expect(st.satisfaction).toEqual({ rated: 3, bySource: { owner: 2, callback: 1 }, satisfiedRate: 2 / 3, meanRating: 10 / 3 });
  });
});
