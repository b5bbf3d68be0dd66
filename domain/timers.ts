// What the clock asks of a complaint: reminders before a deadline (催办), escalation after it slips
// (升级), the callback task and auto-close after resolution. Pure: the scheduler stores
// `nextTimerAt(complaint)` on the document, finds due complaints by an index on it, and issues the
// commands `dueTimers` returns — each keyed, so a repeated or overlapping run issues nothing twice.
import { deadlineOf, type Complaint } from './complaint';
import { personalDataEraseAt, type Command } from './lifecycle';
import type { Role } from './model';
import type { Policy } from './policy';
import { intakeResponsible, route } from './routing';
import { escalationSchedule, reminderTimes, slaClock } from './sla';

type TimerCommand = Extract<Command, { type: 'remind' | 'escalate' | 'request_callback' | 'auto_close' | 'erase_personal_data' }>;

interface Timer {
  at: Date;
  command: TimerCommand;
}

/** Every timer the complaint has in its current state, fired or not. */
export function timersOf(c: Complaint, policy: Policy): Timer[] {
  if (c.status === 'closed') {
    const eraseAt = personalDataEraseAt(c, policy);
    return eraseAt ? [{ at: eraseAt, command: { type: 'erase_personal_data' } }] : [];
  }
  if (c.pause) return [];
  if (c.status === 'resolved') {
    const timers: Timer[] = [];
    // The reply by the complainant's channel falls due: 客服 are reminded (seed 003 (8)).
    if (c.reply && c.reply.recordedAt === null) timers.push({ at: c.reply.dueBy, command: { type: 'remind', key: `reply:${c.reopenCount + 1}`, deadline: 'reply', notify: ['reception'] } });
    if (!c.rating && !c.callbackRequested && c.callbackDueAt) timers.push({ at: c.callbackDueAt, command: { type: 'request_callback' } });
    if (c.autoCloseAt) timers.push({ at: c.autoCloseAt, command: { type: 'auto_close' } });
    return timers;
  }
  const urgency = c.urgency ?? c.suggestedUrgency ?? 'normal';
  const clock = slaClock(policy, urgency);
  const timers: Timer[] = [];
  // Who is chased at `at`: before triage whoever answers for intake then (intakeResponsible: 客服 by
  // day, the on-duty security supervisor at night); after triage, the assigned handler.
  const untriaged = c.status === 'submitted';
  const chased = (at: Date): Role[] => (untriaged ? intakeResponsible(policy, urgency, at) : ['handler']);
  const deadline = (kind: 'response' | 'resolution', start: Date, due: Date) => {
    reminderTimes(policy, start, due, clock).forEach((at, i) => {
      timers.push({ at, command: { type: 'remind', key: `${kind}:r${i + 1}`, deadline: kind, notify: chased(at) } });
    });
    for (const step of escalationSchedule(policy, due, clock)) {
      // The first step goes to whoever supervises the work: a department head once there is a
      // department; before triage, the one answering for intake at that hour — never every head.
      const notify = untriaged && step.role === 'department_head' ? chased(step.at)[0]! : step.role;
      timers.push({ at: step.at, command: { type: 'escalate', key: `${kind}:e${step.level}`, deadline: kind, level: step.level, notify } });
    }
  };
  if (c.acceptedAt === null) {
    deadline('response', c.submittedAt, c.respondBy);
    // seed 003 (5)b: an emergency nobody has taken on goes to the general manager (route(): the
    // urgency's policy decides, and the wait runs around the clock).
    const generalManagerAt = route(policy, { category: null, urgency, at: c.submittedAt }).generalManagerAt;
    if (generalManagerAt) {
      timers.push({ at: generalManagerAt, command: { type: 'escalate', key: 'response:emergency_gm', deadline: 'response', level: policy.escalation.length + 1, notify: 'general_manager' } });
    }
  } else if (c.resolveBy) {
    deadline('resolution', c.resolutionStartedAt ?? c.acceptedAt, c.resolveBy);
  }
  return timers;
}

function pending(c: Complaint, policy: Policy): Timer[] {
  return timersOf(c, policy).filter((t) => !('key' in t.command) || !c.timersFired.includes(t.command.key));
}

/**
 * The commands due at `now`, oldest first. A warning (催办 「即将超时」) whose moment has passed — its
 * deadline has come, or a later timer of the same deadline is due too, as when the scheduler catches
 * up after an outage — is stale: it is recorded, so never issued again, but sends nothing, leaving the
 * escalation that is due now to speak (a warning after the fact only spends a credit and misleads).
 * Escalations are never stale: each level reaches someone new (seed 003 (5)b).
 */
export function dueTimers(c: Complaint, now: Date, policy: Policy): TimerCommand[] {
  const due = pending(c, policy)
    .filter((t) => t.at.getTime() <= now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return due.map(({ command }, i) => {
    if (command.type !== 'remind') return command;
    const deadline = deadlineOf(c, command.deadline);
    const passed = deadline !== null && deadline.getTime() <= now.getTime();
    const overtaken = due.slice(i + 1).some((later) => 'deadline' in later.command && later.command.deadline === command.deadline);
    return passed || overtaken ? { ...command, stale: true } : command;
  });
}

/** When the scheduler should next look at this complaint; null when nothing is pending. */
export function nextTimerAt(c: Complaint, policy: Policy): Date | null {
  const times = pending(c, policy).map((t) => t.at.getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}
