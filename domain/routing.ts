// Routing: which department owns a complaint, who else is alerted and when (seed 003 (5)), and the
// keyword suggestion of urgency that staff confirm (seed 000 §(二); DESIGN.md §1 classification).
import { withinWorkingDay } from './calendar';
import { DomainError } from './errors';
import { byCodePoint, type CategoryCode, type DepartmentCode, type Urgency } from './model';
import type { Duration, Policy } from './policy';
import { addDuration } from './sla';

/** The roles a duty roster covers: nights (seed 003 (5)c), emergencies and escalation (seed 003 (5)b). */
export const DUTY_ROLES = ['security_supervisor', 'duty_manager', 'general_manager'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];

/** One shift of the duty roster (排班), covering [from, to). */
export interface DutyShift {
  role: DutyRole;
  staffId: string;
  from: Date;
  to: Date;
}
export type DutyRoster = DutyShift[];

/**
 * The staff member on duty in `role` at `at`. Of the shifts covering it the latest-starting wins, so
 * a swap entered on top of the regular rota takes over for its hours; null when nobody covers it.
 */
export function onDuty(roster: DutyRoster, role: DutyRole, at: Date): string | null {
  const covering = roster.filter((s) => s.role === role && s.from <= at && at < s.to);
  covering.sort((a, b) => b.from.getTime() - a.from.getTime() || byCodePoint(a.staffId, b.staffId));
  return covering[0]?.staffId ?? null;
}

/** Owners type "电梯 困人" as often as "电梯困人": spaces never separate a keyword. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * 紧急 when the owner's text contains one of policy.urgentKeywords (seed 000 §(二) 电梯困人、水管爆裂),
 * else 一般. Only a suggestion: staff decide the urgency at triage.
 */
export function suggestUrgency(policy: Policy, text: string): { urgency: Urgency; matched: string[] } {
  const haystack = compact(text);
  const matched = [...new Set(policy.urgentKeywords.map(compact))].filter((k) => k !== '' && haystack.includes(k));
  return { urgency: matched.length > 0 ? 'urgent' : 'normal', matched };
}

/** The responsible department of a category (seed 000 §(二) 明确各类型投诉的责任归属部门). */
export function departmentFor(policy: Policy, category: CategoryCode): DepartmentCode {
  const found = policy.categories.find((c) => c.code === category);
  if (!found) throw new DomainError('TRIAGE.UNKNOWN_CATEGORY', `unknown category ${category}`);
  return found.department;
}

/**
 * Who answers for a complaint nobody has classified yet, at `at`: 客服 in working hours; outside them
 * the on-duty security supervisor (seed 003 (5)c 非工作时间投诉处理的责任人为当值安全主管), and the duty
 * manager too when the urgency's policy alerts them at once (seed 003 (5)b). Before triage there is
 * no department, so no department head is ever the one to chase.
 */
export function intakeResponsible(policy: Policy, urgency: Urgency, at: Date): Array<'reception' | DutyRole> {
  if (withinWorkingDay(policy.calendar, at)) return ['reception'];
  return policy.urgencies[urgency].alertDutyManagerAtOnce ? ['security_supervisor', 'duty_manager'] : ['security_supervisor'];
}

/** Who is told, why, and when: a role, resolved to the person on duty when the message is sent. */
export type Alert = { to: 'department'; department: DepartmentCode; reason: 'category'; at: Date } | { to: DutyRole; reason: 'after_hours' | 'emergency' | 'emergency_unaccepted'; at: Date };

export interface RoutingDecision {
  /** Null until staff choose a category (at intake). */
  department: DepartmentCode | null;
  afterHours: boolean;
  alerts: Alert[];
  /** Emergencies only: when the general manager is told if nobody has taken the complaint on. */
  generalManagerAt: Date | null;
}

const CLOCK_UNIT = {
  working_minutes: 'minutes',
  working_hours: 'hours',
  working_days: 'days',
  minutes: 'minutes',
  hours: 'hours',
  days: 'days',
} as const satisfies Record<Duration['unit'], Duration['unit']>;

/** Emergencies run around the clock (seed 000 §(二) 立即响应): a working unit is read as clock time. */
function aroundTheClock(d: Duration): Duration {
  return { amount: d.amount, unit: CLOCK_UNIT[d.unit] };
}

/**
 * Who handles and who is alerted for a complaint at `at` — the one routing rule: intake's alerts
 * (domain/notifications.ts) and the emergency timer (domain/timers.ts) both read it.
 * - the category's department, once there is a category;
 * - outside the working day (withinWorkingDay), the on-duty security supervisor (seed 003 (5)c 非工作时间投诉处理的责任人为当值安全主管);
 * - when the urgency's policy says so (policy.urgencies[u].alertDutyManagerAtOnce), the duty manager at
 *   once (seed 003 (5)b 立即反映给当值的部门经理), and the general manager at `generalManagerAt` =
 *   at + emergencyGeneralManagerAfter, counted around the clock, if by then nobody has taken it on
 *   (超出部门经理权属 → 总物业经理).
 * Who is on duty in each role is decided when the message goes out (onDuty over the roster then).
 */
export function route(policy: Policy, input: { category: CategoryCode | null; urgency: Urgency; at: Date }): RoutingDecision {
  const { at } = input;
  const department = input.category === null ? null : departmentFor(policy, input.category);
  const afterHours = !withinWorkingDay(policy.calendar, at);
  const alerts: Alert[] = department === null ? [] : [{ to: 'department', department, reason: 'category', at }];
  if (afterHours) alerts.push({ to: 'security_supervisor', reason: 'after_hours', at });
  let generalManagerAt: Date | null = null;
  if (policy.urgencies[input.urgency].alertDutyManagerAtOnce) {
    alerts.push({ to: 'duty_manager', reason: 'emergency', at });
    generalManagerAt = addDuration(policy.calendar, at, aroundTheClock(policy.emergencyGeneralManagerAfter));
    alerts.push({ to: 'general_manager', reason: 'emergency_unaccepted', at: generalManagerAt });
  }
  return { department, afterHours, alerts, generalManagerAt };
}
