// Chinese words for the process's codes (GLOSSARY.md), and the colour of each state on screen.
// Typed against the domain's code lists, so a new code without a label fails `tsc`.
import type { CallbackOutcome, Channel, ClosureReason, NoticeKind, Relation, ReplyWay, ResponsibleParty, Role, Status, Topic, Urgency } from '../../domain/model';
import type { NoticeState } from '../../domain/notices';
import type { Duration } from '../../domain/policy';
import type { VisitWay } from '../../domain/visits';

/**
 * What a complaint reads as, everywhere it is named: 我的投诉 and the staff lists (cards), 投诉详情,
 * the submit reply, and the `phrase` of the owner's subscription messages (server/complaints/sweep.ts).
 * One table, so a screen and a message never name the same state two ways (issue 28.4). It lives here,
 * not in domain/, because DevTools compiles only miniprogram/ and a page may import only types from
 * domain/ at runtime; the server's esbuild bundle imports this plain file, the mini-program's copy is
 * the same source.
 *
 * 受理 is staff accepting the complaint (seed 000 §(一)(二): recorded, assessed, classified): until
 * 客服 triage it a complaint is 「已提交，待受理」, never 「已受理」. A closed complaint reads by how it
 * ended: judged 不成立 (seed 001 第四节二 判断投诉是否成立), 撤回 by the owner, 合并 into the one it
 * repeats, or 办结 — by staff, by the owner's rating, or by the clock when the owner did not rate.
 * Typed on the domain's lists: a new status or closure reason without a word fails `tsc`.
 */
export const STATE_LABELS: { readonly [S in Status]: S extends 'closed' ? Readonly<Record<ClosureReason, string>> : string } = {
  submitted: '已提交，待受理',
  assigned: '待接单',
  accepted: '已接单',
  investigated: '已调查',
  awaiting_approval: '方案待审批',
  in_progress: '处理中',
  resolved: '待评价',
  closed: { satisfied: '已办结', rated: '已办结', closed_by_staff: '已办结', auto_closed: '已自动办结', invalid: '不成立', withdrawn: '已撤回', merged: '已合并' },
};

/** The fields a complaint's state is read from: its status and, once closed, its closure. */
export type StateSource = { status: Status; closure: { reason: ClosureReason } | null };

export function stateLabel(c: StateSource): string {
  // A closed complaint always has its closure (domain/complaint.ts); 已办结 is the plain ending.
  return c.status === 'closed' ? STATE_LABELS.closed[c.closure?.reason ?? 'closed_by_staff'] : STATE_LABELS[c.status];
}

/**
 * The word a subscription message's `phrase` keyword shows (≤ 5 Chinese characters, no punctuation —
 * wechat-platform.md): the label's last clause, so 「已提交，待受理」 is sent as 「待受理」.
 */
export function statePhrase(c: StateSource): string {
  return stateLabel(c).split('，').pop()!;
}

/** vant tag types: waiting on staff is a warning, done is success, closed is plain. */
export const STATUS_TAG: Record<Status, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  submitted: 'warning',
  assigned: 'warning',
  accepted: 'primary',
  investigated: 'primary',
  awaiting_approval: 'primary',
  in_progress: 'primary',
  resolved: 'success',
  closed: 'default',
};

/** What a 1–5 score means, said the same on the rating stars and the survey's scale. */
export const SCORE_WORDS = ['很不满意', '不满意', '一般', '满意', '非常满意'] as const;

export const URGENCY_LABELS: Record<Urgency, string> = { urgent: '紧急', important: '重要', normal: '一般' };

export const UNIT_LABELS: Record<Duration['unit'], string> = { working_minutes: '工作分钟', working_hours: '工作小时', working_days: '工作日', minutes: '分钟', hours: '小时', days: '天' };

export const CHANNEL_LABELS: Record<Channel, string> = { mini_program: '小程序', phone: '电话', walk_in: '来访', letter: '信函', other: '其他' };

export const ROLE_LABELS: Record<Role, string> = {
  owner: '业主',
  reception: '客服',
  handler: '处理人',
  department_head: '部门主管',
  security_supervisor: '安全主管',
  duty_manager: '值班经理',
  general_manager: '总经理',
  admin: '管理员',
};

/** 业主 / 家属 / 租户: how a person holds a room (domain/model.ts RELATIONS). */
export const RELATION_LABELS: Record<Relation, string> = { owner: '业主', family: '家属', tenant: '租户' };

export const RESPONSIBLE_PARTY_LABELS: Record<ResponsibleParty, string> = { property: '物业', developer: '开发商', owner: '业主', third_party: '第三方' };

export const CALLBACK_OUTCOME_LABELS: Record<CallbackOutcome, string> = { satisfied: '满意', unsatisfied: '不满意', unreachable: '未联系上' };

/** 答复投诉人 by the channel the complaint came in (seed 003 (8)). */
export const REPLY_WAY_LABELS: Record<ReplyWay, string> = { phone: '打电话', letter: '回函', visit: '走访' };

/** A room as people write it: 1栋2单元301 (the unit is optional). */
export function roomLabel(r: { building: string; unit?: string; room: string }): string {
  return `${r.building}栋${r.unit ? `${r.unit}单元` : ''}${r.room}`;
}

/** seed 002 §3 沟通内容, as the visit and survey pages name them (domain/visits.ts TOPICS, in order). */
export const TOPIC_LABELS: Record<Topic, string> = { security: '保安', cleaning: '保洁', greening: '绿化', repair: '维修', facilities: '设施', management: '管理人员', convenience: '便民服务', difficulties: '特殊困难', culture: '社区文化', other: '其他' };
export const TOPIC_ORDER = Object.keys(TOPIC_LABELS) as Topic[];
export const VISIT_WAY_LABELS: Record<VisitWay, string> = { face: '面谈', phone: '电话', home: '上门' };
/** A notice's kind, in the order a publisher picks it (seed 002 要求 (1)(2)(3)(6)). */
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = { water_outage: '停水', power_outage: '停电', disinfection: '消杀', lift_repair: '电梯维修', construction: '施工', event: '活动', other: '其他' };
/**
 * A notice's state as every page that shows a notice names it (domain/notices.ts noticeState): the
 * work announced is on now, still to come, over, or the office took the notice back (撤回) — seed 002
 * 要求 (2) 通知单 tells owners before the work, so a notice is read before it is in force.
 */
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = { in_force: '生效中', upcoming: '未开始', ended: '已结束', withdrawn: '已撤回' };
