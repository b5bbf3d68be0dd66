// 意见和建议 (seed 002 沟通内容 1)–10)): owners send a suggestion on one of ten topics, optionally
// anonymous toward staff below manager (seed 002 标准3 信息保密). There is no SLA clock, but a reply
// is due within the policy's days, and the responsible department is reminded when it falls due
// (seed 002 职责: 管理处主任…处理业户意见和建议; 客户服务主管…将有关信息及时反馈业户). Staff may turn a
// suggestion that is really a complaint into one, with a polite word to the owner (seed 002 要求 (13)
// 合理、耐心的解释). Pure: `now` comes in.
import type { DepartmentCode, Role, Topic } from './model';
import type { Policy } from './policy';
import { addDuration } from './sla';

export type SuggestionStatus = 'open' | 'answered' | 'converted';

export interface Suggestion {
  id: string;
  /** JY20261129-0003: what staff and the owner quote. */
  number: string;
  communityId: string;
  topic: Topic;
  text: string;
  photos: string[];
  /** Name and room hidden from staff below manager (policy.suggestions.identityVisibleTo). */
  anonymous: boolean;
  author: { openid: string; name: string; roomId: string; room: string };
  status: SuggestionStatus;
  submittedAt: Date;
  replyDueBy: Date;
  reply: { text: string; at: Date; by: { id: string; name: string } } | null;
  /** When the department was reminded that the reply fell due; null until then. */
  remindedAt: Date | null;
  /** The complaint it became (linked both ways: the complaint names the suggestion). */
  converted: { complaintId: string; number: string; explanation: string; at: Date } | null;
  /**
   * Staff recorded it from what the owner said on a visit (seed 002 §6; the visit names it too);
   * null (or absent, before visits could) when the owner wrote it.
   */
  fromVisit?: { visitId: string; visitedOn: string; staffName: string } | null;
}

export function replyDueBy(policy: Policy, submittedAt: Date): Date {
  return addDuration(policy.calendar, submittedAt, policy.suggestions.replyWithin);
}

/** What a suggestion says when it arrives (from the owner, or from a visit): open, its reply due by the policy. */
export type NewSuggestion = Pick<Suggestion, 'id' | 'number' | 'communityId' | 'topic' | 'text' | 'photos' | 'anonymous' | 'author'> & Pick<Partial<Suggestion>, 'fromVisit'>;

export function openSuggestion(s: NewSuggestion, policy: Policy, submittedAt: Date): Suggestion {
  return { ...s, status: 'open', submittedAt, replyDueBy: replyDueBy(policy, submittedAt), reply: null, remindedAt: null, converted: null, fromVisit: s.fromVisit ?? null };
}

export function departmentFor(policy: Policy, topic: Topic): DepartmentCode {
  return policy.suggestions.topicDepartments[topic];
}

/** When the clock next asks something of a suggestion: the reply reminder, once. */
export function suggestionTimerAt(s: Suggestion): Date | null {
  return s.status === 'open' && s.remindedAt === null ? s.replyDueBy : null;
}

/** Answered (or turned into a complaint, which answers it) by the due time. */
export function answeredOnTime(s: Suggestion): boolean {
  const at = s.reply?.at ?? s.converted?.at ?? null;
  return at !== null && at <= s.replyDueBy;
}

/** Whether staff in `role` see who wrote an anonymous suggestion. */
export function seesAuthor(policy: Policy, s: Pick<Suggestion, 'anonymous'>, role: Role): boolean {
  return !s.anonymous || role === 'owner' || (policy.suggestions.identityVisibleTo as readonly Role[]).includes(role);
}

/**
 * Why a reply or a conversion is refused now. A reply may follow a reply (it replaces it); a
 * conversion only an open suggestion, and never an anonymous one: a complaint names its complainant,
 * which would undo the anonymity the owner chose (the reply asks them to file it themselves).
 */
export function suggestionProblem(s: Suggestion, action: 'reply' | 'convert'): 'SUGGESTION.CLOSED' | 'SUGGESTION.ANONYMOUS' | null {
  if (action === 'reply') return s.status === 'converted' ? 'SUGGESTION.CLOSED' : null;
  if (s.status !== 'open') return 'SUGGESTION.CLOSED';
  return s.anonymous ? 'SUGGESTION.ANONYMOUS' : null;
}
