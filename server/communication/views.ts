// What people read of the communication module, worded in one place (the lint rule in
// eslint.config.js keeps Chinese out of handlers and stores): the staff's task messages and group-chat
// lines for suggestions and summaries, the owner's reply message, and the 业户沟通总结 sheet.
import type { SheetData } from 'write-excel-file/node';
import { localDate } from '../../domain/calendar';
import { TOPIC_LABELS, type Topic } from '../../domain/model';
import type { Suggestion } from '../../domain/suggestions';
import type { CommunicationSummary } from '../../domain/summaries';
import type { CommunicationStats, SummaryFigures } from '../../typings/api';

/** The owner's message on a reply or conversion (suggestion_reply), and the reply it quotes. */
export const replySummary = (s: Suggestion) => (s.converted ? '已转为投诉处理' : '物业已答复');
export const replyQuoted = (s: Suggestion) => (s.converted ? `已转为投诉 ${s.converted.number} 处理` : (s.reply?.text ?? ''));

/** The department head's task when a suggestion's reply falls due. */
export const SUGGESTION_REPLY_DUE = '意见建议答复已到期';
/** Staff see the number, the topic and an excerpt — never the author (anonymity holds in messages too). */
export const suggestionPlace = (topic: Topic) => `意见建议·${TOPIC_LABELS[topic]}`;
export const suggestionGroupText = (summary: string, number: string, topic: Topic) => `【意见建议】${summary}：${number}，${TOPIC_LABELS[topic]}`;

/** The customer-service head's task when the month ends and its summary is drafted. */
export const summaryDrafted = (month: string) => `${month} 业户沟通总结待编写`;
export const SUMMARY_PLACE = '业户沟通总结';
export const summaryGroupText = (month: string) => `【业户沟通总结】${month} 的总结草稿已生成，请客户服务主管编写并提交管理处主任审阅`;

const STATUS_WORDS: Record<CommunicationSummary['status'], string> = { scheduled: '本月未结束', draft: '草稿', submitted: '待审阅', approved: '已审阅通过', returned: '已退回修改' };
const ACTION_WORDS: Record<CommunicationSummary['history'][number]['action'], string> = { drafted: '生成草稿', edited: '修改', submitted: '提交审阅', approved: '审阅通过', returned: '退回' };
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The 业户沟通总结 sheet of the monthly workbook: status, text, figures (the 业户沟通 block given as rows), review. */
export function summaryRows(s: CommunicationSummary | null, f: SummaryFigures, categoryLabel: (code: string) => string, communication: (c: CommunicationStats) => SheetData): { sheet: string; data: SheetData } {
  const stats = f.statistics;
  const bold = (value: string) => ({ value, fontWeight: 'bold' as const });
  const data: SheetData = [
    [bold('业户沟通总结'), f.month],
    ['状态', s ? STATUS_WORDS[s.status] : STATUS_WORDS.scheduled],
    ['编写人', s?.authorName || '—'],
    ['本月沟通概况', s?.text.overview || '—'],
    ['反复出现的问题及处理', s?.text.problems || '—'],
    ['改进措施与下月计划', s?.text.plans || '—'],
    [bold('数据'), ''],
    ['投诉件数', stats.submitted],
    ['按时响应率', pct(stats.responseOnTimeRate)],
    ['按时办结率', pct(stats.resolutionOnTimeRate)],
    ['满意率', pct(stats.satisfaction.satisfiedRate)],
    ['重开率', pct(stats.reopenRate)],
    ...stats.recurring.map((r) => [`重复问题：${r.building}栋 ${categoryLabel(r.category)}`, r.count]),
    ['业户走访（已走访 / 应走访）', `${f.visits.done} / ${f.visits.target}`],
    ...f.visits.byStaff.map((v) => [`走访：${v.name}`, v.visits]),
    ...f.surveys.map((v) => [`满意度调查：${v.title}`, `回收 ${v.responses} 份，回收率 ${pct(v.responseRate)}，平均 ${v.average ?? '—'} 分`]),
    [bold('业户沟通'), ''],
    ...communication(stats.communication),
    [bold('审阅记录'), ''],
    ...(s?.history ?? []).map((h) => [`${localDate(h.at)} ${h.byName}`, `${ACTION_WORDS[h.action]}${h.comment ? `：${h.comment}` : ''}`]),
  ];
  return { sheet: '业户沟通总结', data };
}
