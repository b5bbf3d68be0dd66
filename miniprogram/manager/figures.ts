// This month's figures as the dashboard shows them (manager subpackage only): rates as percentages,
// "—" where there is nothing to measure yet (a rate is null, never a made-up 0), and breakdowns as
// bars whose widths are shares of the largest.
import type { FigureTargets } from '../../domain/policy';
import type { FigureKey, MonthFigures } from '../../domain/statistics';
import type { CommunicationStats, CompanyFigures, CompanyRow, TrendPoint, Wire } from '../../typings/api';
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

/** Below the company's target: shown in red. Nothing to measure, or no target given, is never a miss. */
const below = (r: number | null, target: number | undefined) => r !== null && target !== undefined && r < target;

/** `t`: the company's targets, for the red; a page that shows the figures alone (业户沟通总结) leaves it out. */
export function figures(s: Wire<MonthFigures> & { definitions: Record<FigureKey, string> }, t?: FigureTargets): Figure[] {
  const d = s.definitions;
  return [
    { label: '本月投诉', value: String(s.submitted), warn: false, definition: d.submitted },
    { label: '按时响应率', value: pct(s.responseOnTimeRate), warn: below(s.responseOnTimeRate, t?.responseOnTimeRate), definition: d.responseOnTimeRate },
    { label: '按时办结率', value: pct(s.resolutionOnTimeRate), warn: below(s.resolutionOnTimeRate, t?.resolutionOnTimeRate), definition: d.resolutionOnTimeRate },
    { label: '满意率', value: pct(s.satisfaction.satisfiedRate), warn: below(s.satisfaction.satisfiedRate, t?.satisfiedRate), definition: d.satisfaction },
    { label: '平均评分', value: s.satisfaction.meanRating === null ? '—' : s.satisfaction.meanRating.toFixed(1), warn: false, definition: d.meanRating },
    // Satisfaction counts owners' ratings and the scores 客服 noted on callbacks: say how many of each.
    { label: '评价（业主 / 回访）', value: `${s.satisfaction.bySource.owner} / ${s.satisfaction.bySource.callback}`, warn: false, definition: '本月业主在小程序里的评分次数 / 客服电话回访时记下的评分次数' },
    { label: '重开率', value: pct(s.reopenRate), warn: t !== undefined && s.reopenRate !== null && s.reopenRate > t.reopenRate, definition: d.reopenRate },
    { label: '处理时长中位数', value: s.handlingHours.median === null ? '—' : `${s.handlingHours.median.toFixed(1)} 小时`, warn: false, definition: d.handlingHours },
    { label: '不成立占比', value: pct(s.invalidShare), warn: false, definition: d.invalidShare },
  ];
}

/** One month's column of a trend chart: its height (% of the chart), and whether it has figures at all. */
export interface TrendColumn {
  month: string;
  height: number;
  /** No totals for the month: drawn as an empty outline, never as zero. */
  missing: boolean;
  warn: boolean;
}

/** A 12-month trend as 管理看板 draws it: this month, the change against last month, the target. */
export interface TrendChart {
  key: string;
  title: string;
  current: string;
  change: string;
  /** 「目标 ≥ 90%」; empty for the count, which has no target. */
  target: string;
  warn: boolean;
  /** Where the target line sits (% of the chart's height); null without a target. */
  targetAt: number | null;
  columns: TrendColumn[];
}

type RateKey = 'responseOnTimeRate' | 'resolutionOnTimeRate' | 'satisfiedRate';
const TRENDS: Array<{ key: 'submitted' | RateKey; title: string }> = [
  { key: 'submitted', title: '投诉量' },
  { key: 'responseOnTimeRate', title: '按时响应率' },
  { key: 'resolutionOnTimeRate', title: '按时办结率' },
  { key: 'satisfiedRate', title: '满意率' },
];

const monthWords = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;

/** 「较上月 +3 个百分点」, 「较上月 −2 件」, or why there is no change to tell. */
function change(key: string, now: number | null, before: CompanyFigures | null): string {
  if (before === null) return '上月无统计数据';
  const was = before[key as keyof CompanyFigures] as number | null;
  if (now === null || was === null) return '较上月：无可比数据';
  const diff = key === 'submitted' ? now - was : Math.round(now * 100) - Math.round(was * 100);
  const unit = key === 'submitted' ? ' 件' : ' 个百分点';
  return diff === 0 ? '与上月持平' : `较上月 ${diff > 0 ? '+' : '−'}${Math.abs(diff)}${unit}`;
}

/** The four trends of 管理看板 from stats.monthly's 12 months (oldest first, this month last). */
export function trendCharts(points: Array<Wire<TrendPoint>>, t: FigureTargets): TrendChart[] {
  const last = points[points.length - 1]?.figures ?? null;
  const previous = points[points.length - 2]?.figures ?? null;
  return TRENDS.map(({ key, title }) => {
    const value = (f: CompanyFigures | null) => (f === null ? null : (f[key] as number | null));
    const max = key === 'submitted' ? Math.max(1, ...points.map((p) => value(p.figures) ?? 0)) : 1;
    const target = key === 'submitted' ? null : t[key as RateKey];
    const now = value(last);
    return {
      key,
      title,
      current: key === 'submitted' ? `${now ?? 0} 件` : pct(now),
      change: change(key, now, previous),
      target: target === null ? '' : `目标 ≥ ${pct(target)}`,
      warn: target !== null && below(now, target),
      targetAt: target === null ? null : Math.round(target * 100),
      columns: points.map((p) => {
        const v = value(p.figures);
        return { month: String(Number(p.month.slice(5, 7))), height: p.figures === null ? 100 : Math.round(((v ?? 0) / max) * 100), missing: p.figures === null, warn: target !== null && below(v, target) };
      }),
    };
  });
}

/**
 * The trends as a screen reader reads them, a line a month, newest first: 「2026年11月：投诉 4 件，按时响应率
 * 95%，按时办结率 90%，满意率 —」, or 「2026年3月：无统计数据」 — the figures the columns only draw.
 */
export function trendTable(points: Array<Wire<TrendPoint>>): string[] {
  return [...points].reverse().map((p) => {
    const f = p.figures;
    return f === null ? `${monthWords(p.month)}：无统计数据` : `${monthWords(p.month)}：投诉 ${f.submitted} 件，按时响应率 ${pct(f.responseOnTimeRate)}，按时办结率 ${pct(f.resolutionOnTimeRate)}，满意率 ${pct(f.satisfiedRate)}`;
  });
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
  rank: number;
  name: string;
  /** 「1. 阳光花园」 */
  title: string;
  /** The ranking's first figure, 按时办结率, as text and as the bar's width (%); 0 with nothing to measure. */
  rate: string;
  bar: number;
  /** Below the company's target: the bar and its figure in red. */
  barWarn: boolean;
  /** One line of figures; "—" where there is nothing to measure yet. */
  line: string;
  /** Overdue now, and the owner-visit progress (visited / target). */
  overdue: string;
  visits: string;
  warn: boolean;
  /** The row's figures read whole, for a screen reader. */
  label: string;
}

export function companyRow(r: Wire<CompanyRow>, rank: number, overdueComplete: boolean, t: FigureTargets): CompanyRowView {
  // Not computed yet: the scheduler computes it within minutes; no made-up zeros meanwhile.
  const line = r.asOf === null ? '统计中，请稍后刷新' : `投诉 ${r.submitted} · 按时响应 ${pct(r.responseOnTimeRate)} · 按时办结 ${pct(r.resolutionOnTimeRate)} · 满意率 ${pct(r.satisfiedRate)} · 重开率 ${pct(r.reopenRate)}`;
  const overdue = `当前超时 ${r.overdueNow}${overdueComplete ? '' : '+'}`;
  const visits = `走访 ${r.visitsDone} / ${r.visitTarget} 户`;
  const short = r.complete || r.asOf === null ? '' : `（统计少 ${r.missing} 件，数字不完整）`;
  return {
    communityId: r.communityId,
    rank,
    name: r.name,
    title: `${rank}. ${r.name}`,
    rate: r.asOf === null ? '统计中' : pct(r.resolutionOnTimeRate),
    bar: r.resolutionOnTimeRate === null ? 0 : Math.round(r.resolutionOnTimeRate * 100),
    barWarn: below(r.resolutionOnTimeRate, t.resolutionOnTimeRate),
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
