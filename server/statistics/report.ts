// The monthly report as an Excel workbook (seed 003 (10) 每个月末…全面统计，并向部门经理汇报):
// written with write-excel-file, stored in cloud storage, handed out as a short-lived URL; built in
// steps the page calls one after another, so its progress bar tells the truth.
import crypto from 'crypto';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { FIGURE_DEFINITIONS, monthlyStatistics, type MonthlyStatistics } from '../../domain/statistics';
import type { ActionRequest, CommunicationStats, ExportProgress } from '../../typings/api';
import { communicationMonth, communicationRows } from './communication';
import { DomainError } from '../../domain/errors';
import { requireCommunity, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { monthFacts } from './monthly';
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

/**
 * The report is built in steps, one api call each, so the page shows a determinate bar that advances
 * only when a step has really been done (issue 29.11): the month's complaint figures (92 day documents
 * and the unfolded writes), the 业户沟通总结 sheet, then writing and uploading the workbook. What a step
 * produced waits in a `report_jobs` document, read by id by the next call; the last call removes it.
 */
const STEPS = ['正在统计本月投诉', '正在整理业户沟通总结', '正在写入报表并上传'] as const;

interface ReportJob {
  _id: string;
  communityId: string;
  month: string;
  by: string;
  createdAt: Date;
  /** Steps done. */
  step: number;
  sheets: Array<{ data: SheetData; sheet: string }>;
}

const REPORT_JOBS = 'report_jobs';

export async function exportMonthly(deps: Deps, caller: Caller, req: ActionRequest<'stats.export'>): Promise<ExportProgress> {
  requireCommunity(caller, req.communityId);
  const month = `${req.year}-${String(req.month).padStart(2, '0')}`;
  const jobs = deps.db.collection(REPORT_JOBS);
  if (req.jobId === undefined) {
    // Starting costs one small write and says what the first step will be. One job per person,
    // community and month: starting again starts it over, so a report abandoned half-way (the page
    // closed) leaves one document behind at most, replaced the next time, never one per attempt.
    const jobId = crypto.createHash('sha256').update(`${caller.openid}|${req.communityId}|${month}`).digest('hex').slice(0, 32);
    await jobs.doc(jobId).set({ communityId: req.communityId, month, by: caller.openid, createdAt: deps.now(), step: 0, sheets: [] });
    return { jobId, step: 0, steps: STEPS.length, done: false, next: STEPS[0] };
  }
  const { data } = await jobs.doc(req.jobId).get();
  const job = data[0] as ReportJob | undefined;
  // Another person's job, or one for another month, is as good as none.
  if (!job || job.by !== caller.openid || job.communityId !== req.communityId || job.month !== month) throw new DomainError('REPORT.JOB_GONE', `no report job ${req.jobId}`);
  if (job.step === STEPS.length - 1) {
    const buffer = await writeExcelFile(job.sheets).toBuffer();
    const file = await publishWorkbook(deps, `reports/${req.communityId}/${month}-${deps.now().getTime()}.xlsx`, buffer);
    await jobs.doc(job._id).remove();
    return { jobId: job._id, step: STEPS.length, steps: STEPS.length, done: true, ...file };
  }
  const made = job.step === 0 ? sheets(await fullMonth(deps, caller, req)) : [await summarySheet(deps, caller, req)];
  // Compare-and-set on the step: a call repeated while the first was still running does not add its sheets twice.
  const saved = await jobs.where({ _id: job._id, step: job.step }).update({ step: job.step + 1, sheets: [...job.sheets, ...made] });
  if (saved.updated !== 1) throw new DomainError('REPORT.JOB_BUSY', `report job ${job._id} moved on`);
  return { jobId: job._id, step: job.step + 1, steps: STEPS.length, done: false, next: STEPS[job.step + 1]! };
}

/**
 * The month's statistics in full: the workbook lists each recurring issue's complaints, which
 * stats.monthly only counts (server/statistics/monthly.ts).
 */
async function fullMonth(deps: Deps, caller: Caller, req: ActionRequest<'stats.export'>): Promise<MonthlyStatistics & { communication: CommunicationStats }> {
  const now = deps.now();
  const [policy, { facts }, communication] = await Promise.all([currentPolicy(deps.db, now), monthFacts(deps, caller, req), communicationMonth(deps, req.communityId, req.year, req.month)]);
  return { ...monthlyStatistics(policy, facts, { year: req.year, month: req.month }, now), communication };
}
