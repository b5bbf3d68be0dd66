// The monthly report as an Excel workbook (seed 003 (10) 每个月末…全面统计，并向部门经理汇报):
// written with write-excel-file, stored in cloud storage, handed out as a short-lived URL.
import { monthKey } from '../../domain/calendar';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { FIGURE_DEFINITIONS, type MonthlyStatistics } from '../../domain/statistics';
import type { ActionRequest, CommunicationStats } from '../../typings/api';
import { communicationRows } from './communication';
import type { Caller } from '../kernel/members';
import type { Deps } from '../kernel/ports';
import { communityMonth } from './monthly';
import { summarySheet } from '../communication/summaries-store';
import { header, publishWorkbook } from '../kernel/workbooks';

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function sheets(s: MonthlyStatistics & { communication: CommunicationStats }): Array<{ data: SheetData; sheet: string }> {
  // Each figure with what it measures (domain FIGURE_DEFINITIONS), so the workbook reads on its own.
  const d = FIGURE_DEFINITIONS;
  const summary: SheetData = [
    header('指标', '数值', '口径'),
    ['投诉件数', s.submitted, d.submitted],
    ['不成立占比', percent(s.invalidShare), d.invalidShare],
    ['按时响应率', percent(s.responseOnTimeRate), d.responseOnTimeRate],
    ['按时办结率', percent(s.resolutionOnTimeRate), d.resolutionOnTimeRate],
    ['处理时长中位数（小时）', s.handlingHours.median === null ? '—' : Number(s.handlingHours.median.toFixed(1)), d.handlingHours],
    ['满意率（业主评价与电话回访评分合计）', percent(s.satisfaction.satisfiedRate), d.satisfaction],
    ['平均评分', s.satisfaction.meanRating === null ? '—' : Number(s.satisfaction.meanRating.toFixed(2)), d.meanRating],
    ['业主评价（次）', s.satisfaction.bySource.owner, '本月业主在小程序里给出的评分次数'],
    ['电话回访评分（次）', s.satisfaction.bySource.callback, '本月客服电话回访时记下的评分次数'],
    ['重开率', percent(s.reopenRate), d.reopenRate],
  ];
  const breakdown = (title: string, counts: Record<string, number>): SheetData => [header(title, '件数'), ...Object.entries(counts).map(([k, n]) => [k, n])];
  return [
    { sheet: '汇总', data: summary },
    { sheet: '按类别', data: breakdown('类别', s.byCategory) },
    { sheet: '按渠道', data: breakdown('渠道', s.byChannel) },
    { sheet: '员工工作量', data: [header('员工', '本月受理', '本月办结', '在办', '超时'), ...s.workload.map((w) => [w.handlerId, w.assigned, w.resolved, w.open, w.overdue])] },
    { sheet: '重复问题', data: [header('楼栋', '类别', '投诉编号'), ...s.recurring.map((r) => [r.building, r.category, r.complaintIds.join('、')])] },
    // 业户沟通 (seed 002 每月的业户沟通总结): notices, what they prevented, suggestions — a sheet of its own.
    { sheet: '业户沟通', data: communicationRows(s.communication) },
  ];
}

export async function exportMonthly(deps: Deps, caller: Caller, req: ActionRequest<'stats.export'>): Promise<{ fileID: string; url: string }> {
  const [stats, communication] = await Promise.all([communityMonth(deps, caller, req), summarySheet(deps, caller, req)]);
  const buffer = await writeExcelFile([...sheets(stats), communication]).toBuffer();
  const month = monthKey(req.year, req.month);
  const cloudPath = `reports/${req.communityId}/${month}-${deps.now().getTime()}.xlsx`;
  return publishWorkbook(deps, cloudPath, buffer);
}
