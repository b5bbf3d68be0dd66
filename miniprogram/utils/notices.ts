// What a notice or a suggestion shows on a page: one line an owner reads at a glance, as the intake
// asks it 「3号楼 今日 9:00–18:00 停水」 (seed 002 要求 (2) 通知单).
import dayjs from 'dayjs';
import type { NoticeCard, SuggestionView, Wire } from '../../typings/api';
import { NOTICE_STATE_LABELS } from './labels';

function day(d: dayjs.Dayjs, now: dayjs.Dayjs): string {
  if (d.isSame(now, 'day')) return '今日';
  if (d.isSame(now.add(1, 'day'), 'day')) return '明日';
  return d.format('M月D日');
}

/** 「今日 9:00–18:00」 or 「11月20日 8:00 至 11月22日 18:00」. */
export function noticePeriod(fromIso: string, toIso: string, now = new Date()): string {
  const f = dayjs(fromIso);
  const t = dayjs(toIso);
  const n = dayjs(now);
  return f.isSame(t, 'day') ? `${day(f, n)} ${f.format('H:mm')}–${t.format('H:mm')}` : `${day(f, n)} ${f.format('H:mm')} 至 ${day(t, n)} ${t.format('H:mm')}`;
}

export interface NoticeView {
  id: string;
  title: string;
  /** 「3号楼 今日 9:00–18:00 停水」 */
  line: string;
  unread: boolean;
  /** 生效中 / 未开始 … (NOTICE_STATE_LABELS). */
  state: string;
}

export function noticeView(n: Wire<NoticeCard>, now = new Date()): NoticeView {
  return { id: n.id, title: n.title, line: `${n.area} ${noticePeriod(n.validFrom, n.validTo, now)} ${n.kindLabel}`, unread: n.unread, state: NOTICE_STATE_LABELS[n.state] };
}

const SUGGESTION_STATUS = { open: '待答复', answered: '已答复', converted: '已转为投诉' } as const;

export interface SuggestionItem {
  id: string;
  number: string;
  topic: string;
  status: string;
  text: string;
  /** 「张先生 1栋2单元301」, or 「匿名」 when the reader may not see who wrote it. */
  author: string;
  submitted: string;
  reply: string;
  replyBy: string;
  converted: string;
  /** 「11月18日走访时由 客服 王敏 代为登记」 for one recorded from a visit; '' when the owner wrote it. */
  fromVisit: string;
}

export function suggestionItem(s: Wire<SuggestionView>): SuggestionItem {
  return {
    id: s.id,
    number: s.number,
    topic: s.topicLabel,
    status: SUGGESTION_STATUS[s.status],
    text: s.text,
    author: s.author ? `${s.author.name} ${s.author.room}`.trim() : '匿名',
    submitted: dayjs(s.submittedAt).format('MM-DD HH:mm'),
    reply: s.reply?.text ?? '',
    replyBy: s.reply ? `${s.reply.by} ${dayjs(s.reply.at).format('MM-DD HH:mm')}` : '',
    converted: s.converted ? `已转为投诉 ${s.converted.number}：${s.converted.explanation}` : '',
    fromVisit: s.fromVisit ? `${dayjs(s.fromVisit.visitedOn).format('M月D日')}走访时由 ${s.fromVisit.staffName} 代为登记` : '',
  };
}
