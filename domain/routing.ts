// Routing: which department owns a complaint, who else is alerted and when (seed 003 (5)), and the
// keyword suggestion of urgency that staff confirm (seed 000 §(二)).
import { isWithinBusinessHours } from './calendar';
import { DomainError } from './errors';
import type { CategoryCode, DepartmentCode, Urgency } from './model';
import type { Policy } from './policy';
import { addDuration } from './sla';

/** Who is on duty when: shifts of the roles that cover nights, emergencies and escalation. */
export interface DutyShift {
  role: 'security_supervisor' | 'duty_manager' | 'general_manager';
  staffId: string;
  from: Date;
  to: Date;
}
export type DutyRoster = DutyShift[];

/** The staff member on duty in `role` at `at`: of the shifts covering it, the latest-starting wins
 * (a swapped-in shift overrides the regular one). */
export function onDuty(roster: DutyRoster, role: DutyShift['role'], at: Date): string | null {
  const covering = roster.filter((s) => s.role === role && s.from <= at && at < s.to);
  covering.sort((a, b) => b.from.getTime() - a.from.getTime() || a.staffId.localeCompare(b.staffId));
  return covering[0]?.staffId ?? null;
}

/** Keywords in the owner's text suggest 紧急; the suggestion is shown to staff, who decide. */
export function suggestUrgency(policy: Policy, text: string): { urgency: Urgency | null; matched: string[] } {
  const matched = policy.urgentKeywords.filter((k) => text.includes(k));
  return { urgency: matched.length > 0 ? 'urgent' : null, matched };
}

export function departmentFor(policy: Policy, category: CategoryCode): DepartmentCode {
  const found = policy.categories.find((c) => c.code === category);
  if (!found) throw new DomainError('TRIAGE.UNKNOWN_CATEGORY', `unknown category ${category}`);
  return found.department;
}

export interface Alert {
  /** A staff id, or null when the roster has nobody: the server falls back to the department head. */
  staffId: string | null;
  role: DutyShift['role'] | 'department';
  reason: 'department' | 'after_hours' | 'emergency' | 'emergency_unaccepted';
  /** When to alert: at once, or later (the general manager for an emergency nobody took on). */
  at: Date;
}

export interface RoutingDecision {
  department: DepartmentCode;
  afterHours: boolean;
  alerts: Alert[];
}

/**
 * Who handles and who is alerted for a complaint classified at `at`:
 * - the category's department, always;
 * - outside business hours, the on-duty security supervisor (seed 003 (5)c 非工作时间投诉处理的责任人为当值安全主管);
 * - an emergency, the duty manager at once (seed 003 (5)b 立即反映给当值的部门经理), and the general manager
 *   if nobody has taken it on by `emergencyGeneralManagerAfter` (超出权限 → 总经理).
 */
export function route(policy: Policy, input: { category: CategoryCode; urgency: Urgency; at: Date; roster: DutyRoster }): RoutingDecision {
  const department = departmentFor(policy, input.category);
  const afterHours = !isWithinBusinessHours(policy.calendar, input.at);
  const alerts: Alert[] = [{ staffId: null, role: 'department', reason: 'department', at: input.at }];
  if (afterHours) {
    alerts.push({ staffId: onDuty(input.roster, 'security_supervisor', input.at), role: 'security_supervisor', reason: 'after_hours', at: input.at });
  }
  if (policy.urgencies[input.urgency].alertDutyManagerAtOnce) {
    alerts.push({ staffId: onDuty(input.roster, 'duty_manager', input.at), role: 'duty_manager', reason: 'emergency', at: input.at });
    const later = addDuration(policy.calendar, input.at, policy.emergencyGeneralManagerAfter);
    alerts.push({ staffId: onDuty(input.roster, 'general_manager', later), role: 'general_manager', reason: 'emergency_unaccepted', at: later });
  }
  return { department, afterHours, alerts };
}
