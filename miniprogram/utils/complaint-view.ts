// The detail of a complaint as the owner's page and the staff task page show it: small view models
// built from the api's answer, so setData sends what renders and nothing else.
import type { ComplaintDetail, TimelinePage, Wire } from '../../typings/api';
import type { TimelineEntryView } from '../../typings/views';
import { CALLBACK_OUTCOME_LABELS, RELATION_LABELS, REPLY_WAY_LABELS, RESPONSIBLE_PARTY_LABELS, roomLabel, STATE_LABELS, stateLabel, STATUS_TAG, URGENCY_LABELS } from './labels';
import { deadline, deadlineKind, formatTime, resolutionTerm } from './time';

type Entry = Wire<TimelineEntryView>;
type Detail = Wire<ComplaintDetail>;

export interface Step {
  text: string;
  desc: string;
}

export interface PhotoView {
  /** Unique in the list (wx:key). */
  key: string;
  /** Empty for a photo hidden after WeChat's image check: a placeholder shows the reason instead. */
  url: string;
  caption: string;
}

/** Each timeline event in a line a person can read: what happened and what was said. */
function describe(e: Entry): { title: string; note: string } {
  switch (e.type) {
    case 'submitted':
      return { title: '提交投诉', note: e.description };
    case 'info_added':
      return { title: '补充信息', note: e.text };
    case 'invalidated':
      return { title: '经核实投诉不成立', note: e.explanation };
    case 'triaged':
      return { title: `已受理，${URGENCY_LABELS[e.urgency]}`, note: '已分派处理人' };
    case 'transferred':
      return { title: '转派', note: e.reason };
    case 'handler_released':
      return { title: '退回部门重新分派', note: e.reason };
    case 'accepted':
      return { title: '处理人已接单', note: `预计 ${formatTime(e.resolveBy)} 前解决` };
    case 'investigated':
      return { title: '调查完成', note: `${e.findings}（责任方：${RESPONSIBLE_PARTY_LABELS[e.responsibleParty]}）` };
    case 'planned':
      return { title: '制定处理方案', note: `${e.plan.description}，预计 ${formatTime(e.plan.expectedCompletionAt)} 完成` };
    case 'plan_approved':
      return { title: '方案已批准', note: e.comment };
    case 'plan_returned':
      return { title: '方案退回修改', note: e.reason };
    case 'progress_noted':
      return { title: '处理进展', note: e.text };
    case 'paused':
      return { title: '暂停计时', note: e.reason };
    case 'resumed':
      return { title: '恢复计时', note: '' };
    case 'resolved':
      return { title: '已解决', note: e.result };
    case 'rated':
      return { title: `评价 ${e.score} 星`, note: e.comment };
    case 'reopened':
      return { title: '重新处理', note: e.reason };
    case 'callback_requested':
      return { title: '待电话回访', note: '' };
    case 'callback_recorded':
      return { title: `回访：${CALLBACK_OUTCOME_LABELS[e.outcome]}`, note: e.note };
    case 'reminded':
      return { title: e.skipped ? '时限提醒（已过时，未发送）' : '时限提醒', note: '' };
    case 'escalated':
      return { title: `超时升级（第 ${e.level} 级）`, note: '' };
    case 'merged_into':
      return { title: '已与同类投诉合并处理', note: e.explanation };
    case 'merge_received':
      return { title: '合并了一条同类投诉', note: '' };
    case 'withdrawn':
      return { title: STATE_LABELS.closed.withdrawn, note: e.reason };
    case 'closed':
      return { title: STATE_LABELS.closed[e.reason], note: e.explanation };
    case 'reply_recorded':
      return { title: `答复投诉人（${REPLY_WAY_LABELS[e.way]}）：${CALLBACK_OUTCOME_LABELS[e.outcome]}`, note: e.note };
    case 'complainant_linked':
      return { title: '投诉人已绑定小程序，可在线查看进度', note: '' };
    case 'photo_blocked':
      return { title: e.voice ? '一段语音未通过内容安全检查，已隐藏' : '一张照片未通过内容安全检查，已隐藏', note: '' };
    case 'personal_data_erased':
      return { title: '投诉人个人信息已按保存期限删除', note: '' };
  }
}

export function timelineSteps(timeline: Entry[]): Step[] {
  return timeline.map((e) => {
    const { title, note } = describe(e);
    return { text: title, desc: [formatTime(e.at), e.by.name, note].filter(Boolean).join(' · ') };
  });
}

/** Adds each linked photo once, with its caption, to `out`; `seen` keeps the keys already shown. */
function photoAdder(photoUrls: Record<string, string>, out: PhotoView[], seen: Set<string>) {
  return (ids: string[], caption: string) => ids.forEach((id) => photoUrls[id] && !seen.has(id) && (seen.add(id), out.push({ key: id, url: photoUrls[id]!, caption })));
}

/** The photos of timeline entries (the submitted entry repeats the intake photos, shown first). */
function addEntryPhotos(add: ReturnType<typeof photoAdder>, entries: Entry[]): void {
  for (const e of entries) if ('photos' in e && e.type !== 'submitted') add(e.photos, describe(e).title);
}

/**
 * Every photo shown with where it came from: the owner's intake, an investigation, a resolution…
 * `seen` collects the keys, so earlier entries' photos (earlierPhotoViews) are not shown twice.
 */
export function photoViews(detail: Detail, seen = new Set<string>()): PhotoView[] {
  const out: PhotoView[] = [];
  const add = photoAdder(detail.photoUrls, out, seen);
  add(detail.complaint.photos, '投诉照片');
  addEntryPhotos(add, detail.complaint.timeline);
  detail.complaint.hiddenPhotos.forEach((hidden, i) => out.push({ key: `hidden-${i}`, url: '', caption: hidden.reason }));
  return out;
}

/** The photos of a page of earlier entries (查看更早的记录) not shown yet. */
export function earlierPhotoViews(page: Wire<TimelinePage>, seen: Set<string>): PhotoView[] {
  const out: PhotoView[] = [];
  addEntryPhotos(photoAdder(page.photoUrls, out, seen), page.entries);
  return out;
}

export interface Summary {
  id: string;
  number: string;
  status: string;
  tag: string;
  /** 紧急 and 重要 stand out; 一般 is the default and shows nothing. */
  urgency: string;
  urgencyTag: 'danger' | 'warning';
  description: string;
  desiredOutcome: string;
  location: string;
  filedBy: string;
  submitted: string;
  /** The running deadline: 「距回应时限」 and the remaining milliseconds for van-count-down, or 「已超过回应时限 3 小时」. */
  dueLabel: string;
  dueMs: number;
  overdue: string;
  /** 「办结期限：当日（今天 18:00 前）」 while the resolution is due: the promise, not only the countdown. */
  term: string;
  /** 「业主提交前已看到相关公告」 / 「由业主的意见建议转为投诉」 (seed 002): where this filing came from. */
  origin: string;
}

export function summary(detail: Detail, now = new Date()): Summary {
  const c = detail.complaint;
  const loc = c.location;
  const location = loc.kind === 'room' ? roomLabel(loc) : `${loc.building ? `${loc.building}栋 ` : ''}${loc.description}`;
  // The server says which deadline runs (none while resolved, closed or paused).
  const due = c.dueAt ? deadline(c.dueAt, deadlineKind(c), now) : null;
  return {
    id: c.id,
    number: c.number,
    status: c.pause ? '暂停计时' : stateLabel(c),
    tag: STATUS_TAG[c.status],
    urgency: c.urgency && c.urgency !== 'normal' ? URGENCY_LABELS[c.urgency] : '',
    urgencyTag: c.urgency === 'urgent' ? 'danger' : 'warning',
    description: c.description,
    desiredOutcome: c.desiredOutcome,
    location,
    // Who of the household filed it (业主 / 家属 / 租户); none for complaints staff recorded.
    filedBy: c.complainant.relation ? `${c.complainant.name}（${RELATION_LABELS[c.complainant.relation]}）` : '',
    submitted: formatTime(c.submittedAt, now),
    dueLabel: due?.tone === 'late' ? '' : (due?.label ?? ''),
    dueMs: due?.remainingMs ?? 0,
    overdue: due?.tone === 'late' ? due.text : '',
    term: c.resolveBy && c.status !== 'resolved' && c.status !== 'closed' ? resolutionTerm(c.resolveWithin, c.resolveBy, now) : '',
    origin: c.fromSuggestion ? '由业主的意见建议转为投诉' : c.noticesShown.length ? '业主提交前已看到相关公告，仍选择投诉' : '',
  };
}
