// 业户走访 (seed 002 §6 业户访问日常意见征询): the monthly visits of owners, pure rules. A visit records
// what the owner said on each topic of seed 002 §3 沟通内容; a room counts once a month (§6 不能重复访问)
// and a complaint callback is no visit (§6 不含回访) — callbacks live on complaints, never here.
import { localDate, monthKey } from './calendar';
import type { DomainErrorCode } from './errors';
import type { Role } from './model';

/** How the visit was made (seed 002 沟通方式: 面谈、电话; §6 访问业户 at home). */
export const VISIT_WAYS = ['face', 'phone', 'home'] as const;
export type VisitWay = (typeof VISIT_WAYS)[number];
export const VISIT_WAY_LABELS: Record<VisitWay, string> = { face: '面谈', phone: '电话', home: '上门' };

/**
 * The handbook's people, mapped onto the product's roles (domain/model.ts ROLES) — no new roles:
 * - 客户服务主管 (职责: writes the monthly 业户沟通总结; §6 visits owners) = the department_head of the
 *   customer-service department (CUSTOMER_SERVICE_DEPARTMENT);
 * - 管理处主任 (职责: 审阅每月的业户沟通总结) = duty_manager or general_manager.
 * Visits are recorded by whoever meets owners for the office: reception (客服) and the heads and
 * managers above them.
 */
export const CUSTOMER_SERVICE_DEPARTMENT = 'customer_service';
export const VISITOR_ROLES: readonly Role[] = ['reception', 'department_head', 'duty_manager', 'general_manager', 'admin'];
export const DIRECTOR_ROLES: readonly Role[] = ['duty_manager', 'general_manager'];

export function isCustomerServiceHead(role: Role, department: string | undefined): boolean {
  return role === 'department_head' && department === CUSTOMER_SERVICE_DEPARTMENT;
}

/** The month a local date (YYYY-MM-DD, Asia/Shanghai) falls in: YYYY-MM. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/**
 * The key that makes a room count once a month: two visits of one room in a month share it, so of two
 * concurrent writes exactly one can store the counted visit (a unique _id).
 */
export function countedVisitId(communityId: string, month: string, roomId: string): string {
  return `${communityId}:${month}:${roomId}`;
}

/**
 * A visit may be recorded on a day of this month or the last (late entries of the month's last days),
 * never in the future: the month it counts for is the month of the visit.
 */
export function visitDateProblem(visitedOn: string, now: Date): DomainErrorCode | null {
  const today = localDate(now);
  if (visitedOn > today) return 'VISITS.DATE_IN_FUTURE';
  const [y, m] = today.split('-').map(Number) as [number, number];
  const previous = m === 1 ? monthKey(y - 1, 12) : monthKey(y, m - 1);
  if (monthOf(visitedOn) < previous) return 'VISITS.DATE_TOO_OLD';
  return null;
}

export interface VisitFacts {
  staffId: string;
  staffName: string;
  counted: boolean;
}

export interface VisitProgress {
  target: number;
  done: number;
  /** done ≥ target. */
  met: boolean;
  byStaff: Array<{ staffId: string; name: string; visits: number }>;
}

/** Visits against the target (seed 002 §6), and who made them: only counted visits count. */
export function visitProgress(target: number, visits: VisitFacts[]): VisitProgress {
  const counted = visits.filter((v) => v.counted);
  const by = new Map<string, { staffId: string; name: string; visits: number }>();
  for (const v of counted) {
    const entry = by.get(v.staffId) ?? { staffId: v.staffId, name: v.staffName, visits: 0 };
    entry.visits += 1;
    by.set(v.staffId, entry);
  }
  const byStaff = [...by.values()].sort((a, b) => b.visits - a.visits || (a.staffId < b.staffId ? -1 : 1));
  return { target, done: counted.length, met: counted.length >= target, byStaff };
}
