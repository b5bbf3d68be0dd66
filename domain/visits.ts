// 业户走访 (seed 002 §6 业户访问日常意见征询): the monthly visits of owners, pure rules. A visit records
// what the owner said on each topic of seed 002 §3 沟通内容; a room counts once a month (§6 不能重复访问)
// and a complaint callback is no visit (§6 不含回访) — callbacks live on complaints, never here.
import { localDate, monthKey, startOfLocalDay } from './calendar';
import { unreachable, type Decider } from './decider';
import { DomainError } from './errors';
import type { Policy } from './policy';
import type { DomainErrorCode } from './errors';
import type { Role, Topic } from './model';

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

/** A staff member records a visit to a room (seed 002 §6 业户走访), for a day of this month or the last. */
export interface VisitCommand {
  type: 'record';
  communityId: string;
  roomId: string;
  visitedOn: string;
  way: VisitWay;
  opinions: Array<{ topic: Topic; text: string }>;
  followUps: string;
  staffId: string;
  staffName: string;
}

/** What the rules read: the room as found (null when there is none), worded as people read it. */
export interface VisitState {
  room: { communityId: string; label: string } | null;
}

/** Recorded; whether it counts toward the month (once per room) is the store's unique key's answer. */
export interface VisitedEvent {
  type: 'visited';
  communityId: string;
  roomId: string;
  room: string;
  month: string;
  visitedOn: string;
  visitedAt: Date;
  way: VisitWay;
  opinions: Array<{ topic: Topic; text: string; complaintId: null; complaintNumber: null; suggestionId: null; suggestionNumber: null }>;
  followUps: string;
  staffId: string;
  staffName: string;
  recordedAt: Date;
}
export type VisitEvent = VisitedEvent;

function record(c: VisitCommand, s: VisitState, now: Date): VisitEvent[] {
  const problem = visitDateProblem(c.visitedOn, now);
  if (problem) throw new DomainError(problem, `visitedOn ${c.visitedOn}`);
  if (!s.room || s.room.communityId !== c.communityId) throw new DomainError('VISITS.NO_ROOM', `room ${c.roomId}`);
  const { type: _type, ...fields } = c;
  const opinions = c.opinions.map((o) => ({ topic: o.topic, text: o.text, complaintId: null, complaintNumber: null, suggestionId: null, suggestionNumber: null }));
  return [{ ...fields, type: 'visited', room: s.room.label, month: monthOf(c.visitedOn), visitedAt: startOfLocalDay(c.visitedOn), opinions, recordedAt: now }];
}

export function decideVisit(command: VisitCommand, state: VisitState, _policy: Policy, now: Date): VisitEvent[] {
  switch (command.type) {
    case 'record':
      return record(command, state, now);
    default:
      return unreachable(command.type);
  }
}

/** A recorded visit changes nothing the next visit's rules read (the room stays the room). */
export const evolveVisit = (state: VisitState, _event: VisitEvent): VisitState => state;

export const visitDecider: Decider<VisitCommand, VisitState, VisitEvent> = { decide: decideVisit, evolve: evolveVisit, initialState: { room: null } };
