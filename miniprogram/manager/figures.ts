// This month's figures as the dashboard shows them (manager subpackage only): rates as percentages,
// "—" where there is nothing to measure yet (a rate is null, never a made-up 0), and breakdowns as
// bars whose widths are shares of the largest.
import type { FigureKey, MonthFigures } from '../../domain/statistics';
import type { CommunicationStats, CompanyRow, Wire } from '../../typings/api';
import { formatTime } from '../utils/time';

export interface Figure {
  label: string;
  value: string;
  /** A target the company watches: below it the figure shows in red. */
  warn: boolean;
  /** What it measures, shown when the manager taps it (domain FIGURE_DEFINITIONS via stats.monthly). */
  definition: string;
}

export interface Bar {
  label: string;
  count: number;
  width: number;
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

export function figures(s: Wire<MonthFigures> & { definitions: Record<FigureKey, string> }): Figure[] {
  const d = s.definitions;
  return [
    { label: '本月投诉', value: String(s.submitted), warn: false, definition: d.submitted },
    { label: '按时响应率', value: pct(s.responseOnTimeRate), warn: s.responseOnTimeRate !== null && s.responseOnTimeRate < 0.9, definition: d.responseOnTimeRate },
    { label: '按时办结率', value: pct(s.resolutionOnTimeRate), warn: s.resolutionOnTimeRate !== null && s.resolutionOnTimeRate < 0.9, definition: d.resolutionOnTimeRate },
    { label: '满意率', value: pct(s.satisfaction.satisfiedRate), warn: s.satisfaction.satisfiedRate !== null && s.satisfaction.satisfiedRate < 0.8, definition: d.satisfaction },
    { label: '平均评分', value: s.satisfaction.meanRating === null ? '—' : s.satisfaction.meanRating.toFixed(1), warn: false, definition: d.meanRating },
    // Satisfaction counts owners' ratings and the scores 客服 noted on callbacks: say how many of each.
    { label: '评价（业主 / 回访）', value: `${s.satisfaction.bySource.owner} / ${s.satisfaction.bySource.callback}`, warn: false, definition: '本月业主在小程序里的评分次数 / 客服电话回访时记下的评分次数' },
    { label: '重开率', value: pct(s.reopenRate), warn: s.reopenRate !== null && s.reopenRate > 0.1, definition: d.reopenRate },
    { label: '处理时长中位数', value: s.handlingHours.median === null ? '—' : `${s.handlingHours.median.toFixed(1)} 小时`, warn: false, definition: d.handlingHours },
    { label: '不成立占比', value: pct(s.invalidShare), warn: false, definition: d.invalidShare },
  ];
}

/** 业户沟通 as a row each (seed 002 每月的业户沟通总结): the 管理看板 and the 业户沟通总结 show the same rows. */
export interface CommunicationFigure {
  label: string;
  value: string;
  note: string;
}

/** Do notices reach owners, do they prevent complaints, are suggestions answered? */
export function communicationFigures(c: CommunicationStats): CommunicationFigure[] {
  return [
    { label: '发布公告', value: `${c.noticesPublished} 条`, note: `订阅消息送达 ${c.ownersReached} 人次` },
    { label: '看到公告后仍投诉', value: `${c.complaintsDuringNotice} 件`, note: '提交前已看到同楼栋、同类别生效中的公告' },
    { label: '看到公告后未再投诉', value: `${c.complaintsDeflected} 户次`, note: '业主确认「是这个问题」，不再投诉或登记' },
    { label: '意见建议', value: `${c.suggestionsReceived} 条`, note: `按时答复 ${c.suggestionsAnsweredOnTime} 条` },
  ];
}

/** Counts by code, labelled, largest first; unknown codes keep their code as the label. */
export function bars(counts: Record<string, number>, labels: Record<string, string>): Bar[] {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return entries.map(([code, count]) => ({ label: labels[code] ?? (code === 'unclassified' ? '未分类' : code), count, width: Math.round((count / max) * 100) }));
}

/** The month `offset` months before now, as the api wants it. */
export function monthBefore(now: Date, offset: number): { year: number; month: number; label: string } {
  const d = new Date(now.getFullYear(), now.getMonth() - offset, 1);
  return { year: d.getFullYear(), month: d.getMonth() + 1, label: `${d.getFullYear()}年${d.getMonth() + 1}月` };
}

/** One community's row on 集团看板: its rank, name, and each figure as the manager reads it. */
export interface CompanyRowView {
  communityId: string;
  title: string;
  /** One line of figures; "—" where there is nothing to measure yet. */
  line: string;
  /** Overdue now, and the owner-visit progress (visited / target). */
  overdue: string;
  visits: string;
  warn: boolean;
  /** The row's figures read whole, for a screen reader. */
  label: string;
}

export function companyRow(r: Wire<CompanyRow>, rank: number, overdueComplete: boolean): CompanyRowView {
  // Not computed yet: the scheduler computes it within minutes; no made-up zeros meanwhile.
  const line = r.asOf === null ? '统计中，请稍后刷新' : `投诉 ${r.submitted} · 按时响应 ${pct(r.responseOnTimeRate)} · 按时办结 ${pct(r.resolutionOnTimeRate)} · 满意率 ${pct(r.satisfiedRate)} · 重开率 ${pct(r.reopenRate)}`;
  const overdue = `当前超时 ${r.overdueNow}${overdueComplete ? '' : '+'}`;
  const visits = `走访 ${r.visitsDone} / ${r.visitTarget} 户`;
  const short = r.complete || r.asOf === null ? '' : `（统计少 ${r.missing} 件，数字不完整）`;
  return {
    communityId: r.communityId,
    title: `${rank}. ${r.name}`,
    line: line + short,
    overdue,
    visits,
    warn: r.overdueNow > 0 || (!r.complete && r.asOf !== null),
    label: `第 ${rank} 名 ${r.name}，${line}，${overdue}，${visits}${short}，点按查看该小区的管理看板`,
  };
}

/** When the dashboard's oldest row was computed, e.g. 「数据截至 11月20日 10:05」; empty when none was. */
export function asOfNote(rows: Array<Wire<CompanyRow>>): string {
  const times = rows.map((r) => r.asOf).filter((t): t is string => t !== null).sort();
  return times.length === 0 ? '' : `数据截至 ${formatTime(times[0]!)}（每分钟更新）`;
}
