// Satisfaction after resolution (seed 000 §(五), 002 (12), 003 (8)): how a rating is judged, when the
// phone callback is due, when an unrated complaint closes by itself, and when repeated reopening
// goes to a manager. All thresholds are policy. Durations in minutes / hours / days run around the
// clock; working units count the company calendar (addDuration over policy.calendar).
import { DomainError } from './errors';
import type { Policy } from './policy';
import { addDuration } from './sla';

export type RatingVerdict = 'satisfied' | 'neutral' | 'reopen';

/**
 * Below policy.satisfaction.reopenBelow the complaint goes back to the department (seed 000 §(五)
 * 若业主不满意…重新评估或采取进一步的补救措施); at or above satisfiedAtLeast it counts as satisfied.
 * The verdict rests on the score alone, one rule an owner can see; the comment is not weighed
 * because the caller records it as the owner's reason (了解其不满的原因), whatever it says.
 */
export function judgeRating(policy: Policy, score: number, _comment: string): RatingVerdict {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('RATING.OUT_OF_RANGE', 'a rating is a whole number from 1 to 5');
  if (score < policy.satisfaction.reopenBelow) return 'reopen';
  return score >= policy.satisfaction.satisfiedAtLeast ? 'satisfied' : 'neutral';
}

/** No rating by then → a phone-callback task for 客服 (seed 003 (8) 打電話給投訴人; seed 000 §(五) 主动反馈). */
export function callbackDueAt(policy: Policy, resolvedAt: Date): Date {
  return addDuration(policy.calendar, resolvedAt, policy.satisfaction.callbackAfter);
}

/** Neither rated nor called back by then → closed automatically, so nothing waits on an owner forever. */
export function autoCloseAt(policy: Policy, resolvedAt: Date): Date {
  return addDuration(policy.calendar, resolvedAt, policy.satisfaction.autoCloseAfter);
}

/** `reopenCount` counts this reopening: at policy.satisfaction.escalateAfterReopens a manager is told. */
export function shouldEscalateReopen(policy: Policy, reopenCount: number): boolean {
  return reopenCount >= policy.satisfaction.escalateAfterReopens;
}
