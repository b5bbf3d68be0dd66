// API errors: a stable code from typings/errors.ts plus the precise reason. Domain codes map onto
// API codes here, in one place.
import { API_ERRORS, type ApiErrorCode, type ApiFailure } from '../typings/errors';
import { DomainError } from '../domain/errors';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail?: string,
    /** A more precise Chinese message than the code's, when the user needs a figure (e.g. when to retry). */
    readonly userMessage?: string,
  ) {
    super(detail ?? code);
  }
}

const DOMAIN_TO_API: Record<string, ApiErrorCode> = {
  'LIFECYCLE.ROLE_FORBIDDEN': 'FORBIDDEN',
  'LIFECYCLE.NOT_YOUR_COMPLAINT': 'FORBIDDEN',
  'LIFECYCLE.NOT_ASSIGNED_TO_YOU': 'FORBIDDEN',
  'APPROVAL.OWN_PLAN': 'FORBIDDEN',
  'LIFECYCLE.NOT_FOUND': 'NOT_FOUND',
  'LIFECYCLE.ILLEGAL_TRANSITION': 'ILLEGAL_TRANSITION',
  'LIFECYCLE.PAUSED': 'PAUSED',
  'RATING.ALREADY_RATED': 'ILLEGAL_TRANSITION',
};

export function toFailure(e: unknown): ApiFailure {
  if (e instanceof ApiError) return { ok: false, code: e.code, message: e.userMessage ?? API_ERRORS[e.code], detail: e.detail };
  if (e instanceof DomainError) {
    const code = DOMAIN_TO_API[e.code] ?? 'VALIDATION';
    return { ok: false, code, message: API_ERRORS[code], detail: e.code };
  }
  return { ok: false, code: 'INTERNAL', message: API_ERRORS.INTERNAL, detail: e instanceof Error ? e.message : String(e) };
}
