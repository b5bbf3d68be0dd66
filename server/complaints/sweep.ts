// How the scheduler sweeps complaints (server/kernel/scheduler.ts SweptKind): the clock's commands —
// reminders, escalation, callback task, auto-close, erasure — and where each notification goes:
// the owner, a staff member, or everyone in a role of the complaint's community (the one on duty, for
// shift roles), with template data within WeChat's keyword limits.
import type { Complaint } from '../../domain/complaint';
import { decide } from '../../domain/lifecycle';
import type { Actor } from '../../domain/model';
import type { ComplaintTemplate } from '../../domain/notifications';
import { DUTY_ROLES, onDuty, type DutyRoster, type DutyShift } from '../../domain/routing';
import { dueTimers } from '../../domain/timers';
// The state words are the pages' own table (issue 28.4): a message names the state as 投诉详情 does.
import { statePhrase } from '../../miniprogram/utils/labels';
import { complaintPlace } from '../kernel/access';
import { applyEvents, complaints } from './store';
import { roleHolders } from '../kernel/members';
import type { Deps } from '../kernel/ports';
import type { RunCache, SweptKind } from '../kernel/scheduler';
import type { OutboxEntry } from '../kernel/store';
import { templateData, templateIdOf } from '../kernel/templates';
import { complaintGroupText, taskPlace } from './views';

const SYSTEM: Actor = { role: 'system', id: 'scheduler' };
/** What each complaint message carries, in our fields (server/kernel/templates.ts maps them to the company's template). */
export function messageData(template: ComplaintTemplate, c: Complaint, summary: string, now: Date): Record<string, { value: string }> {
  switch (template) {
    case 'accepted':
      return templateData(template, { number: c.number, summary, deadline: c.respondBy, status: statePhrase(c) });
    case 'progress':
    case 'result':
      return templateData(template, { number: c.number, summary, status: statePhrase(c), at: now });
    case 'task':
      return templateData(template, { number: c.number, summary, place: taskPlace(c), deadline: c.resolveBy ?? c.respondBy });
  }
}

/** Roles that work in shifts: the one on duty per the roster (seed 003 (5)b/c), else everyone in the role. */
const ROSTER_ROLES: ReadonlySet<string> = new Set(DUTY_ROLES);

/** The people an entry goes to now; a role's holders are looked up once per run (a backlog names the same few roles thousands of times). */
async function recipients(deps: Deps, c: Complaint, e: OutboxEntry, now: Date, cache: RunCache): Promise<string[]> {
  if (e.recipient.kind === 'owner') return c.complainant.openid ? [c.complainant.openid] : [];
  if (e.recipient.kind === 'staff') return [e.recipient.staffId];
  // A complaint never addresses a notice's area (server/communication/notices-store.ts) or a survey's owners (server/communication/survey-invitations.ts).
  if (e.recipient.kind === 'area' || e.recipient.kind === 'community_owners') return [];
  const role = e.recipient.role;
  if (ROSTER_ROLES.has(role)) {
    const staffId = await cache(`roster|${c.communityId}|${role}`, async () => {
      const _ = deps.db.command;
      const { data } = await deps.db.collection('duty_roster').where({ communityId: c.communityId, role, to: _.gt(now) }).limit(50).get();
      return onDuty(data as DutyRoster, role as DutyShift['role'], now);
    });
    if (staffId) return [staffId];
  }
  const department = role === 'department_head' && c.department ? c.department : null;
  return cache(`members|${c.communityId}|${role}|${department ?? ''}`, () => roleHolders(deps.db, c.communityId, role, department));
}

/** Where, for the group: a room by building and number, a public area as 公共区域 (its description is the owner's words). */
export const complaintSweep: SweptKind<Complaint> = {
  store: complaints,
  timers(stored, now, policy) {
    const commands = dueTimers(stored.state, now, policy);
    if (commands.length === 0) return { change: null, issued: 0 };
    let next = { state: stored.state, outbox: stored.outbox };
    for (const command of commands) next = applyEvents(next, decide(command, next.state, SYSTEM, now, policy), policy, now);
    return { change: next, issued: commands.length };
  },
  recipients,
  place: complaintPlace,
  message(c, e, now) {
    return {
      templateId: templateIdOf(e.template),
      page: `pages/detail/index?id=${c.id}`,
      data: messageData(e.template as ComplaintTemplate, c, e.summary, now),
      // Staff tasks must not wait for someone to open the app: the group robot and the SMS carry them
      // (issue 27). Only what staff already see on the card — the line, number, urgency and place —
      // never the owner's words, which may hold a name or phone, nor the owner's name or phone.
      groupText: e.recipient.kind === 'owner' ? null : complaintGroupText(e.summary, c),
      smsParams: [e.summary, c.number],
    };
  },
};
