// API errors: a stable code from typings/errors.ts plus the precise reason. Domain codes map onto
// API codes and their own Chinese sentences here, in one place (the error catalogue).
import { API_ERRORS, type ApiErrorCode, type ApiFailure } from '../../typings/errors';
import { DomainError, type DomainErrorCode } from '../../domain/errors';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail?: string,
    /** A more precise Chinese message than the code's, when the user needs a figure (e.g. when to retry). */
    readonly userMessage?: string,
  ) {
    super(detail ?? code);
  }
}

/**
 * Every domain code → the API code and the sentence the user reads, naming what went wrong. Codes the
 * domain raises only for the system's own commands (timers) or pure helpers still get a message, so
 * nothing ever reaches a person as a bare code.
 */
export const DOMAIN_ERRORS: Record<DomainErrorCode, { code: ApiErrorCode; message: string }> = {
  'LIFECYCLE.ROLE_FORBIDDEN': { code: 'FORBIDDEN', message: '您的岗位不能进行这一步操作' },
  'LIFECYCLE.NOT_YOUR_COMPLAINT': { code: 'FORBIDDEN', message: '这不是您提交的投诉' },
  'LIFECYCLE.NOT_ASSIGNED_TO_YOU': { code: 'FORBIDDEN', message: '这件投诉没有派给您，请由被指派的处理人或部门主管操作' },
  'LIFECYCLE.ALREADY_EXISTS': { code: 'CONFLICT', message: '这件投诉已经登记过了' },
  'LIFECYCLE.NOT_FOUND': { code: 'NOT_FOUND', message: '没有找到这件投诉' },
  'LIFECYCLE.ILLEGAL_TRANSITION': { code: 'ILLEGAL_TRANSITION', message: '投诉当前的状态下不能进行这一步，请刷新后查看' },
  'LIFECYCLE.PAUSED': { code: 'PAUSED', message: '计时已暂停，请先恢复计时' },
  'PAUSE.NOT_PAUSED': { code: 'ILLEGAL_TRANSITION', message: '计时没有暂停，不需要恢复' },
  'PAUSE.REASON_REQUIRED': { code: 'VALIDATION', message: '请填写暂停计时的原因' },
  'INTAKE.DESCRIPTION_REQUIRED': { code: 'VALIDATION', message: '请描述发生了什么' },
  'INFO.EMPTY': { code: 'VALIDATION', message: '请填写补充的内容，或添加照片、语音' },
  'INFO.NOTHING_NEW': { code: 'VALIDATION', message: '这些照片已经在投诉里了，请填写补充的内容或添加新的照片' },
  'TRIAGE.EXPLANATION_REQUIRED': { code: 'VALIDATION', message: '判定不成立时请给业主写明理由' },
  'TRIAGE.UNKNOWN_CATEGORY': { code: 'VALIDATION', message: '没有这个投诉类别，请重新选择' },
  'TRIAGE.UNKNOWN_DEPARTMENT': { code: 'VALIDATION', message: '没有这个部门，请重新选择' },
  'TRANSFER.SAME_HANDLER': { code: 'VALIDATION', message: '投诉已经在这个部门和处理人手上' },
  'TRANSFER.REASON_REQUIRED': { code: 'VALIDATION', message: '请填写转派的原因' },
  'ASSIGNMENT.HANDLER_REQUIRED': { code: 'VALIDATION', message: '这个部门需要指定处理人，请选择一位' },
  'ASSIGNMENT.NOT_AVAILABLE': { code: 'VALIDATION', message: '所选的处理人已停用，请另选一位' },
  'ASSIGNMENT.NOT_IN_DEPARTMENT': { code: 'VALIDATION', message: '所选的人不是该部门本小区的处理人' },
  'ASSIGNMENT.NO_HANDLER': { code: 'VALIDATION', message: '该部门在本小区没有可派的处理人，请先在设置中添加员工' },
  'INVESTIGATION.FINDINGS_REQUIRED': { code: 'VALIDATION', message: '请填写调查核实的结果' },
  'PLAN.DESCRIPTION_REQUIRED': { code: 'VALIDATION', message: '请填写处理方案' },
  'PLAN.COMPLETION_IN_PAST': { code: 'VALIDATION', message: '预计完成时间必须在现在之后' },
  'PLAN.NEGATIVE_COST': { code: 'VALIDATION', message: '预计费用不能为负数' },
  'APPROVAL.OWN_PLAN': { code: 'FORBIDDEN', message: '不能审批自己提交的方案，请由其他主管审批' },
  'APPROVAL.REASON_REQUIRED': { code: 'VALIDATION', message: '退回方案时请写明原因' },
  'NOTE.TEXT_REQUIRED': { code: 'VALIDATION', message: '请填写进展说明' },
  'RESOLVE.RESULT_REQUIRED': { code: 'VALIDATION', message: '请填写处理结果' },
  'RATING.ALREADY_RATED': { code: 'ILLEGAL_TRANSITION', message: '这次处理结果您已经评价过了' },
  'RATING.OUT_OF_RANGE': { code: 'VALIDATION', message: '评分应在 1 到 5 星之间' },
  'REOPEN.REASON_REQUIRED': { code: 'VALIDATION', message: '请说明对处理结果哪里不满意' },
  'CALLBACK.NOT_DUE': { code: 'ILLEGAL_TRANSITION', message: '还没到电话回访的时间' },
  'CLOSE.NOT_DUE': { code: 'ILLEGAL_TRANSITION', message: '还没到自动办结的时间' },
  'CLOSE.EXPLANATION_REQUIRED': { code: 'VALIDATION', message: '办结时请写明说明' },
  'MERGE.SELF': { code: 'VALIDATION', message: '不能把投诉合并到它自己' },
  'MERGE.OTHER_COMMUNITY': { code: 'VALIDATION', message: '只能合并同一小区的投诉' },
  'MERGE.TARGET_CLOSED': { code: 'VALIDATION', message: '要并入的投诉已经办结，请选择一件未办结的' },
  'MERGE.EXPLANATION_REQUIRED': { code: 'VALIDATION', message: '合并时请给业主写明说明' },
  'TIMER.ALREADY_FIRED': { code: 'CONFLICT', message: '这次提醒已经发出过了' },
  'TIMER.NO_DEADLINE': { code: 'ILLEGAL_TRANSITION', message: '这件投诉现在没有需要提醒的时限' },
  'PHOTO.ALREADY_BLOCKED': { code: 'CONFLICT', message: '这张照片已经隐藏了' },
  'VOICE.TOO_LONG': { code: 'VALIDATION', message: '语音最长 60 秒，请重新录一段' },
  'PRIVACY.NOT_DUE': { code: 'ILLEGAL_TRANSITION', message: '还没到删除投诉人个人信息的时间' },
  'REPLY.NOT_DUE': { code: 'ILLEGAL_TRANSITION', message: '这件投诉不需要按来访渠道答复，或已经答复过了' },
  'LINK.ALREADY_LINKED': { code: 'CONFLICT', message: '这件投诉已经关联了业主的微信账户' },
  'CALENDAR.NO_WORKING_TIME': { code: 'VALIDATION', message: '工作日历里没有任何工作时间，请检查营业时间与节假日设置' },
  'SLA.NEGATIVE_DURATION': { code: 'VALIDATION', message: '时限不能为负数' },
  'STATISTICS.BAD_MONTH': { code: 'VALIDATION', message: '月份不正确' },
  'VISITS.BAD_HOUSEHOLDS': { code: 'VALIDATION', message: '入住户数不正确' },
  'SUMMARY.NOT_AUTHOR': { code: 'FORBIDDEN', message: '业户沟通总结由客户服务主管（客服部主管）编写' },
  'SUMMARY.NOT_DRAFTED': { code: 'ILLEGAL_TRANSITION', message: '这个月还没有结束，月末会自动生成总结草稿' },
  'SUMMARY.NOT_EDITABLE': { code: 'ILLEGAL_TRANSITION', message: '总结已提交审阅，退回后才能修改' },
  'SUMMARY.NOT_DIRECTOR': { code: 'FORBIDDEN', message: '业户沟通总结由管理处主任（值班经理或总经理）审阅' },
  'SUMMARY.NOT_SUBMITTED': { code: 'ILLEGAL_TRANSITION', message: '总结还没有提交，或已经审阅过了' },
  'SUMMARY.OWN_SUMMARY': { code: 'FORBIDDEN', message: '不能审阅自己编写的总结' },
  'SUMMARY.REASON_REQUIRED': { code: 'VALIDATION', message: '退回总结时请写明原因' },
  'NOTICE.PERIOD_INVALID': { code: 'VALIDATION', message: '公告的结束时间必须晚于开始时间' },
  'NOTICE.ALREADY_ENDED': { code: 'VALIDATION', message: '公告的结束时间已经过去，请重新选择' },
  'NOTICE.PERIOD_TOO_LONG': { code: 'VALIDATION', message: '一条公告最长有效 90 天，请分开发布' },
  'NOTICE.NOT_CURRENT': { code: 'CONFLICT', message: '这条公告已经结束或已撤回，无需撤回' },
  'NOTICE.NOT_FOR_ROOM': { code: 'VALIDATION', message: '这条公告不涉及这套房屋所在的楼栋' },
  'NOTICE.NOT_IN_FORCE': { code: 'CONFLICT', message: '这条公告已经结束或已撤回；如果问题仍在，请继续投诉' },
  'SUGGESTION.CLOSED': { code: 'ILLEGAL_TRANSITION', message: '这条意见建议已经转为投诉处理，或已经答复过了' },
  'SUGGESTION.NOT_YOURS': { code: 'FORBIDDEN', message: '这不是您提交的意见建议' },
  'ACCESS.ROOM_NOT_HELD': { code: 'FORBIDDEN', message: '您已不在这套房屋登记，不能再查看或办理这套房屋的事项' },
  'SUGGESTION.ANONYMOUS': { code: 'ILLEGAL_TRANSITION', message: '匿名的意见建议不能转为投诉（投诉需要业主本人的信息），请在答复中请业主本人提交投诉' },
  'ROLL.FILE_TOO_LARGE': { code: 'VALIDATION', message: '文件超过 {mb} MB，请分小区导入' },
  'ROLL.NOT_A_WORKBOOK': { code: 'VALIDATION', message: '文件不是有效的 Excel（.xlsx）表格，请用下载的模板填写后上传' },
  'ROLL.UNZIPPED_TOO_LARGE': { code: 'VALIDATION', message: '表格解压后超过 {mb} MB，不像住户名册；请只保留名册的六列，另存为新的 .xlsx 后再导入' },
  'ROLL.TOO_MANY_ROWS': { code: 'VALIDATION', message: '表格超过 {rows} 行，请分小区导入' },
  'ROLL.TOO_MANY_COLUMNS': { code: 'VALIDATION', message: '表格超过 {columns} 列（名册只需六列），请删除多余的列后再导入' },
  'ROLL.TOO_MANY_CELLS': { code: 'VALIDATION', message: '表格超过 {cells} 个单元格，请只保留名册的六列，或分小区导入' },
  'ROLL.TOO_SLOW': { code: 'VALIDATION', message: '表格在 {seconds} 秒内没有读完，请只保留名册的六列，另存为新的 .xlsx 后再导入' },
  'ROLL.FORMULA': { code: 'VALIDATION', message: '第 {row} 行 {column} 列是公式，请粘贴为数值后再导入' },
  'ROLL.CONFIRM_NAME': { code: 'VALIDATION', message: '这次导入将删除 {remove} 户（超过全部 {rooms} 户的 {share}），请输入小区名称「{name}」确认' },
};

/** The catalogue's sentence with the refusal's figures in it. */
const said = (message: string, params: Record<string, string | number>) => message.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));

export function toFailure(e: unknown): ApiFailure {
  if (e instanceof ApiError) return { ok: false, code: e.code, message: e.userMessage ?? API_ERRORS[e.code], detail: e.detail };
  if (e instanceof DomainError) {
    const { code, message } = DOMAIN_ERRORS[e.code];
    return { ok: false, code, message: said(message, e.params), detail: e.code };
  }
  return { ok: false, code: 'INTERNAL', message: API_ERRORS.INTERNAL, detail: e instanceof Error ? e.message : String(e) };
}
