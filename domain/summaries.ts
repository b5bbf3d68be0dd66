// 业户沟通总结 (seed 002 职责: 客户服务主管负责做好每月的业户沟通总结…; 管理处主任…审阅每月的业户沟通总结):
// one per community-month. The scheduler drafts it when the month ends; the 客户服务主管 edits and
// submits it; a 管理处主任 who did not write it approves it or returns it with a reason. Pure rules:
// the state, the commands and who may give them (roles: domain/visits.ts).
import { DomainError } from './errors';
import type { Role } from './model';
import { DIRECTOR_ROLES, isCustomerServiceHead } from './visits';

export const SUMMARY_STATUSES = ['scheduled', 'draft', 'submitted', 'approved', 'returned'] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

export interface SummaryText {
  /** 本月沟通概况: what owners raised, in the author's words. */
  overview: string;
  /** 反复出现的问题 and what is done about them. */
  problems: string;
  /** 改进措施与下月计划. */
  plans: string;
}

export interface SummaryStep {
  at: Date;
  by: string;
  byName: string;
  action: 'drafted' | 'edited' | 'submitted' | 'approved' | 'returned';
  comment: string;
}

export interface CommunicationSummary {
  /** `<communityId>_<YYYYMM>`: one per community-month. */
  id: string;
  communityId: string;
  /** YYYY-MM */
  month: string;
  status: SummaryStatus;
  /** When the month ends and the draft is due (local midnight starting the next month). */
  draftAt: Date;
  text: SummaryText;
  /** Who last edited or submitted it (the 客户服务主管); null while only drafted. */
  authorId: string | null;
  authorName: string;
  history: SummaryStep[];
}

export interface SummaryActor {
  id: string;
  name: string;
  role: Role;
  department: string | undefined;
}

export type SummaryCommand =
  | { type: 'edit'; text: SummaryText }
  | { type: 'submit'; text: SummaryText }
  | { type: 'approve'; comment: string }
  | { type: 'return'; comment: string };

export function summaryId(communityId: string, month: string): string {
  return `${communityId}_${month.replace('-', '')}`;
}

export const EMPTY_TEXT: SummaryText = { overview: '', problems: '', plans: '' };

/** A month not yet over: its summary waits for the month's end. */
export function scheduledSummary(communityId: string, month: string, draftAt: Date): CommunicationSummary {
  return { id: summaryId(communityId, month), communityId, month, status: 'scheduled', draftAt, text: EMPTY_TEXT, authorId: null, authorName: '', history: [] };
}

/** The month has ended: the draft is ready for the 客户服务主管 (null: nothing to do yet). */
export function draftDue(s: CommunicationSummary, now: Date): CommunicationSummary | null {
  if (s.status !== 'scheduled' || now < s.draftAt) return null;
  return { ...s, status: 'draft', history: [...s.history, { at: now, by: 'scheduler', byName: '系统', action: 'drafted', comment: '' }] };
}

export function nextSummaryTimer(s: CommunicationSummary): Date | null {
  return s.status === 'scheduled' ? s.draftAt : null;
}

/** A command on a summary: the next state, or a DomainError saying why not. */
export function decideSummary(s: CommunicationSummary, command: SummaryCommand, actor: SummaryActor, now: Date): CommunicationSummary {
  const step = (action: SummaryStep['action'], comment = ''): SummaryStep => ({ at: now, by: actor.id, byName: actor.name, action, comment });
  switch (command.type) {
    case 'edit':
    case 'submit': {
      if (!isCustomerServiceHead(actor.role, actor.department)) throw new DomainError('SUMMARY.NOT_AUTHOR', 'only the customer-service head writes the summary');
      if (s.status === 'scheduled') throw new DomainError('SUMMARY.NOT_DRAFTED', 'the month has not ended');
      if (s.status !== 'draft' && s.status !== 'returned') throw new DomainError('SUMMARY.NOT_EDITABLE', `summary is ${s.status}`);
      const status = command.type === 'submit' ? 'submitted' : s.status;
      return { ...s, status, text: command.text, authorId: actor.id, authorName: actor.name, history: [...s.history, step(command.type === 'submit' ? 'submitted' : 'edited')] };
    }
    case 'approve':
    case 'return': {
      if (!DIRECTOR_ROLES.includes(actor.role)) throw new DomainError('SUMMARY.NOT_DIRECTOR', 'only the office director reviews the summary');
      if (s.status !== 'submitted') throw new DomainError('SUMMARY.NOT_SUBMITTED', `summary is ${s.status}`);
      if (s.authorId === actor.id) throw new DomainError('SUMMARY.OWN_SUMMARY', 'the author may not review their own summary');
      if (command.type === 'return' && command.comment.trim() === '') throw new DomainError('SUMMARY.REASON_REQUIRED', 'a return needs a reason');
      return { ...s, status: command.type === 'approve' ? 'approved' : 'returned', history: [...s.history, step(command.type === 'approve' ? 'approved' : 'returned', command.comment)] };
    }
  }
}
