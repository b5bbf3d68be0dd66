// Who is told what when a complaint changes: pure mapping from events to notification intents.
// The server keeps them in the complaint's outbox, written in the same compare-and-set as the
// events, and the scheduler delivers them as subscription messages.
import type { Complaint, ComplaintEvent } from './complaint';
import type { Role } from './model';
import { withinWorkingDay } from './calendar';
import type { AlertClass, Policy } from './policy';
import { route, type DutyRole } from './routing';

/** The complaint's four subscription templates (wechat-platform.md: one-time credits per user and template). */
export type ComplaintTemplate = 'accepted' | 'progress' | 'result' | 'task';
/** Every template (config/subscription-templates.json): a notice to owners, a suggestion's reply, a survey's invitation. */
export type TemplateKey = ComplaintTemplate | 'notice' | 'suggestion_reply' | 'survey';

export type Recipient =
  | { kind: 'owner' }
  | { kind: 'staff'; staffId: string }
  /** Everyone in `role` for the complaint's community (and department, for department heads). */
  | { kind: 'role'; role: Role }
  /** The owners of a notice's area who accepted the notice template (server/communication/notices-store.ts). */
  | { kind: 'area' }
  /** The registered owners of a survey's community who accepted the survey template (server/communication/survey-invitations.ts). */
  | { kind: 'community_owners' };

export interface NotificationIntent {
  /** Unique per complaint: the event's timeline number and the recipient, so nothing is sent twice. */
  key: string;
  template: TemplateKey;
  recipient: Recipient;
  /** One short line for the message's `thing` field (≤ 20 characters after formatting). */
  summary: string;
  /** A staff alert's kind, which chooses its rungs when the subscription cannot reach the person (policy.alerts.rungs); absent for owners. */
  alert?: AlertClass;
}

/**
 * What a staff alert about this complaint is (policy.alerts.rungs): about a 紧急 complaint — the
 * urgency staff confirmed, else the one suggested at intake — or an escalation out of working hours,
 * else an ordinary task.
 */
export function alertClassOf(event: ComplaintEvent, after: Complaint, policy: Policy): AlertClass {
  if ((after.urgency ?? after.suggestedUrgency ?? 'normal') === 'urgent') return 'urgent';
  if (event.type === 'escalated' && !withinWorkingDay(policy.calendar, event.at)) return 'after_hours_escalation';
  return 'task';
}

/** Notifications for one event appended as timeline entry `seq`, given the state after it. */
export function notificationsFor(event: ComplaintEvent, seq: number, after: Complaint, policy: Policy): NotificationIntent[] {
  const out: NotificationIntent[] = [];
  const to = (template: ComplaintTemplate, recipient: Recipient, summary: string) => {
    const who = recipient.kind === 'owner' || recipient.kind === 'area' || recipient.kind === 'community_owners' ? recipient.kind : recipient.kind === 'staff' ? recipient.staffId : recipient.role;
    const owners = recipient.kind === 'owner' || recipient.kind === 'area' || recipient.kind === 'community_owners';
    out.push(owners ? { key: `${seq}:${who}`, template, recipient, summary } : { key: `${seq}:${who}`, template, recipient, summary, alert: alertClassOf(event, after, policy) });
  };
  const ownerReachable = !!after.complainant.openid;
  const owner = (template: ComplaintTemplate, summary: string) => ownerReachable && to(template, { kind: 'owner' }, summary);
  const handler = (summary: string) => after.handlerId && to('task', { kind: 'staff', staffId: after.handlerId }, summary);
  switch (event.type) {
    case 'submitted': {
      // seed 000 §(一) 初步回应: answered at once, with the number and the deadline. It is 受理 once
      // 客服 triage it (§(二)), so the owner reads 已提交 here and 待受理 in the message's state.
      owner('accepted', '投诉已提交');
      to('task', { kind: 'role', role: 'reception' }, '新投诉待受理');
      // seed 003 (5)b/c: after hours the on-duty security supervisor, and for an urgency the policy
      // marks so the duty manager, at once (route()); the general manager later is a timer.
      for (const a of route(policy, { category: null, urgency: event.suggestedUrgency ?? 'normal', at: event.at }).alerts) {
        if (a.reason === 'after_hours') to('task', { kind: 'role', role: a.to as DutyRole }, '非工作时间新投诉');
        if (a.reason === 'emergency') to('task', { kind: 'role', role: a.to as DutyRole }, '紧急投诉待处理');
      }
      break;
    }
    case 'triaged':
      handler('新投诉待接单');
      owner('progress', '已分派处理');
      if (policy.urgencies[event.urgency].alertDutyManagerAtOnce) to('task', { kind: 'role', role: 'duty_manager' }, '紧急投诉已分派');
      break;
    case 'invalidated':
      owner('result', '投诉核实结果');
      break;
    case 'transferred':
      handler('转派任务待接单');
      break;
    case 'handler_released':
      to('task', { kind: 'role', role: 'department_head' }, '处理人已停用请重新分派');
      break;
    case 'accepted':
      owner('progress', '已接单处理');
      break;
    case 'planned':
      if (event.plan.needsApproval) to('task', { kind: 'role', role: 'department_head' }, '处理方案待审批');
      owner('progress', '处理方案已制定');
      break;
    case 'plan_approved':
      handler('方案已批准');
      break;
    case 'plan_returned':
      handler('方案被退回');
      break;
    case 'progress_noted':
      owner('progress', '处理进度更新');
      break;
    case 'resolved':
      owner('result', '处理完成请评价');
      // seed 003 (8): taken by phone, visit or letter → 客服 answer the same way.
      if (event.replyDueBy) to('task', { kind: 'role', role: 'reception' }, '请按原渠道答复投诉人');
      break;
    case 'reopened':
      handler('业主不满意已重开');
      to('task', { kind: 'role', role: 'department_head' }, '投诉被重新打开');
      if (event.escalateTo) to('task', { kind: 'role', role: event.escalateTo }, '多次不满意请关注');
      break;
    case 'callback_requested':
      to('task', { kind: 'role', role: 'reception' }, '请电话回访业主');
      break;
    case 'reminded':
      if (event.skipped) break;
      for (const role of event.notify) {
        if (role === 'handler') handler('任务即将超时');
        else to('task', { kind: 'role', role }, event.deadline === 'reply' ? '答复投诉人已到期' : '投诉即将超时');
      }
      break;
    case 'escalated':
      to('task', { kind: 'role', role: event.notify }, '投诉已超时升级');
      break;
    // The owner is not told of their own act; the line says how it ended, as the message's state does
    // (miniprogram/utils/labels.ts STATE_LABELS).
    case 'merged_into':
      if (event.by.role !== 'owner') owner('result', '投诉已与同类投诉合并');
      break;
    case 'withdrawn':
      if (event.by.role !== 'owner') owner('result', '投诉已撤回');
      break;
    case 'closed':
      if (event.by.role !== 'owner') owner('result', event.reason === 'auto_closed' ? '投诉已自动办结' : '投诉已办结');
      break;
    case 'merge_received':
      // The surviving complaint's owner hears that a neighbour's report of the same problem joined it.
      owner('progress', '同类投诉已合并处理');
      break;
    case 'info_added':
      handler('业主补充了信息');
      break;
    case 'paused':
    case 'resumed':
    case 'investigated':
    case 'rated':
    case 'callback_recorded':
    case 'reply_recorded':
    case 'complainant_linked':
    case 'photo_blocked':
    case 'personal_data_erased':
      break;
  }
  return out;
}
