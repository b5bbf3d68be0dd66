// The words of the complaint process (GLOSSARY.md), as types. Pure data: no I/O, no clock.

/** 渠道 — how a complaint arrived (seed 003 (2); DESIGN.md §1 intake). */
export const CHANNELS = ['mini_program', 'phone', 'walk_in', 'letter', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * 答复 by the complainant's own channel (seed 003 (8) 以电话、信函或走访的方式回复投诉人; seed 000 §(五)):
 * 打电话 / 回函 / 走访. A mini-program complainant is answered in the app instead.
 */
export const REPLY_WAYS = ['phone', 'letter', 'visit'] as const;
export type ReplyWay = (typeof REPLY_WAYS)[number];

export function replyWayFor(channel: Channel): ReplyWay | null {
  const ways: Record<Channel, ReplyWay | null> = { mini_program: null, phone: 'phone', letter: 'letter', walk_in: 'visit', other: 'phone' };
  return ways[channel];
}

/** A phone people can be called on: a mainland mobile, or a landline with its area code. */
export const PHONE_PATTERN = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
export const PHONE_RULE = '11 位手机号，或带区号的座机';

/**
 * Text as people type it in Excel or on a phone keyboard, in one form: full-width digits, letters and
 * punctuation (１３８, Ａ, －, the ideographic space) become their ASCII selves (NFKC), and runs of
 * spaces collapse to one — so 「１２０１」 and 「1201 」 are the same room, and the same phone.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** A phone as typed, before PHONE_PATTERN: normalised, with the spaces people group digits by dropped. */
export function normalisePhone(text: string): string {
  return normaliseText(text).replace(/ /g, '');
}

/** 紧急 / 重要 / 一般 (seed 000 §(二)). */
export const URGENCIES = ['urgent', 'important', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** 普通 / 特殊 — seed 003 (2)(6): ordinary ones are handled the same day, special ones within 3 days. */
export const COMPLEXITIES = ['ordinary', 'special'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** 责任方 (seed 000 §(三)). */
export const RESPONSIBLE_PARTIES = ['property', 'developer', 'owner', 'third_party'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

/** A category code; the list itself is company policy (`Policy.categories`). */
export type CategoryCode = string;
/** A department code; departments are company data (`Policy.departments`). */
export type DepartmentCode = string;

/**
 * How a person holds a room (seed 001 第一节: 业主住户，即所有人和使用人): the registered 业主, and the
 * 家属 and 租户 an owner invites. The complaint records which one filed it.
 */
export const RELATIONS = ['owner', 'family', 'tenant'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Who may act. `system` is the scheduler, never a person. */
export const ROLES = [
  'owner', // 业主 / 住户
  'reception', // 客服
  'handler', // 处理人
  'department_head', // 部门主管
  'duty_manager', // 值班经理
  'general_manager', // 总经理
  'security_supervisor', // 当值安全主管
  'admin', // 系统管理员
] as const;
export type Role = (typeof ROLES)[number];
export type ActorRole = Role | 'system';

export interface Actor {
  role: ActorRole;
  /** openid for owners, staff id for staff, 'scheduler' for the system. */
  id: string;
  name?: string;
}

/** Where the problem is: the owner's room or a public area (GLOSSARY 公共区域). */
export type Location =
  | { kind: 'room'; building: string; unit?: string; room: string }
  | { kind: 'public_area'; description: string; building?: string };

/** A cloud storage file id of a photo. */
export type PhotoId = string;

/**
 * A voice note (语音) an owner recorded instead of typing (issue 29.10): its cloud file and how many
 * whole seconds it lasts. It passes WeChat's media check like a photo, and a risky one is hidden the
 * same way (Complaint.blockedPhotos lists every hidden file, photo or voice note).
 */
export interface VoiceNote {
  file: string;
  seconds: number;
}

/** The longest voice note: a minute says what a paragraph would, and keeps the file small (checked again on the server). */
export const MAX_VOICE_SECONDS = 60;

/**
 * Status of a complaint. The transition table in `lifecycle.ts` says which command moves which status.
 * 待受理 → 待接单 → 处理中(调查 → 方案 → 待审批 → 实施) → 待评价 → 已办结.
 */
export const STATUSES = [
  'submitted', // 待受理: awaiting triage by 客服
  'assigned', // 待接单: routed to a department and handler, awaiting acceptance
  'accepted', // 已接单: first response given, investigation under way
  'investigated', // 已核实: findings recorded, a plan is due
  'awaiting_approval', // 待审批: plan submitted to a supervisor
  'in_progress', // 处理中: plan approved (or needs no approval), being carried out
  'resolved', // 待评价: result given to the owner, awaiting rating or callback
  'closed', // 已办结: the end; see `closure.reason`
] as const;
export type Status = (typeof STATUSES)[number];

/** Waiting on staff: everything before 待评价 (resolved) and 已办结 (closed). */
export const OPEN_STATUSES: readonly Status[] = ['submitted', 'assigned', 'accepted', 'investigated', 'awaiting_approval', 'in_progress'];

export const CLOSURE_REASONS = ['satisfied', 'rated', 'invalid', 'withdrawn', 'merged', 'auto_closed', 'closed_by_staff'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** 回访 result as recorded by 客服 on the phone (seed 000 §(五), 003 (8)). */
export const CALLBACK_OUTCOMES = ['satisfied', 'unsatisfied', 'unreachable'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

export const ASSIGNMENT_STRATEGIES = ['explicit', 'round_robin', 'least_load'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/** Code-point order for ids and names: the same on every machine, whatever its locale. */
export function byCodePoint(a: string, b: string): number {
  return Number(a > b) - Number(a < b);
}

/**
 * 沟通内容 (seed 002 §3 1)–10)), in the handbook's order: the topics of an owner's opinions on a visit,
 * of a survey's questions and of a suggestion — one list, so an opinion can become a suggestion.
 */
export const TOPICS = ['security', 'cleaning', 'greening', 'repair', 'facilities', 'management', 'convenience', 'difficulties', 'culture', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const TOPIC_LABELS: Record<Topic, string> = {
  security: '保安',
  cleaning: '保洁',
  greening: '绿化',
  repair: '维修',
  facilities: '设施',
  management: '管理人员',
  convenience: '便民服务',
  difficulties: '特殊困难',
  culture: '社区文化',
  other: '其他',
};

/** 停水、停电、消杀、电梯维修、施工、活动、其他 (seed 002 要求 (1)(2)(3)(6)). */
export const NOTICE_KINDS = ['water_outage', 'power_outage', 'disinfection', 'lift_repair', 'construction', 'event', 'other'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
