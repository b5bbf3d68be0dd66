// 「当前进展」 at the top of 投诉详情 (issue 29.9): who has the complaint now, what happens next and by
// when, in the owner's words. Read from what the detail already carries — its status, closure, pause
// and the deadline the server says is running — so the box costs no call of its own. One entry per
// status, typed on the domain's list: a new status without its words fails `tsc`.
import type { ClosureReason, Status } from '../../domain/model';
import { deadline, deadlineKind, formatTime } from './time';

export interface Progress {
  /** Who has it: 客服中心, the department, the handler, the supervisor, or the owner. */
  who: string;
  /** What happens next. */
  next: string;
  /** By when, when a deadline runs: 「今天 18:00 前回应（距回应时限 2 小时）」; '' otherwise. */
  by: string;
}

const OPEN: Record<Exclude<Status, 'closed'>, { who: string; next: string }> = {
  submitted: { who: '客服中心', next: '客服查看您的投诉，确认类别与紧急程度后交给负责的部门' },
  assigned: { who: '负责的部门', next: '处理人员接单后与您联系，需要时上门查看' },
  accepted: { who: '处理人员', next: '查看现场、了解原因' },
  investigated: { who: '处理人员', next: '拟定处理方案' },
  awaiting_approval: { who: '主管', next: '审批处理方案，批准后开始处理' },
  in_progress: { who: '处理人员', next: '按方案处理，完成后请您评价' },
  resolved: { who: '您', next: '请评价处理结果；不满意可要求重新处理' },
};

const CLOSED: Record<ClosureReason, string> = {
  satisfied: '投诉已办结，感谢您的评价',
  rated: '投诉已办结，感谢您的评价',
  closed_by_staff: '投诉已办结；如仍有问题，可再次投诉',
  auto_closed: '评价期已过，投诉已自动办结；如仍有问题，可再次投诉',
  invalid: '经核实投诉不成立，原因见下方处理进度；如有异议，可联系客服中心',
  withdrawn: '您已撤回这件投诉',
  merged: '已并入相同问题的投诉一起处理',
};

/** What the detail carries that the box is read from. */
export interface ProgressSource {
  status: Status;
  closure: { reason: ClosureReason } | null;
  pause: object | null;
  resolveBy: string | null;
  dueAt: string | null;
}

export function progressOf(c: ProgressSource, now = new Date()): Progress {
  if (c.status === 'closed') return { who: '', next: CLOSED[c.closure?.reason ?? 'closed_by_staff'], by: '' };
  const { who, next } = OPEN[c.status];
  if (c.pause) return { who, next, by: '计时已暂停，恢复处理后继续计时' };
  // The owner's own step (rating) has no deadline of theirs to show; the staff's deadlines are promises.
  if (!c.dueAt || c.status === 'resolved') return { who, next, by: '' };
  const kind = deadlineKind(c);
  const due = deadline(c.dueAt, kind, now);
  const verb = kind === 'response' ? '回应' : kind === 'resolution' ? '办结' : '答复';
  return { who, next, by: `${formatTime(c.dueAt, now)} 前${verb}（${due.text}）` };
}
