// The `api` function's dispatcher: every request is validated against the contract, the caller is
// resolved, and the handler's result or error becomes `{ok, data}` / `{ok:false, code, message}`.
// It never throws: bad input gets a code and a Chinese message and writes nothing.
import { requestSchemas, type Action } from '../typings/api';
import type { ApiResult } from '../typings/errors';
import { ApiError, toFailure } from './errors';
import { command } from './handlers/command';
import { bindRoom, credits, recordSubscriptions } from './handlers/account';
import { addShifts, getPolicy, invite, join, setPolicy, updateStaff, upsertCommunity, upsertRooms } from './handlers/admin';
import { counts, list } from './handlers/inbox';
import { detail, mine, revealPhone } from './handlers/read';
import { exportMonthly } from './handlers/report';
import { monthly } from './handlers/stats';
import { submit } from './handlers/submit';
import { resolveCaller, type Caller } from './members';
import type { Deps } from './ports';

type Handler = (deps: Deps, caller: Caller, req: never) => Promise<unknown>;
/** Actions of a WeChat user who need not be bound yet: they act on their own openid only. */
type OwnHandler = (deps: Deps, openid: string, req: never) => Promise<unknown>;

const UNBOUND: Partial<Record<Action, OwnHandler>> = {
  'owner.bind': bindRoom,
  'subscription.record': recordSubscriptions,
  'subscription.credits': (deps, openid) => credits(deps, openid),
  'staff.join': join,
};

const HANDLERS: Record<Exclude<Action, 'owner.bind' | 'subscription.record' | 'subscription.credits' | 'staff.join'>, Handler> = {
  'complaint.submit': submit,
  'complaint.record': submit,
  'complaint.mine': mine,
  'complaint.detail': detail,
  'complaint.command': command,
  'complaint.revealPhone': revealPhone,
  'inbox.list': list,
  'inbox.counts': counts,
  'stats.monthly': monthly,
  'stats.export': exportMonthly,
  'admin.invite': invite,
  'admin.roster.add': addShifts,
  'admin.rooms.upsert': upsertRooms,
  'admin.policy.get': getPolicy,
  'admin.policy.set': setPolicy,
  'admin.staff.update': updateStaff,
  'admin.community.upsert': upsertCommunity,
};

export async function handle(deps: Deps, openid: string, event: unknown): Promise<ApiResult<unknown>> {
  try {
    if (typeof event !== 'object' || event === null) throw new ApiError('BAD_REQUEST', 'the request must be an object');
    const { action, ...payload } = event as { action?: unknown };
    if (typeof action !== 'string' || !(action in requestSchemas)) throw new ApiError('UNKNOWN_ACTION', String(action));
    const parsed = requestSchemas[action as Action].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError('VALIDATION', issue ? `${issue.path.join('.') || '(request)'}: ${issue.message}` : 'invalid');
    }
    const own = UNBOUND[action as Action];
    if (own) {
      if (!openid) throw new ApiError('NOT_SIGNED_IN');
      return { ok: true, data: await own(deps, openid, parsed.data as never) };
    }
    const caller = await resolveCaller(deps.db, openid);
    const data = await HANDLERS[action as keyof typeof HANDLERS](deps, caller, parsed.data as never);
    return { ok: true, data };
  } catch (e) {
    return toFailure(e);
  }
}
