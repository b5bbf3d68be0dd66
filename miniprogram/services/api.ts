// The typed door to the `api` cloud function: one call per action of the contract (typings/api.ts).
// Failures become a ServiceError carrying the server's friendly Chinese message, which pages show as is.
import type { Action, ActionInput, ActionResponses, Wire } from '../../typings/api';
import { transport } from './transport';

export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Answer = { ok: true; data: unknown } | { ok: false; code: string; message: string };

function isAnswer(x: unknown): x is Answer {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean';
}

export async function call<A extends Action>(action: A, request: ActionInput<A>): Promise<Wire<ActionResponses[A]>> {
  let answer: unknown;
  try {
    answer = await transport().callFunction('api', { action, ...request });
  } catch {
    throw new ServiceError('NETWORK', '网络不太好，请检查网络后重试');
  }
  if (!isAnswer(answer)) throw new ServiceError('INTERNAL', '系统繁忙，请稍后再试');
  if (!answer.ok) throw new ServiceError(answer.code, answer.message);
  return answer.data as Wire<ActionResponses[A]>;
}

/** A client request id: a retried submit with the same id finds the complaint already filed. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The message to show for any failure: the server's own words, or a generic one. */
export function messageOf(e: unknown): string {
  return e instanceof ServiceError ? e.message : '系统繁忙，请稍后再试';
}
