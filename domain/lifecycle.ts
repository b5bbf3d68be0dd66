// The complaint lifecycle: commands, the transition table and `decide`.
// `decide(command, state, now, policy) → events`; `evolve` (complaint.ts) folds them into the state.
// The table is data: the docs, the tests and the mini-program's "which actions can I take" read it.
import { deadlineOf, type Complaint, type ComplaintEvent, type Deadline, type IntakeDetails, type Plan } from './complaint';
import { DomainError, type DomainErrorCode } from './errors';
import { departmentFor } from './routing';
import { MAX_VOICE_SECONDS, OPEN_STATUSES, replyWayFor } from './model';
import type {
  Actor,
  ActorRole,
  CallbackOutcome,
  CategoryCode,
  Channel,
  Complexity,
  DepartmentCode,
  PhotoId,
  ReplyWay,
  VoiceNote,
  ResponsibleParty,
  Role,
  Status,
  Urgency,
} from './model';
import type { Policy, ResolutionTarget } from './policy';
import { addDuration, extendForPause, firstResponseDue, resolutionDue, resolutionTarget, slaClock } from './sla';
import { autoCloseAt, callbackDueAt, judgeRating, shouldEscalateReopen } from './satisfaction';

export type Command =
  | (IntakeDetails & { type: 'submit' })
  | (IntakeDetails & { type: 'record'; channel: Exclude<Channel, 'mini_program'> })
  /**
   * attached: those of `photos` the complaint already carries, as the server found them (the older
   * entries are not in the state); a photo is on a complaint once, by its file id.
   */
  | { type: 'add_info'; text: string; photos: PhotoId[]; attached?: PhotoId[]; voiceNote?: VoiceNote | null }
  | { type: 'triage'; valid: false; explanation: string }
  | {
      type: 'triage';
      valid: true;
      category: CategoryCode;
      urgency: Urgency;
      complexity: Complexity;
      department: DepartmentCode;
      handlerId: string;
    }
  | { type: 'transfer'; department: DepartmentCode; handlerId: string; reason: string }
  | { type: 'accept' }
  | { type: 'investigate'; findings: string; photos: PhotoId[]; responsibleParty: ResponsibleParty }
  | { type: 'plan'; description: string; expectedCompletionAt: Date; estimatedCost: number; externalParties: string[] }
  | { type: 'approve_plan'; comment: string }
  | { type: 'return_plan'; reason: string }
  | { type: 'note'; text: string; photos: PhotoId[] }
  | { type: 'pause'; reason: string }
  | { type: 'resume' }
  | { type: 'resolve'; result: string; photos: PhotoId[] }
  | { type: 'rate'; score: number; comment: string }
  | { type: 'reopen'; reason: string }
  | { type: 'record_callback'; outcome: CallbackOutcome; note: string; score: number | null }
  | { type: 'record_reply'; way: ReplyWay; outcome: CallbackOutcome; note: string; score: number | null }
  | { type: 'link_complainant'; openid: string; roomId: string }
  | { type: 'release_handler'; reason: string }
  | { type: 'request_callback' }
  | { type: 'auto_close' }
  | { type: 'remind'; key: string; deadline: Deadline; notify: Role[]; stale?: boolean }
  | { type: 'escalate'; key: string; deadline: Deadline; level: number; notify: Role }
  | { type: 'merge'; target: { id: string; communityId: string; status: Status } ; explanation: string }
  | { type: 'receive_merge'; sourceId: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'close'; explanation: string }
  /** voice: the file is a voice note (its check was requested as audio, server/kernel/media.ts). */
  | { type: 'block_photo'; photo: PhotoId; label: number; voice?: boolean }
  | { type: 'erase_personal_data' };

export type CommandType = Command['type'];

/**
 * Who may issue a command beyond its role: the complaint's own owner; its assigned handler (or a
 * department head for them); or, for commands open to several staff roles, a handler only on their own task.
 */
export type Guard = 'none' | 'own_complaint' | 'assigned_handler' | 'handlers_own_task';

export interface Transition {
  /** Statuses the command is legal in; `null` = creates a complaint. */
  from: Status[] | null;
  /** Statuses it can lead to (documentation and tests). */
  to: Status[];
  roles: ActorRole[];
  guard: Guard;
  /** Whether it is legal while the SLA clock is paused. */
  whilePaused: boolean;
  /** Seeds the step comes from. */
  source: string;
  label: string;
}

const OPEN: Status[] = [...OPEN_STATUSES];
const WORKING: Status[] = ['accepted', 'investigated', 'awaiting_approval', 'in_progress'];
const NOT_CLOSED: Status[] = [...OPEN, 'resolved'];
/**
 * Who may do the work on a complaint once it is theirs (the step's guard names whose): everyone on the
 * process's staff but the system administrator, who runs the company set-up, not complaints. Not the
 * authorization table's STAFF (every staff account, for reading inboxes).
 */
const HANDLING_ROLES: Role[] = ['reception', 'handler', 'department_head', 'duty_manager', 'general_manager', 'security_supervisor'];
const TRIAGERS: Role[] = ['reception', 'department_head', 'duty_manager', 'security_supervisor'];
const SUPERVISORS: Role[] = ['department_head', 'duty_manager', 'general_manager'];

export const TRANSITIONS: Record<CommandType, Transition> = {
  submit: { from: null, to: ['submitted'], roles: ['owner'], guard: 'none', whilePaused: false, source: '000 §(一); 003 (2)', label: '提交投诉' },
  record: { from: null, to: ['submitted'], roles: ['reception', 'security_supervisor', 'duty_manager'], guard: 'none', whilePaused: false, source: '003 (2)(4)(5)c', label: '代业主登记' },
  add_info: { from: NOT_CLOSED, to: NOT_CLOSED, roles: ['owner'], guard: 'own_complaint', whilePaused: true, source: '000 §(一)', label: '补充信息' },
  triage: { from: ['submitted'], to: ['assigned', 'closed'], roles: TRIAGERS, guard: 'none', whilePaused: false, source: '000 §(二); 001 第四节二三; 003 (5)', label: '受理分派' },
  transfer: { from: ['assigned', 'accepted', 'investigated'], to: ['assigned'], roles: ['reception', 'handler', 'department_head', 'duty_manager', 'security_supervisor'], guard: 'handlers_own_task', whilePaused: true, source: '003 (5)a', label: '转派' },
  accept: { from: ['assigned'], to: ['accepted'], roles: HANDLING_ROLES, guard: 'assigned_handler', whilePaused: false, source: '000 §(二)', label: '接单' },
  investigate: { from: ['accepted', 'investigated'], to: ['investigated'], roles: HANDLING_ROLES, guard: 'assigned_handler', whilePaused: false, source: '000 §(三); 001 第四节四', label: '调查核实' },
  plan: { from: ['investigated'], to: ['awaiting_approval', 'in_progress'], roles: HANDLING_ROLES, guard: 'assigned_handler', whilePaused: false, source: '000 §(四); 001 第四节五', label: '提交方案' },
  approve_plan: { from: ['awaiting_approval'], to: ['in_progress'], roles: SUPERVISORS, guard: 'none', whilePaused: true, source: '001 第四节六; 003 (5)a', label: '批准方案' },
  return_plan: { from: ['awaiting_approval'], to: ['investigated'], roles: SUPERVISORS, guard: 'none', whilePaused: true, source: '001 第四节六', label: '退回方案' },
  note: { from: WORKING, to: WORKING, roles: ['reception', 'handler', 'department_head', 'duty_manager', 'general_manager', 'security_supervisor'], guard: 'handlers_own_task', whilePaused: true, source: '000 §(四) 向业主及时通报进展', label: '进度说明' },
  pause: { from: WORKING, to: WORKING, roles: ['handler', 'department_head', 'duty_manager', 'security_supervisor', 'general_manager', 'reception'], guard: 'assigned_handler', whilePaused: false, source: 'DESIGN.md §1 execution', label: '暂停计时' },
  resume: { from: WORKING, to: WORKING, roles: ['handler', 'department_head', 'duty_manager', 'security_supervisor', 'general_manager', 'reception'], guard: 'assigned_handler', whilePaused: true, source: 'DESIGN.md §1 execution', label: '恢复计时' },
  resolve: { from: ['in_progress'], to: ['resolved'], roles: HANDLING_ROLES, guard: 'assigned_handler', whilePaused: false, source: '000 §(五); 003 (7)', label: '处理完成' },
  rate: { from: ['resolved'], to: ['closed', 'accepted'], roles: ['owner'], guard: 'own_complaint', whilePaused: false, source: '000 §(五); 002 (12)', label: '评价' },
  reopen: { from: ['resolved'], to: ['accepted'], roles: ['owner'], guard: 'own_complaint', whilePaused: false, source: '000 §(五) 若业主不满意…重新评估', label: '重新打开' },
  record_callback: { from: ['resolved'], to: ['resolved', 'closed', 'accepted'], roles: ['reception'], guard: 'none', whilePaused: false, source: '000 §(五); 003 (8)', label: '记录回访' },
  record_reply: { from: ['resolved'], to: ['resolved', 'accepted'], roles: ['reception'], guard: 'none', whilePaused: false, source: '003 (8); 000 §(五)', label: '答复投诉人' },
  // A deactivated member's task goes back to the department's queue for its head to reassign.
  release_handler: { from: ['assigned', ...WORKING], to: ['assigned'], roles: ['system'], guard: 'none', whilePaused: true, source: '003 (5)a', label: '退回部门重新分派' },
  link_complainant: { from: [...NOT_CLOSED, 'closed'], to: [...NOT_CLOSED, 'closed'], roles: ['system'], guard: 'none', whilePaused: true, source: '003 (8)', label: '关联投诉人账户' },
  request_callback: { from: ['resolved'], to: ['resolved'], roles: ['system'], guard: 'none', whilePaused: false, source: '003 (8)', label: '生成回访任务' },
  auto_close: { from: ['resolved'], to: ['closed'], roles: ['system'], guard: 'none', whilePaused: false, source: 'DESIGN.md §1 feedback', label: '自动办结' },
  // Resolved too: the reply owed by the complainant's channel has its own deadline (seed 003 (8)).
  remind: { from: NOT_CLOSED, to: NOT_CLOSED, roles: ['system'], guard: 'none', whilePaused: false, source: 'DESIGN.md §3 催办; 003 (8)', label: '催办' },
  escalate: { from: OPEN, to: OPEN, roles: ['system'], guard: 'none', whilePaused: false, source: '003 (5)b', label: '升级' },
  merge: { from: OPEN, to: ['closed'], roles: ['reception', 'department_head', 'duty_manager'], guard: 'none', whilePaused: true, source: 'DESIGN.md §3 duplicate merge', label: '合并' },
  // The system's half of a merge, written by the server right after `merge`: never a person's step.
  receive_merge: { from: NOT_CLOSED, to: NOT_CLOSED, roles: ['system'], guard: 'none', whilePaused: true, source: 'DESIGN.md §3 duplicate merge', label: '并入重复投诉' },
  withdraw: { from: OPEN, to: ['closed'], roles: ['owner'], guard: 'own_complaint', whilePaused: true, source: 'DESIGN.md §1', label: '撤回' },
  close: { from: NOT_CLOSED, to: ['closed'], roles: ['duty_manager', 'general_manager'], guard: 'none', whilePaused: true, source: '000 §(六); 003 (9)', label: '办结' },
  block_photo: { from: [...NOT_CLOSED, 'closed'], to: [...NOT_CLOSED, 'closed'], roles: ['system'], guard: 'none', whilePaused: true, source: 'wechat-platform.md 内容安全', label: '隐藏违规照片' },
  erase_personal_data: { from: ['closed'], to: ['closed'], roles: ['system'], guard: 'none', whilePaused: true, source: '002 标准3; 个人信息保护法 第十九条', label: '删除投诉人个人信息' },
};

/** Which commands `actor` may issue on `state` now (the mini-program shows only these). */
export function allowedCommands(state: Complaint, actor: Actor): CommandType[] {
  return (Object.keys(TRANSITIONS) as CommandType[]).filter((type) => {
    try {
      authorize(type, state, actor);
      return true;
    } catch {
      return false;
    }
  });
}

/** Check status, role, guard and pause for `type`; throws a DomainError with a stable code. */
export function authorize(type: CommandType, state: Complaint | null, actor: Actor): void {
  const t = TRANSITIONS[type];
  if (!t.roles.includes(actor.role)) throw new DomainError('LIFECYCLE.ROLE_FORBIDDEN', `${actor.role} may not ${type}`);
  if (t.from === null) {
    if (state !== null) throw new DomainError('LIFECYCLE.ALREADY_EXISTS', 'complaint already exists');
    return;
  }
  if (state === null) throw new DomainError('LIFECYCLE.NOT_FOUND', 'no such complaint');
  if (!t.from.includes(state.status)) {
    throw new DomainError('LIFECYCLE.ILLEGAL_TRANSITION', `${type} is not allowed when ${state.status}`);
  }
  if (t.guard === 'own_complaint' && state.complainant.openid !== actor.id) {
    throw new DomainError('LIFECYCLE.NOT_YOUR_COMPLAINT', 'not your complaint');
  }
  const assignedToActor = state.handlerId === actor.id;
  // A department head may act for a handler of their department (the server checks the department).
  if (t.guard === 'assigned_handler' && !assignedToActor && actor.role !== 'department_head') {
    throw new DomainError('LIFECYCLE.NOT_ASSIGNED_TO_YOU', 'not assigned to you');
  }
  if (t.guard === 'handlers_own_task' && actor.role === 'handler' && !assignedToActor) {
    throw new DomainError('LIFECYCLE.NOT_ASSIGNED_TO_YOU', 'not assigned to you');
  }
  if (state.pause && !t.whilePaused) throw new DomainError('LIFECYCLE.PAUSED', 'the clock is paused: resume first');
  // Only a paused clock can be resumed, so the staff's task page never offers both.
  if (type === 'resume' && !state.pause) throw new DomainError('PAUSE.NOT_PAUSED', 'not paused');
}

function required(text: string, code: DomainErrorCode, what: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new DomainError(code, `${what} is required`);
  return trimmed;
}

/**
 * A voice note as recorded on the event: at most MAX_VOICE_SECONDS whole seconds (the recorder stops
 * there; a longer one was not made by this mini-program), nothing at all when there is none.
 */
function voiceNoteOf(note: VoiceNote | null | undefined): { voiceNote?: VoiceNote } {
  if (!note) return {};
  if (!Number.isInteger(note.seconds) || note.seconds < 1 || note.seconds > MAX_VOICE_SECONDS) throw new DomainError('VOICE.TOO_LONG', `a voice note of ${note.seconds} s`);
  return { voiceNote: { file: note.file, seconds: note.seconds } };
}

/** Decide which events `command` by `actor` produces on `state` at `now` under `policy`. */
export function decide(command: Command, state: Complaint | null, actor: Actor, now: Date, policy: Policy): ComplaintEvent[] {
  authorize(command.type, state, actor);
  const base = { at: now, by: actor };
  if (command.type === 'submit' || command.type === 'record') {
    const provisional = command.suggestedUrgency ?? 'normal';
    return [
      {
        ...base,
        type: 'submitted',
        id: command.id,
        number: command.number,
        communityId: command.communityId,
        complainant: command.complainant,
        channel: command.type === 'submit' ? 'mini_program' : command.channel,
        location: command.location,
        description: required(command.description, 'INTAKE.DESCRIPTION_REQUIRED', 'description'),
        desiredOutcome: command.desiredOutcome.trim(),
        photos: command.photos,
        // Only when there is one: the event of a typed filing stays as it was.
        ...voiceNoteOf(command.voiceNote),
        contactTime: command.contactTime.trim(),
        suggestedUrgency: command.suggestedUrgency,
        suggestedCategory: command.suggestedCategory === null ? null : (departmentFor(policy, command.suggestedCategory), command.suggestedCategory),
        // Only when there is something to record: the event of an ordinary filing stays as it was.
        ...(command.noticesShown?.length ? { noticesShown: [...new Set(command.noticesShown)] } : {}),
        ...(command.fromSuggestion ? { fromSuggestion: command.fromSuggestion } : {}),
        recordedBy: command.type === 'record' ? actor.id : null,
        // Until staff classify it, the suggested urgency (or 一般) sets the first-response clock, so an
        // emergency is chased from the first minute (seed 000 §(二) 紧急类投诉应立即响应).
        respondBy: firstResponseDue(policy, { urgency: provisional, category: null }, now),
      },
    ];
  }
  const s = state as Complaint;
  switch (command.type) {
    case 'add_info': {
      // Attached again (or twice in one go), a photo is not added again: the supplement keeps its new ones.
      const photos = [...new Set(command.photos)].filter((p) => !command.attached?.includes(p));
      if (command.text.trim() === '' && photos.length === 0 && !command.voiceNote) {
        throw command.photos.length > 0 ? new DomainError('INFO.NOTHING_NEW', 'every photo is already on the complaint') : new DomainError('INFO.EMPTY', 'nothing to add');
      }
      return [{ ...base, type: 'info_added', text: command.text.trim(), photos, ...voiceNoteOf(command.voiceNote) }];
    }
    case 'triage': {
      if (!command.valid) {
        // seed 001 第二节二: 对于无效投诉，应当予以合理、耐心的解释 — never close without a written explanation.
        return [{ ...base, type: 'invalidated', explanation: required(command.explanation, 'TRIAGE.EXPLANATION_REQUIRED', 'explanation') }];
      }
      if (!policy.categories.some((c) => c.code === command.category)) throw new DomainError('TRIAGE.UNKNOWN_CATEGORY', `unknown category ${command.category}`);
      if (!policy.departments.some((d) => d.code === command.department)) throw new DomainError('TRIAGE.UNKNOWN_DEPARTMENT', `unknown department ${command.department}`);
      return [
        {
          ...base,
          type: 'triaged',
          category: command.category,
          urgency: command.urgency,
          complexity: command.complexity,
          department: command.department,
          handlerId: command.handlerId,
          respondBy: firstResponseDue(policy, { urgency: command.urgency, category: command.category }, s.submittedAt),
        },
      ];
    }
    case 'transfer':
      if (!policy.departments.some((d) => d.code === command.department)) throw new DomainError('TRIAGE.UNKNOWN_DEPARTMENT', `unknown department ${command.department}`);
      if (command.department === s.department && command.handlerId === s.handlerId) throw new DomainError('TRANSFER.SAME_HANDLER', 'already with this handler');
      return [{ ...base, type: 'transferred', department: command.department, handlerId: command.handlerId, reason: required(command.reason, 'TRANSFER.REASON_REQUIRED', 'reason') }];
    case 'release_handler':
      return [{ ...base, type: 'handler_released', reason: command.reason }];
    case 'accept':
      return [
        {
          ...base,
          type: 'accepted',
          ...resolutionDeadline(s, policy, now),
        },
      ];
    case 'investigate':
      return [{ ...base, type: 'investigated', findings: required(command.findings, 'INVESTIGATION.FINDINGS_REQUIRED', 'findings'), photos: command.photos, responsibleParty: command.responsibleParty }];
    case 'plan': {
      if (command.expectedCompletionAt.getTime() <= now.getTime()) throw new DomainError('PLAN.COMPLETION_IN_PAST', 'expected completion must be in the future');
      if (!(command.estimatedCost >= 0)) throw new DomainError('PLAN.NEGATIVE_COST', 'estimated cost must be ≥ 0');
      const urgency = s.urgency ?? 'normal';
      const plan: Plan = {
        description: required(command.description, 'PLAN.DESCRIPTION_REQUIRED', 'plan'),
        expectedCompletionAt: command.expectedCompletionAt,
        estimatedCost: command.estimatedCost,
        externalParties: command.externalParties,
        // seed 001 第四节六 提交主管领导批示: by urgency, or when it costs money.
        needsApproval: policy.urgencies[urgency].planNeedsApproval || command.estimatedCost >= policy.approvalCostThreshold,
      };
      return [{ ...base, type: 'planned', plan }];
    }
    case 'approve_plan':
    case 'return_plan':
      // Four eyes: nobody approves their own plan.
      if (s.handlerId === actor.id) throw new DomainError('APPROVAL.OWN_PLAN', 'you cannot approve your own plan');
      return command.type === 'approve_plan'
        ? [{ ...base, type: 'plan_approved', comment: command.comment.trim() }]
        : [{ ...base, type: 'plan_returned', reason: required(command.reason, 'APPROVAL.REASON_REQUIRED', 'reason') }];
    case 'note':
      return [{ ...base, type: 'progress_noted', text: required(command.text, 'NOTE.TEXT_REQUIRED', 'text'), photos: command.photos }];
    case 'pause':
      return [{ ...base, type: 'paused', reason: required(command.reason, 'PAUSE.REASON_REQUIRED', 'reason') }];
    case 'resume': {
      // authorize() let resume through only on a paused clock.
      const since = s.pause!.since;
      const clock = slaClock(policy, s.urgency ?? 'normal');
      const extend = (due: Date) => extendForPause(policy.calendar, due, since, now, clock);
      return [
        {
          ...base,
          type: 'resumed',
          // Only a deadline still ahead when the clock stopped is moved; one already missed stays missed.
          respondBy: s.acceptedAt === null && s.respondBy > since ? extend(s.respondBy) : s.respondBy,
          resolveBy: s.resolveBy && s.resolveBy > since ? extend(s.resolveBy) : s.resolveBy,
        },
      ];
    }
    case 'resolve': {
      // seed 003 (8): a complaint taken by phone, visit or letter is answered the same way first; the
      // callback and auto-close clocks start once that reply is given (record_reply).
      const answeredInApp = replyWayFor(s.channel) === null;
      return [
        {
          ...base,
          type: 'resolved',
          result: required(command.result, 'RESOLVE.RESULT_REQUIRED', 'result'),
          photos: command.photos,
          replyDueBy: answeredInApp ? null : addDuration(policy.calendar, now, policy.satisfaction.replyWithin),
          callbackDueAt: answeredInApp ? callbackDueAt(policy, now) : null,
          autoCloseAt: answeredInApp ? autoCloseAt(policy, now) : null,
        },
      ];
    }
    case 'record_reply': {
      if (!s.reply || s.reply.recordedAt) throw new DomainError('REPLY.NOT_DUE', 'no reply is owed');
      if (command.score !== null) judgeRating(policy, command.score, command.note);
      const given = command.outcome !== 'unreachable';
      const recorded: ComplaintEvent = {
        ...base,
        type: 'reply_recorded',
        way: command.way,
        outcome: command.outcome,
        note: command.note.trim(),
        score: command.score,
        callbackDueAt: given ? callbackDueAt(policy, now) : null,
        autoCloseAt: given ? autoCloseAt(policy, now) : null,
      };
      // Not satisfied with the answer: back to the department, as after an unsatisfied rating.
      return command.outcome === 'unsatisfied' ? [recorded, reopenEvent(s, actor, now, policy, command.note.trim() || '答复时投诉人不满意')] : [recorded];
    }
    case 'link_complainant':
      if (s.complainant.openid) throw new DomainError('LINK.ALREADY_LINKED', 'the complainant already has an account');
      return [{ ...base, type: 'complainant_linked', openid: command.openid, roomId: command.roomId }];
    case 'rate': {
      // One rating per resolution: after a reopening the owner rates the new result too.
      if (s.rating && s.rating.at >= s.resolvedAt!) throw new DomainError('RATING.ALREADY_RATED', 'already rated');
      const verdict = judgeRating(policy, command.score, command.comment);
      const rated: ComplaintEvent = { ...base, type: 'rated', score: command.score, comment: command.comment.trim(), verdict };
      if (verdict === 'reopen') return [rated, reopenEvent(s, actor, now, policy, command.comment.trim() || '业主评价不满意')];
      return [rated, { ...base, type: 'closed', reason: verdict === 'satisfied' ? 'satisfied' : 'rated', explanation: '' }];
    }
    case 'reopen':
      return [reopenEvent(s, actor, now, policy, required(command.reason, 'REOPEN.REASON_REQUIRED', 'reason'))];
    case 'record_callback': {
      if (command.score !== null) judgeRating(policy, command.score, command.note);
      const recorded: ComplaintEvent = { ...base, type: 'callback_recorded', outcome: command.outcome, note: command.note.trim(), score: command.score };
      if (command.outcome === 'satisfied') return [recorded, { ...base, type: 'closed', reason: 'satisfied', explanation: '' }];
      if (command.outcome === 'unsatisfied') return [recorded, reopenEvent(s, actor, now, policy, command.note.trim() || '回访不满意')];
      return [recorded];
    }
    case 'request_callback':
      if (s.callbackRequested || s.rating || !s.callbackDueAt || now < s.callbackDueAt) throw new DomainError('CALLBACK.NOT_DUE', 'no callback due');
      return [{ ...base, type: 'callback_requested' }];
    case 'auto_close':
      if (!s.autoCloseAt || now < s.autoCloseAt) throw new DomainError('CLOSE.NOT_DUE', 'auto-close not due');
      return [{ ...base, type: 'closed', reason: 'auto_closed', explanation: '' }];
    case 'remind':
    case 'escalate': {
      if (s.timersFired.includes(command.key)) throw new DomainError('TIMER.ALREADY_FIRED', `${command.key} already fired`);
      const due = deadlineOf(s, command.deadline);
      if (!due) throw new DomainError('TIMER.NO_DEADLINE', 'no such deadline');
      return command.type === 'remind'
        ? [{ ...base, type: 'reminded', key: command.key, deadline: command.deadline, due, notify: command.notify, ...(command.stale ? { skipped: true } : {}) }]
        : [{ ...base, type: 'escalated', key: command.key, deadline: command.deadline, level: command.level, notify: command.notify }];
    }
    case 'merge':
      if (command.target.id === s.id) throw new DomainError('MERGE.SELF', 'cannot merge into itself');
      if (command.target.communityId !== s.communityId) throw new DomainError('MERGE.OTHER_COMMUNITY', 'target is in another community');
      if (command.target.status === 'closed') throw new DomainError('MERGE.TARGET_CLOSED', 'target is closed');
      return [{ ...base, type: 'merged_into', targetId: command.target.id, explanation: required(command.explanation, 'MERGE.EXPLANATION_REQUIRED', 'explanation') }];
    case 'receive_merge':
      return [{ ...base, type: 'merge_received', sourceId: command.sourceId }];
    case 'withdraw':
      return [{ ...base, type: 'withdrawn', reason: command.reason.trim() }];
    case 'close':
      return [{ ...base, type: 'closed', reason: 'closed_by_staff', explanation: required(command.explanation, 'CLOSE.EXPLANATION_REQUIRED', 'explanation') }];
    case 'block_photo': {
      // Only the server issues it, for a file whose check it requested for this complaint (server/events.ts):
      // that check is the proof the file is on it, however far back in the timeline it was attached. A
      // voice note is checked and hidden like a photo (its file id is what WeChat's verdict names).
      const voice = command.voice === true;
      if (s.blockedPhotos.some((b) => b.photo === command.photo)) throw new DomainError('PHOTO.ALREADY_BLOCKED', 'already hidden');
      return [{ ...base, type: 'photo_blocked', photo: command.photo, label: command.label, ...(voice ? { voice: true as const } : {}) }];
    }
    case 'erase_personal_data':
      if (s.personalDataErasedAt || !s.closedAt || now < personalDataEraseAt(s, policy)!) throw new DomainError('PRIVACY.NOT_DUE', 'personal data is not due for erasure');
      return [{ ...base, type: 'personal_data_erased' }];
  }
}

/** When a closed complaint's complainant name and phone are removed; null while open or once done. */
export function personalDataEraseAt(s: Complaint, policy: Policy): Date | null {
  if (s.status !== 'closed' || !s.closedAt || s.personalDataErasedAt) return null;
  return new Date(s.closedAt.getTime() + policy.privacy.eraseComplainantAfterDays * 86_400_000);
}

/** The resolution deadline from `now`, and the policy's target it keeps (seed 003 (6)). */
function resolutionDeadline(s: Complaint, policy: Policy, now: Date): { resolveBy: Date; resolveWithin: ResolutionTarget } {
  const c = { urgency: s.urgency ?? 'normal', category: s.category, complexity: s.complexity ?? 'ordinary' } as const;
  return { resolveBy: resolutionDue(policy, c, now), resolveWithin: resolutionTarget(policy, c) };
}

function reopenEvent(s: Complaint, actor: Actor, now: Date, policy: Policy, reason: string): ComplaintEvent {
  return {
    at: now,
    by: actor,
    type: 'reopened',
    reason,
    // Back to the department with a fresh resolution target (seed 000 §(五) 重新评估或采取进一步的补救措施).
    ...resolutionDeadline(s, policy, now),
    // Repeated dissatisfaction goes to a manager.
    escalateTo: shouldEscalateReopen(policy, s.reopenCount + 1) ? 'duty_manager' : null,
  };
}
