// Satisfaction after resolution (seed 000 §(五), seed 002 (12), seed 003 (8)), given / when / then.
import fc from 'fast-check';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { autoCloseAt, callbackDueAt, judgeRating, shouldEscalateReopen } from '../../domain/satisfaction';

const t = (iso: string) => new Date(iso);
const withSatisfaction = (s: Partial<Policy['satisfaction']>): Policy => ({ ...DEFAULT_POLICY, satisfaction: { ...DEFAULT_POLICY.satisfaction, ...s } });

describe('judging a rating (seed 000 §(五) 确认满意度)', () => {
  it('given the default thresholds, then 1–2 reopen, 3 is neutral, 4–5 satisfied', () => {
    expect([1, 2, 3, 4, 5].map((s) => judgeRating(DEFAULT_POLICY, s, ''))).toEqual(['reopen', 'reopen', 'neutral', 'satisfied', 'satisfied']);
  });

  it('given a company that reopens below 4 and is satisfied only at 5, then its thresholds decide', () => {
    const strict = withSatisfaction({ reopenBelow: 4, satisfiedAtLeast: 5 });
    expect([1, 3, 4, 5].map((s) => judgeRating(strict, s, ''))).toEqual(['reopen', 'reopen', 'neutral', 'satisfied']);
  });

  it('given a kind comment on a low score, then the score still decides (the comment is the owner’s reason)', () => {
    expect(judgeRating(DEFAULT_POLICY, 1, '师傅态度很好，但是还在漏水')).toBe('reopen');
    expect(judgeRating(DEFAULT_POLICY, 5, '不满意')).toBe('satisfied');
  });

  it('given a score that is not a whole number from 1 to 5, then RATING.OUT_OF_RANGE', () => {
    for (const bad of [0, 6, 3.5, -1, NaN, Infinity]) {
      expect(() => judgeRating(DEFAULT_POLICY, bad, '')).toThrow(expect.objectContaining({ code: 'RATING.OUT_OF_RANGE' }));
    }
  });

  it('property: the verdict never gets worse as the score rises', () => {
    const rank = { reopen: 0, neutral: 1, satisfied: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (a, b, x, y) => {
        const policy = withSatisfaction({ reopenBelow: Math.min(x, y), satisfiedAtLeast: Math.max(x, y) });
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank[judgeRating(policy, lo, '')]).toBeLessThanOrEqual(rank[judgeRating(policy, hi, '')]);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

describe('callback and auto-close (seed 003 (8) 打電話給投訴人; seed 000 §(五) 主动反馈)', () => {
  const resolved = t('2026-11-18T15:00:00+08:00');

  it('given the defaults, then the callback is due 3 days after resolution and auto-close after 7, around the clock', () => {
    expect(callbackDueAt(DEFAULT_POLICY, resolved)).toEqual(t('2026-11-21T15:00:00+08:00'));
    expect(autoCloseAt(DEFAULT_POLICY, resolved)).toEqual(t('2026-11-25T15:00:00+08:00'));
  });

  it('given days around the clock across the National Day holiday, then holidays count', () => {
    expect(callbackDueAt(DEFAULT_POLICY, t('2026-09-30T15:00:00+08:00'))).toEqual(t('2026-10-03T15:00:00+08:00'));
  });

  it('given working days, then the National Day holiday does not count (16 h: 3 on Sept 30, 8 on Oct 8, 5 on Oct 9; 5 h: 3 + 2)', () => {
    const policy = withSatisfaction({ callbackAfter: { amount: 2, unit: 'working_days' }, autoCloseAfter: { amount: 5, unit: 'working_hours' } });
    expect(callbackDueAt(policy, t('2026-09-30T15:00:00+08:00'))).toEqual(t('2026-10-09T15:00:00+08:00'));
    expect(autoCloseAt(policy, t('2026-09-30T15:00:00+08:00'))).toEqual(t('2026-10-08T10:30:00+08:00'));
  });

  it('given hours and minutes, then they run around the clock too', () => {
    const policy = withSatisfaction({ callbackAfter: { amount: 48, unit: 'hours' }, autoCloseAfter: { amount: 90, unit: 'minutes' } });
    expect(callbackDueAt(policy, resolved)).toEqual(t('2026-11-20T15:00:00+08:00'));
    expect(autoCloseAt(policy, resolved)).toEqual(t('2026-11-18T16:30:00+08:00'));
  });
});

describe('repeated dissatisfaction goes to a manager', () => {
  it('given escalateAfterReopens = 2, then the 2nd reopening and later escalate, the 1st does not', () => {
    expect([1, 2, 3].map((n) => shouldEscalateReopen(DEFAULT_POLICY, n))).toEqual([false, true, true]);
  });

  it('given a company that escalates at the 1st reopening, then it does', () => {
    expect(shouldEscalateReopen(withSatisfaction({ escalateAfterReopens: 1 }), 1)).toBe(true);
  });
});
