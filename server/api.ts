// The `api` function's dispatcher: every request is validated against the contract, the caller is
// resolved, and the handler's result or error becomes `{ok, data}` / `{ok:false, code, message}`.
// It never throws: bad input gets a code and a Chinese message and writes nothing.
import { requestSchemas, type Action } from '../typings/api';
import type { ApiResult } from '../typings/errors';
import { ApiError, toFailure } from './errors';
import { command } from './handlers/command';
import { counts, list } from './handlers/inbox';
import { detail, mine, revealPhone } from './handlers/read';
import { submit } from './handlers/submit';
import { resolveCaller, type Caller } from './members';
import type { Deps } from './ports';

type Handler = (deps: Deps, caller: Caller, req: never) => Promise<unknown>;

const HANDLERS: Record<Action, Handler> = {
  'complaint.submit': submit,
  'complaint.record': submit,
  'complaint.mine': mine,
  'complaint.detail': detail,
  'complaint.command': command,
  'complaint.revealPhone': revealPhone,
  'inbox.list': list,
  'inbox.counts': counts,
};

export async function handle(deps: Deps, openid: string, event: unknown): Promise<ApiResult<unknown>> {
  try {
    if (typeof event !== 'object' || event === null) throw new ApiError('BAD_REQUEST', 'the request must be an object');
    const { action, ...payload } = event as { action?: unknown };
    if (typeof action !== 'string' || !(action in HANDLERS)) throw new ApiError('UNKNOWN_ACTION', String(action));
    const parsed = requestSchemas[action as Action].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError('VALIDATION', issue ? `${issue.path.join('.') || '(request)'}: ${issue.message}` : 'invalid');
    }
    const caller = await resolveCaller(deps.db, openid);
    const data = await HANDLERS[action as Action](deps, caller, parsed.data as never);
    return { ok: true, data };
  } catch (e) {
    return toFailure(e);
  }
}
