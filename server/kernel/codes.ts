// One-time codes handed over by chat or read out: 8 characters from an alphabet without look-alikes
// (no I, O, 0, 1), ~1e12 codes, each found by a unique index and valid for a week.
import crypto from 'crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** An unredeemed code expires: codes travel by chat and should not live forever. */
export const CODE_DAYS = 7;

export function oneTimeCode(): string {
  return [...crypto.randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function codeExpiry(now: Date): Date {
  return new Date(now.getTime() + CODE_DAYS * 86_400_000);
}
