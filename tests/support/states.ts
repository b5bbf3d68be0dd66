// Every way a complaint reads (miniprogram/utils/labels.ts STATE_LABELS): each open status, and a
// closed complaint by each closure reason — walked from the domain's own lists, so a new status or
// reason is walked too. `reach` brings a fresh complaint there through the real api function, by the
// commands people send (and the clock, for 自动办结), so what a page or a message shows is what the
// server wrote.
import { CLOSURE_REASONS, STATUSES } from '../../domain/model';
import type { StateSource } from '../../miniprogram/utils/labels';
import type { ApiCloud } from './api';

export const EVERY_STATE: StateSource[] = [
  ...STATUSES.filter((s) => s !== 'closed').map((status) => ({ status, closure: null })),
  ...CLOSURE_REASONS.map((reason) => ({ status: 'closed' as const, closure: { reason } })),
];

export const stateName = (s: StateSource): string => (s.closure ? `closed:${s.closure.reason}` : s.status);

/** Who does what: an owner, 客服, an engineering handler and their head, and the 值班经理 who closes. */
export interface Cast {
  owner: string;
  reception: string;
  handler: string;
  head: string;
  dutyManager: string;
}

let seq = 0;

/** Files a complaint as the owner (a public area of community-a) and returns its id and number. */
async function file(c: ApiCloud, owner: string): Promise<{ id: string; number: string }> {
  // Past the owners' rate limit (5 in 10 minutes) whatever came before.
  await c.post('/local/clock', { advanceMs: 3 * 60_000 });
  const r = await c.call<{ id: string; number: string }>(owner, { action: 'complaint.submit', requestId: `complaint-state-${seq++}`, communityId: 'community-a', location: { kind: 'public_area', description: '2栋大堂' }, description: '大堂的门禁坏了，刷卡没反应' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

/** Brings a new complaint of `cast.owner` to `target`; the scheduler runs only where the clock must act. */
export async function reach(c: ApiCloud, cast: Cast, target: StateSource): Promise<{ id: string; number: string }> {
  const filed = await file(c, cast.owner);
  if (target.status === 'submitted') return filed;
  const step = async (who: string, command: object) => {
    const r = await c.call(who, { action: 'complaint.command', id: filed.id, command });
    if (!r.ok) throw new Error(`${stateName(target)}: ${JSON.stringify(command)} → ${JSON.stringify(r)}`);
  };
  const reason = target.closure?.reason;
  const path: Array<[string, object, string?]> = [];
  if (reason === 'invalid') path.push([cast.reception, { type: 'triage', valid: false, explanation: '门禁属于业委会另行招标的系统，不在物业服务范围' }]);
  else if (reason === 'withdrawn') path.push([cast.owner, { type: 'withdraw', reason: '已经自己联系厂家修好了' }]);
  else if (reason === 'merged') {
    const original = await file(c, cast.owner);
    path.push([cast.reception, { type: 'merge', targetId: original.id, explanation: '与同一业主先前的投诉是同一件事' }]);
  } else {
    path.push(
      [cast.reception, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', department: 'engineering', handlerId: cast.handler }, 'assigned'],
      [cast.handler, { type: 'accept' }, 'accepted'],
      [cast.handler, { type: 'investigate', findings: '读卡器主板受潮', photos: [], responsibleParty: 'property' }, 'investigated'],
      // Over the approval threshold (policy.approvalCostThreshold), so it waits for the head.
      [cast.handler, { type: 'plan', description: '更换读卡器主板', expectedCompletionAt: new Date(Date.parse((await c.get<{ now: string }>('/local/clock')).now) + 2 * 86_400_000).toISOString(), estimatedCost: 800 }, 'awaiting_approval'],
      [cast.head, { type: 'approve_plan', comment: '同意' }, 'in_progress'],
      [cast.handler, { type: 'resolve', result: '已更换主板，刷卡正常', photos: [] }, 'resolved'],
    );
    if (reason === 'satisfied') path.push([cast.owner, { type: 'rate', score: 5, comment: '修得很快' }]);
    if (reason === 'rated') path.push([cast.owner, { type: 'rate', score: 3, comment: '还行' }]);
    if (reason === 'closed_by_staff') path.push([cast.dutyManager, { type: 'close', explanation: '业主电话确认已修好' }]);
  }
  for (const [who, command, reached] of path) {
    await step(who, command);
    if (reached === target.status) return filed;
  }
  if (reason === 'auto_closed') {
    // Neither rated nor called back within policy.satisfaction.autoCloseAfter (7 days): the clock closes it.
    await c.post('/local/clock', { advanceMs: 8 * 86_400_000 });
    await c.post('/local/functions/scheduler/invoke', { data: {} });
  }
  return filed;
}
