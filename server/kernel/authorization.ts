// Who may call each action: one table (action → roles), checked by the dispatcher before any
// handler runs, so a handler never repeats a role check and the mini-program learns the same answer
// from account.me (`actions`). The scope — which community, which complaint — is the handler's part:
// it depends on the request (requireCommunity, canSee), and the lifecycle's table decides each step.
import { ROLES, type Role } from '../../domain/model';
import { TRANSITIONS } from '../../domain/lifecycle';
import { DIRECTOR_ROLES, VISITOR_ROLES } from '../../domain/visits';
import type { Policy } from '../../domain/policy';
import type { Action } from '../../typings/api';
import { ApiError } from './errors';

const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'owner');
/** 管理看板 and reports: department heads up (seed 003 (10) 向部门经理汇报). */
const MANAGERS: readonly Role[] = ['department_head', 'duty_manager', 'general_manager', 'admin'];
/** Company set-up: the system administrator and the general manager. */
export const ADMINISTRATORS: readonly Role[] = ['admin', 'general_manager'];
/** 代业主登记: whoever takes calls and visits (the lifecycle's `record` step). */
const RECORDERS = TRANSITIONS.record.roles.filter((r): r is Role => r !== 'system');
/**
 * 发布公告 and 撤回: whom the company's policy names (seed 002 职责; policy.notices.publishers) — read from
 * the stored policy, so a role the company adds may publish and one it removes no longer sees 发布.
 */
const PUBLISHERS = (policy: Policy): readonly Role[] => policy.notices.publishers;
/**
 * 答复意见建议 and 转为投诉: the desk and the heads (seed 002 职责: 管理处主任…处理业户意见和建议;
 * 客户服务主管…将有关信息及时反馈业户); handlers and the night security supervisor read them only.
 */
const SUGGESTION_ANSWERERS: readonly Role[] = ['reception', 'department_head', 'duty_manager', 'general_manager', 'admin'];

/**
 * 'unbound': any WeChat user, bound or not, acting on their own account only. A function: the roles
 * the company's stored policy names (the one authority for that rule).
 */
export type AllowedRoles = readonly Role[] | 'unbound' | ((policy: Policy) => readonly Role[]);

export const ACTION_ROLES: Record<Action, AllowedRoles> = {
  'account.me': 'unbound',
  'directory.list': 'unbound',
  'owner.bind': 'unbound',
  'staff.join': 'unbound',
  'subscription.record': 'unbound',
  'subscription.credits': 'unbound',
  'owner.unbind': ['owner'],
  'household.join': 'unbound',
  'company.setup': 'unbound',
  'household.invite': ['owner'],
  'household.list': ['owner'],
  'household.remove': ['owner'],
  'complaint.submit': ['owner'],
  'complaint.mine': ['owner'],
  'complaint.preview': ROLES,
  // Each step's own roles and guards are the lifecycle's (domain/lifecycle.ts TRANSITIONS).
  'complaint.detail': ROLES,
  'complaint.timeline': ROLES,
  'complaint.command': ROLES,
  'complaint.record': RECORDERS,
  'complaint.revealPhone': STAFF,
  'inbox.list': STAFF,
  'inbox.counts': STAFF,
  'staff.list': STAFF,
  'stats.monthly': MANAGERS,
  'stats.export': MANAGERS,
  // 集团看板: the company-level roles, over every community they hold.
  'stats.company': ADMINISTRATORS,
  'stats.rebuild': ADMINISTRATORS,
  'admin.invite': ADMINISTRATORS,
  'admin.staff.update': ADMINISTRATORS,
  'admin.staff.list': ADMINISTRATORS,
  'admin.community.list': ADMINISTRATORS,
  'admin.community.upsert': ADMINISTRATORS,
  'admin.building.save': ADMINISTRATORS,
  'admin.households.template': ADMINISTRATORS,
  'admin.households.preview': ADMINISTRATORS,
  'admin.households.apply': ADMINISTRATORS,
  'admin.roster.add': ADMINISTRATORS,
  'admin.roster.list': ADMINISTRATORS,
  'admin.rooms.upsert': ADMINISTRATORS,
  'admin.policy.get': ADMINISTRATORS,
  'admin.policy.set': ADMINISTRATORS,
  'admin.alerts.get': ADMINISTRATORS,
  'admin.alerts.set': ADMINISTRATORS,
  // Any staff member may check that the ladder reaches them before a night on duty.
  'alerts.test': STAFF,
  // 业户走访 (seed 002 §6): recorded by 客服 and those above; the month's figures are the managers'.
  'visit.record': VISITOR_ROLES,
  'visit.link': VISITOR_ROLES,
  'visit.suggest': VISITOR_ROLES,
  'visit.list': VISITOR_ROLES,
  'visit.month': MANAGERS,
  // 满意度调查 (seed 002 标准4, 要求(5)(11)): managers run it, owners answer and read published results.
  'survey.create': MANAGERS,
  'survey.list': MANAGERS,
  'survey.publish': MANAGERS,
  'survey.results': [...MANAGERS, 'owner'],
  'survey.mine': ['owner'],
  'survey.answer': ['owner'],
  // 业户沟通总结 (seed 002 职责): written by the 客户服务主管 (the customer-service department head —
  // the department is checked in domain/summaries.ts), reviewed by the 管理处主任.
  'summary.get': MANAGERS,
  'summary.save': ['department_head'],
  'summary.review': DIRECTOR_ROLES,
  'notice.publish': PUBLISHERS,
  // 撤回: whoever may publish, in their own communities.
  'notice.withdraw': PUBLISHERS,
  // Owners read their buildings' notices, staff their communities'.
  'notice.list': ROLES,
  'notice.detail': ROLES,
  // The intake's question: whoever files (owners) or records (reception) a complaint.
  'notice.intake': ['owner', ...RECORDERS],
  // Its answer 「是这个问题」: the owner, or whoever records for them (代业主登记).
  'notice.deflect': ['owner', ...RECORDERS],
  'suggestion.submit': ['owner'],
  'suggestion.mine': ['owner'],
  'suggestion.list': STAFF,
  'suggestion.detail': ROLES,
  'suggestion.reply': SUGGESTION_ANSWERERS,
  'suggestion.convert': SUGGESTION_ANSWERERS,
};

/** Whether the action's roles come from the company's policy (the dispatcher then reads it). */
export function governedByPolicy(action: Action): boolean {
  return typeof ACTION_ROLES[action] === 'function';
}

export function mayCall(action: Action, role: Role | null, policy: Policy): boolean {
  const allowed = ACTION_ROLES[action];
  if (allowed === 'unbound') return true;
  return role !== null && (typeof allowed === 'function' ? allowed(policy) : allowed).includes(role);
}

export function authorizeAction(action: Action, role: Role, policy: Policy): void {
  if (!mayCall(action, role, policy)) throw new ApiError('FORBIDDEN', `${role} may not call ${action}`);
}

/** The actions a role may call, for the mini-program to show only what works (account.me). */
export function actionsFor(role: Role | null, policy: Policy): Action[] {
  return (Object.keys(ACTION_ROLES) as Action[]).filter((a) => mayCall(a, role, policy));
}
