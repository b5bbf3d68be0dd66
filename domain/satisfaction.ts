// Satisfaction after resolution (seed 000 §(五), 002 (12), 003 (8)): how a rating is judged, when the
// phone callback is due, when an unrated complaint closes by itself, and when repeated reopening
// goes to a manager. All thresholds are policy.
import { DomainError } from './errors';
import type { Policy } from './policy';
import { addDuration } from './sla';

export type RatingVerdict = 'satisfied' | 'neutral' | 'reopen';

export function judgeRating(policy: Policy, score: number, _comment: string): RatingVerdict {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('RATING.OUT_OF_RANGE', 'a rating is a whole number from 1 to 5');
  if (score < policy.satisfaction.reopenBelow) return 'reopen';
  return score >= policy.satisfaction.satisfiedAtLeast ? 'satisfied' : 'neutral';
}

export function callbackDueAt(policy: Policy, resolvedAt: Date): Date {
  return addDuration(policy.calendar, resolvedAt, policy.satisfaction.callbackAfter);
}

export function autoCloseAt(policy: Policy, resolvedAt: Date): Date {
  return addDuration(policy.calendar, resolvedAt, policy.satisfaction.autoCloseAfter);
}

export function shouldEscalateReopen(policy: Policy, reopenCount: number): boolean {
  return reopenCount >= policy.satisfaction.escalateAfterReopens;
}
