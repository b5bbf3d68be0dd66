// Suggestions in the database (domain/suggestions.ts): one versioned document per suggestion
// (server/kernel/store.ts). The scheduler (server/kernel/scheduler.ts) reminds the responsible department when the
// reply falls due — the one timer, found by `nextTimerAt` — and delivers the owner's reply message,
// both from the outbox like a complaint's notifications.
import type { NotificationIntent } from '../../domain/notifications';
import { TOPIC_LABELS } from '../../domain/model';
import { answeredOnTime, departmentFor, suggestionTimerAt, type Suggestion } from '../../domain/suggestions';
import { roleHolders } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { SweptKind } from '../kernel/scheduler';
import { newOutboxEntries, versionedStore } from '../kernel/store';
import { templateData, templateIdOf } from '../kernel/templates';
import { replyQuoted, replySummary, SUGGESTION_REPLY_DUE, suggestionGroupText, suggestionPlace } from './views';

export const suggestions = versionedStore<Suggestion>({
  collection: 'suggestions',
  notFound: 'SUGGESTION.NOT_FOUND',
  // readers: whose 我的意见建议 lists it; answered: the monthly count of on-time replies.
  indexFields: (s) => ({ nextTimerAt: suggestionTimerAt(s), reader: s.author.openid, answeredOnTime: answeredOnTime(s) }),
  fromFields(id, fields) {
    const { reader: _reader, answeredOnTime: _onTime, ...own } = fields;
    return { ...(own as Omit<Suggestion, 'id'>), id };
  },
});

/** The owner hears of the reply (or of the complaint it became) in the app and by message. */
export function replyIntent(s: Suggestion): NotificationIntent {
  return { key: s.converted ? 'converted:owner' : `reply:${s.reply!.at.getTime()}:owner`, template: 'suggestion_reply', recipient: { kind: 'owner' }, summary: replySummary(s) };
}

export const suggestionSweep: SweptKind<Suggestion> = {
  store: suggestions,
  timers(stored, now) {
    const s = stored.state;
    const due = suggestionTimerAt(s);
    if (!due || due > now) return { change: null, issued: 0 };
    // The reply fell due: the responsible department's head is reminded, once (remindedAt).
    const intent: NotificationIntent = { key: 'reply_due', template: 'task', recipient: { kind: 'role', role: 'department_head' }, summary: SUGGESTION_REPLY_DUE };
    return { change: { state: { ...s, remindedAt: now }, outbox: [...stored.outbox, ...newOutboxEntries([intent], now)] }, issued: 1 };
  },
  async recipients(deps, s, e, _now, cache) {
    if (e.recipient.kind === 'owner') return [s.author.openid];
    if (e.recipient.kind !== 'role') return [];
    const role = e.recipient.role;
    // The department head of the topic's department (policy.suggestions.topicDepartments).
    const department = departmentFor(await currentPolicy(deps.db, deps.now()), s.topic);
    return cache(`members|${s.communityId}|${role}|${department}`, () => roleHolders(deps.db, s.communityId, role, department));
  },
  // The author hears of the reply while they hold the room they wrote about (domain/access.ts).
  place: (s) => ({ roomId: s.author.roomId, communityId: s.communityId }),
  message(s, e, now) {
    if (e.template === 'suggestion_reply') {
      return {
        templateId: templateIdOf('suggestion_reply'),
        page: `pages/suggestions/index?id=${s.id}`,
        data: suggestionReplyData(s, now),
        groupText: null,
      };
    }
    return {
      templateId: templateIdOf('task'),
      page: `staff/pages/suggestion/index?id=${s.id}`,
      data: templateData('task', { number: s.number, summary: e.summary, place: suggestionPlace(s.topic), deadline: s.replyDueBy }),
      groupText: suggestionGroupText(e.summary, s.number, s.topic),
    };
  },
};

/** What the 意见建议回复通知 carries (server/kernel/templates.ts maps it to the company's template). */
export function suggestionReplyData(s: Suggestion, now: Date): Record<string, { value: string }> {
  return templateData('suggestion_reply', { topic: TOPIC_LABELS[s.topic], text: s.text, reply: replyQuoted(s), at: s.reply?.at ?? s.converted?.at ?? now });
}
