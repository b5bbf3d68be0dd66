// The API contract of the `api` cloud function: every action's request, validated at the edge with
// zod, and its response type. The mini-program imports the types only (`import type`).
import { z } from 'zod';
import type { DomainErrorCode } from '../domain/errors';
import type { CommandType } from '../domain/lifecycle';
import type { ClosureReason } from '../domain/model';
import type { EndedHolds, RowError } from '../domain/households';
import { CALLBACK_OUTCOMES, CHANNELS, NOTICE_KINDS, normalisePhone, PHONE_PATTERN, COMPLEXITIES, MAX_VOICE_SECONDS, RELATIONS, REPLY_WAYS, RESPONSIBLE_PARTIES, ROLES, STATUSES, TOPICS, URGENCIES } from '../domain/model';
import type { NoticeState } from '../domain/notices';
import type { FigureTargets, Policy } from '../domain/policy';
import type { FigureKey, MonthFigures } from '../domain/statistics';
import { VISIT_WAYS } from '../domain/visits';
import type { SurveyResults } from '../domain/surveys';
import { decodeCursor } from './cursor';
import type { ComplaintView, TimelineEntryView } from './views';

export const INBOX_VIEWS = ['to_triage', 'mine', 'department', 'due_soon', 'overdue', 'awaiting_approval', 'awaiting_reply', 'awaiting_callback'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/**
 * Free text that another person will read (staff, owners, managers): every value of a schema in this
 * set passes WeChat's content check before anything is stored (server/kernel/content.ts; wechat-platform.md).
 */
export const USER_TEXTS = new WeakSet<z.ZodType>();
const userText = <T extends z.ZodType>(schema: T): T => (USER_TEXTS.add(schema), schema);
const text = (max: number) => userText(z.string().trim().max(max));
const required = (max: number) => userText(text(max).min(1));
/** Text that only selects or previews and is never stored: no content check. */
const query = (max: number) => z.string().trim().min(1).max(max);
const code = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const docId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A photo is a cloud file id under the uploader's own folder (checked against the caller in the server). */
const photo = z
  .string()
  .startsWith('cloud://')
  .max(512)
  // A `..` or `.` segment could point outside the uploader's folder once resolved.
  .refine((id) => !id.split('/').some((segment) => segment === '..' || segment === '.'), 'photo id has a relative path segment');
const photos = z.array(photo).max(9).default([]);
/**
 * A voice note (domain VoiceNote): a cloud file id (the server checks it is the caller's own upload
 * and its size) and whole seconds, at most MAX_VOICE_SECONDS — the recorder's cap, enforced here too.
 */
const voiceNote = z.object({ file: photo, seconds: z.number().int().min(1).max(MAX_VOICE_SECONDS) }).nullable().default(null);
/** A keyset page's cursor as the server handed it out (`next`): opaque, validated, never parsed by hand. */
const pageCursor = z.string().max(100).refine((c) => decodeCursor(c) !== null, 'REQUEST.BAD_CURSOR' satisfies DomainErrorCode);
/** Every phone the API takes, checked one way (the roll's cells too: domain/households.ts). */
const phone = z.string().max(40).transform(normalisePhone).pipe(z.string().regex(PHONE_PATTERN, 'REQUEST.BAD_PHONE' satisfies DomainErrorCode));
const staffRole = z.enum(ROLES).exclude(['owner']);
/** Company-level roles oversee many communities (集团看板); everyone else at most COMMUNITY_CAP. */
export const COMPANY_ROLES = ['general_manager', 'admin'] as const;
export const COMMUNITY_CAP = 20;
/** A sane bound for a company-level role: a large property group, one company-dashboard read (stats.company). */
export const COMPANY_COMMUNITY_CAP = 200;
/**
 * A rule the contract checks names its refusal by catalogue code (server/kernel/errors.ts words it),
 * so a refusal found by the schema reads the same as the one a handler throws for the same rule.
 */
export const TOO_MANY_COMMUNITIES = 'STAFF.TOO_MANY_COMMUNITIES' satisfies DomainErrorCode;
const communityIds = z
  .array(docId)
  .min(1)
  .max(COMPANY_COMMUNITY_CAP, 'STAFF.COMMUNITY_CAP' satisfies DomainErrorCode)
  .refine((ids) => new Set(ids).size === ids.length, 'STAFF.DUPLICATE_COMMUNITIES' satisfies DomainErrorCode);
const companyRole = (role: string | undefined) => role !== undefined && (COMPANY_ROLES as readonly string[]).includes(role);
/** A one-time code handed over by chat or a share card: 8 unambiguous capitals and digits. */
const oneTimeCode = z.string().regex(/^[A-Z0-9]{8}$/);
/** A file the caller uploaded into their own `imports/<openid>/` folder (checked in the server). */
const importFile = z.string().startsWith('cloud://').max(512);
/** A local calendar day (Asia/Shanghai), YYYY-MM-DD, that exists. */
const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'REQUEST.BAD_DATE' satisfies DomainErrorCode);
const yearMonth = { year: z.number().int().min(2020).max(2100), month: z.number().int().min(1).max(12) };
const distinctTopics = <T extends { topic: string }>(items: T[]) => new Set(items.map((i) => i.topic)).size === items.length;
const serviceDesk = z.object({ phone: z.union([z.literal(''), phone]), hours: text(40) });

export const locationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('room'), building: required(20), unit: text(20).optional(), room: required(20) }),
  z.object({ kind: z.literal('public_area'), description: required(100), building: text(20).optional() }),
]);

const intake = {
  communityId: docId,
  location: locationSchema,
  description: required(2000),
  desiredOutcome: text(500).default(''),
  photos,
  voiceNote,
  contactTime: text(50).default(''),
  /** The category the owner picked on the intake grid, if any; staff decide at triage. */
  suggestedCategory: code.nullable().default(null),
  /** The notices the intake showed (notice.intake) before the owner filed anyway: recorded on the complaint. */
  noticesShown: z.array(docId).max(10).default([]),
};

/** Lifecycle commands a person can send; the scheduler's own commands are not accepted here. */
export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add_info'), text: text(2000), photos, voiceNote }),
  // 成立 or 不成立: one command type, two shapes (seed 001 第二节二).
  z.discriminatedUnion('valid', [
    z.object({ type: z.literal('triage'), valid: z.literal(false), explanation: required(1000) }),
    z.object({
      type: z.literal('triage'),
      valid: z.literal(true),
      category: code,
      urgency: z.enum(URGENCIES),
      complexity: z.enum(COMPLEXITIES),
      department: code.optional(),
      handlerId: docId.optional(),
    }),
  ]),
  z.object({ type: z.literal('transfer'), department: code, handlerId: docId.optional(), reason: required(500) }),
  z.object({ type: z.literal('accept') }),
  z.object({ type: z.literal('investigate'), findings: required(2000), photos, responsibleParty: z.enum(RESPONSIBLE_PARTIES) }),
  z.object({ type: z.literal('plan'), description: required(2000), expectedCompletionAt: z.coerce.date(), estimatedCost: z.number().min(0).max(1e8).default(0), externalParties: z.array(required(50)).max(10).default([]) }),
  z.object({ type: z.literal('approve_plan'), comment: text(500).default('') }),
  z.object({ type: z.literal('return_plan'), reason: required(500) }),
  z.object({ type: z.literal('note'), text: required(1000), photos }),
  z.object({ type: z.literal('pause'), reason: required(500) }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('resolve'), result: required(2000), photos }),
  z.object({ type: z.literal('rate'), score: z.number().int().min(1).max(5), comment: text(500).default('') }),
  z.object({ type: z.literal('reopen'), reason: required(500) }),
  z.object({ type: z.literal('record_callback'), outcome: z.enum(CALLBACK_OUTCOMES), note: text(500).default(''), score: z.number().int().min(1).max(5).nullable().default(null) }),
  /** 答复投诉人 by phone, letter or visit (seed 003 (8)): how it went; unreachable keeps the reply due. */
  z.object({ type: z.literal('record_reply'), way: z.enum(REPLY_WAYS), outcome: z.enum(CALLBACK_OUTCOMES), note: text(500).default(''), score: z.number().int().min(1).max(5).nullable().default(null) }),
  z.object({ type: z.literal('merge'), targetId: docId, explanation: required(500) }),
  z.object({ type: z.literal('withdraw'), reason: text(500).default('') }),
  z.object({ type: z.literal('close'), explanation: required(1000) }),
]);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const duration = z.object({ amount: z.number().min(0).max(10_000), unit: z.enum(['working_minutes', 'working_hours', 'working_days', 'minutes', 'hours', 'days']) });
/** 当日办结 or a length of time (domain/policy.ts ResolutionTarget); a stored duration stays valid. */
const resolutionTarget = z.union([z.object({ kind: z.literal('end_of_working_day'), minimumLeft: duration }), duration]);
const urgencyPolicy = z.object({ label: required(10), firstResponse: duration, clock: z.enum(['working', 'around_the_clock']), planNeedsApproval: z.boolean(), alertDutyManagerAtOnce: z.boolean() });

/** The rungs after the subscription message (domain/policy.ts AlertRung), each at most once. */
const alertRungs = z.array(z.enum(['webhook', 'sms'])).max(2).refine((r) => new Set(r).size === r.length, '同一种提醒方式只能选一次');

/** The whole company policy (domain/policy.ts), as managers edit it. */
export const policySchema = z.object({
  categories: z.array(z.object({ code, label: required(20), department: code })).min(1).max(50),
  departments: z.array(z.object({ code, label: required(20), assignment: z.enum(['explicit', 'round_robin', 'least_load']) })).min(1).max(50),
  urgencies: z.object({ urgent: urgencyPolicy, important: urgencyPolicy, normal: urgencyPolicy }),
  resolution: z.object({ ordinary: resolutionTarget, special: resolutionTarget }),
  categoryOverrides: z.record(code, z.object({ firstResponse: duration.optional(), resolution: z.object({ ordinary: resolutionTarget.optional(), special: resolutionTarget.optional() }).optional() })),
  approvalCostThreshold: z.number().min(0).max(1e8),
  reminderFractions: z.array(z.number()).max(5),
  escalation: z.array(z.object({ level: z.number().int().min(1).max(10), role: z.enum(['department_head', 'duty_manager', 'general_manager']), after: duration })).max(5),
  emergencyGeneralManagerAfter: duration,
  calendar: z.object({
    timeZone: z.literal('Asia/Shanghai'),
    businessHours: z.array(z.object({ start: clock, end: clock })).max(4),
    overrides: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), kind: z.enum(['holiday', 'workday']), name: text(20).optional() })).max(400),
    yearsCoveredByOverrides: z.array(z.number().int().min(2020).max(2100)).max(20),
  }),
  urgentKeywords: z.array(required(10)).max(100),
  satisfaction: z.object({ satisfiedAtLeast: z.number().int().min(1).max(5), reopenBelow: z.number().int().min(1).max(5), callbackAfter: duration, autoCloseAfter: duration, escalateAfterReopens: z.number().int().min(1).max(10), replyWithin: duration }),
  statistics: z.object({ recurrenceWindowDays: z.number().int().min(1).max(365) }),
  ownerVisits: z.array(z.object({ upToHouseholds: z.number().int().min(1).nullable(), share: z.number().min(0).max(1) })).min(1).max(10),
  // At least a month: a closed complaint can still be called back about or disputed.
  privacy: z.object({ eraseComplainantAfterDays: z.number().int().min(30).max(3650) }),
  serviceDesk: z.object({ name: required(20), phone: z.union([z.literal(''), phone]) }),
  notices: z.object({ publishers: z.array(staffRole).max(10), kindCategories: z.record(z.enum(NOTICE_KINDS), z.array(code).max(50)) }),
  roll: z.object({ confirmRemovalShare: z.number().min(0).max(1) }),
  // Optional: a page that never showed targets saves without them, and the defaults apply.
  targets: z.object({ responseOnTimeRate: z.number().min(0).max(1), resolutionOnTimeRate: z.number().min(0).max(1), satisfiedRate: z.number().min(0).max(1), reopenRate: z.number().min(0).max(1) }).optional(),
  suggestions: z.object({ replyWithin: duration, topicDepartments: z.record(z.enum(TOPICS), code), identityVisibleTo: z.array(staffRole).max(10) }),
  alerts: z.object({ rungs: z.object({ task: alertRungs, urgent: alertRungs, after_hours_escalation: alertRungs }), preShiftCheckBefore: duration }),
});

export const requestSchemas = {
  /** 业主提交投诉; `requestId` makes a retried submit return the same complaint. */
  'complaint.submit': z.object({
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    /** Which of the caller's rooms it is for; may be left out by whoever holds one room. */
    roomId: docId.optional(),
    ...intake,
  }),
  /** 员工代业主登记 (seed 003 (2)(4)). */
  'complaint.record': z.object({
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    channel: z.enum(CHANNELS).exclude(['mini_program']),
    complainant: z.object({ name: required(20), phone }),
    /** Staff may judge the urgency as they record; owners' complaints get the text's suggestion. */
    suggestedUrgency: z.enum(URGENCIES).nullable().default(null),
    ...intake,
  }),
  'complaint.mine': z.object({ status: z.enum(['open', 'resolved', 'closed', 'all']).default('all'), cursor: pageCursor.optional(), limit: z.number().int().min(1).max(20).default(10) }),
  'complaint.detail': z.object({ id: docId }),
  /** 查看更早的记录: the timeline entries before seq `before` (the first entry shown), latest page first. */
  'complaint.timeline': z.object({ id: docId, before: z.number().int().min(2).max(1_000_000) }),
  'complaint.command': z.object({ id: docId, command: commandSchema }),
  /** 绑定房屋: the phone must be one the property registered for the room, so nobody binds to another's home. */
  'owner.bind': z.object({ communityId: docId, roomId: docId, name: required(20), phone }),
  /** What wx.requestSubscribeMessage answered: each 'accept' is one message we may send (wechat-platform.md). */
  'subscription.record': z.object({ results: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.enum(['accept', 'reject', 'ban', 'filter'])) }),
  'subscription.credits': z.object({}),
  /** Staff task lists (seed 003 (5)): keyset pages, newest first or most urgent first. */
  'inbox.list': z.object({ view: z.enum(INBOX_VIEWS), communityId: docId.optional(), cursor: pageCursor.optional(), limit: z.number().int().min(1).max(20).default(20) }),
  'inbox.counts': z.object({ communityId: docId.optional() }),
  /** 员工邀请: a one-time code that binds whoever redeems it to a role, communities and a department. */
  'admin.invite': z
    .object({ role: staffRole, communityIds, department: code, name: required(20), phone })
    .refine((r) => r.communityIds.length <= COMMUNITY_CAP || companyRole(r.role), { message: TOO_MANY_COMMUNITIES, path: ['communityIds'] }),
  'staff.join': z.object({ code: oneTimeCode }),
  /** 公司开通: the first administrator, with the setup code set at deploy (server/company/setup.ts). */
  'company.setup': z.object({ code: z.string().min(1).max(64), name: required(20), phone }),
  /** Change a staff member's role, communities or department, or deactivate them (they keep their history). */
  // Past COMMUNITY_CAP communities only for a company-level role (checked again on the member's role when none is sent).
  'admin.staff.update': z
    .object({
      staffId: docId,
      role: staffRole.optional(),
      communityIds: communityIds.optional(),
      department: code.optional(),
      active: z.boolean().optional(),
    })
    .refine((r) => (r.communityIds?.length ?? 0) <= COMMUNITY_CAP || r.role === undefined || companyRole(r.role), { message: TOO_MANY_COMMUNITIES, path: ['communityIds'] }),
  /** 员工管理: a community's staff with role, department, status and open tasks. */
  'admin.staff.list': z.object({ communityId: docId }),
  /** 小区: the administrator's communities with households, buildings and the 客服中心 desk. */
  'admin.community.list': z.object({}),
  /** Create (no id) or change a 小区: name, households (the owner-visit target, seed 002 §6), its desk. */
  'admin.community.upsert': z.object({ id: docId.optional(), name: required(30), households: z.number().int().min(0).max(100_000), serviceDesk: serviceDesk.optional() }),
  /** 楼栋: add one, or rename one (`renameFrom`) with every room in it. */
  'admin.building.save': z.object({ communityId: docId, name: required(20), renameFrom: query(20).optional() }),
  /** 住户名册 template: the community's roll as it stands, to fill in or correct in Excel. */
  'admin.households.template': z.object({ communityId: docId }),
  /** Read an uploaded roll and say what importing it would change, row by row; writes only the plan. */
  'admin.households.preview': z.object({ communityId: docId, fileID: importFile }),
  /** Apply a previewed roll in batches; call again while `done` is false (resumes where it stopped). */
  /** `confirmName`: the community's name, typed when the import removes more than the policy's share of its rooms. */
  'admin.households.apply': z.object({ importId: docId, confirmName: query(30).optional() }),
  /** A registered owner invites family or a tenant to their room: a one-time code or share card. */
  'household.invite': z.object({ roomId: docId, relation: z.enum(RELATIONS).exclude(['owner']) }),
  /** Redeem a household invitation: the room joins the caller's account. */
  'household.join': z.object({ code: oneTimeCode, name: required(20), phone }),
  /** Who holds the room (the registered owner sees everyone, with phones masked). */
  'household.list': z.object({ roomId: docId }),
  /** The registered owner removes a family member or tenant (`personId` from household.list). */
  'household.remove': z.object({ roomId: docId, personId: z.string().regex(/^[a-f0-9]{16}$/) }),
  /** 排班: shifts of the roles that cover nights and emergencies (seed 003 (5)). */
  'admin.roster.add': z.object({
    communityId: docId,
    shifts: z.array(z.object({ role: z.enum(['security_supervisor', 'duty_manager', 'general_manager']), staffId: docId, from: z.coerce.date(), to: z.coerce.date() })).min(1).max(100),
  }),
  /** 房屋: rooms with the residents' registered phones (what owner.bind checks against). */
  'admin.rooms.upsert': z.object({
    communityId: docId,
    rooms: z.array(z.object({ id: docId, building: required(20), unit: text(20).optional(), room: required(20), residentPhones: z.array(phone).max(10) })).min(1).max(200),
  }),
  /** 月度报表 as an .xlsx in cloud storage, opened by the mini-program with wx.openDocument. */
  /**
   * 月度报表, a step per call (server/statistics/report.ts): without `jobId` the first step starts a
   * job; with the `jobId` it answered, each call does the next step, the last one hands out the file.
   */
  'stats.export': z.object({ communityId: docId, year: z.number().int().min(2020).max(2100), month: z.number().int().min(1).max(12), jobId: z.string().regex(/^[0-9a-f]{32}$/).optional() }),
  /** 公司政策: read, or replace whole (validated, then checked for consistency). */
  'admin.policy.get': z.object({}),
  'admin.policy.set': z.object({ policy: policySchema }),
  /** 设置 › 提醒渠道 (issue 27): the robots and SMS template, robot keys masked. */
  'admin.alerts.get': z.object({}),
  /** Change some channels: a URL replaces that robot, null removes it, absent keeps it. */
  'admin.alerts.set': z.object({
    departments: z.record(code, z.union([z.string().trim().min(1).max(300), z.null()])).optional(),
    duty: z.union([z.string().trim().min(1).max(300), z.null()]).optional(),
    smsTemplateId: z.union([z.string().trim().regex(/^[0-9A-Za-z_-]{1,40}$/, '短信模板 ID 只含数字和字母'), z.null()]).optional(),
  }),
  /** 「发送测试提醒」: one alert through each configured rung to the caller, and which arrived. */
  'alerts.test': z.object({}),
  /** 月度统计 for one community (seed 000 §(六), seed 003 (10)). */
  'stats.monthly': z.object({ communityId: docId, year: z.number().int().min(2020).max(2100), month: z.number().int().min(1).max(12) }),
  /** 集团看板: every community the caller oversees, side by side for a month (general manager, administrators). */
  'stats.company': z.object({ year: z.number().int().min(2020).max(2100), month: z.number().int().min(1).max(12) }),
  /** Recompute a community-month's statistics summary from its complaints (administrators). */
  'stats.rebuild': z.object({ communityId: docId, year: z.number().int().min(2020).max(2100), month: z.number().int().min(1).max(12) }),
  /** The assigned handler calls the owner: the full number, and the reveal is logged (seed 003 (11)). */
  'complaint.revealPhone': z.object({ id: docId }),
  /**
   * The read-back before submitting (seed 000 §(一) 复述投诉内容): the urgency the text suggests and the
   * first-response deadline if submitted now. Writes nothing.
   */
  /** `urgency`: the one staff judged while recording (complaint.record's suggestedUrgency), for the deadline it sets. */
  'complaint.preview': z.object({ communityId: docId, description: query(2000), desiredOutcome: z.string().trim().max(500).default(''), urgency: z.enum(URGENCIES).optional() }),
  /** The community's active staff, for naming a handler or a shift (staff of that community only). */
  'staff.list': z.object({ communityId: docId, department: code.optional() }),
  /** 排班: the shifts that have not ended yet (administrators). */
  'admin.roster.list': z.object({ communityId: docId }),
  /** Who the caller is, as the mini-program needs it at launch: bound or not, role, room, categories. */
  'account.me': z.object({}),
  /** 小区 → 楼栋 → 房屋, one level per call, for binding a room (no residents' phones). */
  'directory.list': z.object({ communityId: docId.optional(), building: query(20).optional() }),
  /** 解除绑定: moving out of one room (or all); their complaints stay on record. */
  'owner.unbind': z.object({ roomId: docId.optional() }),
  /**
   * 业户走访 (seed 002 §6): a visit of a room — the day, the way, what the owner said on each topic of
   * seed 002 §3 (特殊困难 is §3 (8)) and what is to be followed up. A room counts once a month.
   */
  'visit.record': z.object({
    communityId: docId,
    roomId: docId,
    visitedOn: localDay,
    way: z.enum(VISIT_WAYS),
    opinions: z.array(z.object({ topic: z.enum(TOPICS), text: required(500) })).max(TOPICS.length).refine(distinctTopics, 'VISITS.TOPIC_TWICE' satisfies DomainErrorCode),
    followUps: text(500).default(''),
  }),
  /** An opinion became a complaint (recorded with complaint.record): the visit and the complaint name each other. */
  'visit.link': z.object({ visitId: docId, topic: z.enum(TOPICS), complaintId: docId }),
  /**
   * An opinion becomes a suggestion (意见和建议) on behalf of the room's registered owner, on the same
   * topic and in the opinion's words: the visit and the suggestion name each other. Once per visit and topic.
   */
  'visit.suggest': z.object({ visitId: docId, topic: z.enum(TOPICS) }),
  /** A community-month of visits: against the target, by staff member, and the households to visit next. */
  'visit.month': z.object({ communityId: docId, ...yearMonth }),
  /** The month's visits, latest first (keyset pages). */
  'visit.list': z.object({ communityId: docId, ...yearMonth, cursor: pageCursor.optional(), limit: z.number().int().min(1).max(20).default(20) }),
  /** 满意度调查 (seed 002 标准4, 要求(11)): questions on the §3 topics, 1–5 with an optional comment. */
  'survey.create': z
    .object({
      communityId: docId,
      title: required(30),
      opensOn: localDay,
      closesOn: localDay,
      anonymous: z.boolean(),
      topics: z
        .array(z.enum(TOPICS))
        .min(1)
        .max(TOPICS.length)
        .refine((t) => new Set(t).size === t.length, 'SURVEY.TOPIC_TWICE' satisfies DomainErrorCode)
        .default([...TOPICS]),
    })
    .refine((r) => r.opensOn <= r.closesOn, { message: 'SURVEY.CLOSES_BEFORE_OPENS' satisfies DomainErrorCode, path: ['closesOn'] }),
  /** A community's surveys, latest first (managers). */
  'survey.list': z.object({ communityId: docId }),
  /** An owner's surveys: open ones to answer (home page card) and published results. */
  'survey.mine': z.object({}),
  /** One answer per household (room): a second one is refused. */
  'survey.answer': z.object({
    surveyId: docId,
    roomId: docId.optional(),
    answers: z
      .array(z.object({ topic: z.enum(TOPICS), score: z.number().int().min(1).max(5), comment: text(200).default('') }))
      .min(1)
      .max(TOPICS.length)
      .refine(distinctTopics, 'SURVEY.ANSWER_TWICE' satisfies DomainErrorCode),
  }),
  /** Results per question and topic, with the response rate and the previous survey beside them. */
  'survey.results': z.object({ surveyId: docId }),
  /** 调查结果向广大业主公布 (seed 002 要求(5)): one action, after the survey closed. */
  'survey.publish': z.object({ surveyId: docId }),
  /** 业户沟通总结 of a community-month (seed 002 职责): its figures, text, status and history. */
  'summary.get': z.object({ communityId: docId, ...yearMonth }),
  /** The 客户服务主管 saves the text, or saves and submits it to the 管理处主任. */
  'summary.save': z.object({
    communityId: docId,
    ...yearMonth,
    text: z.object({ overview: text(2000), problems: text(2000), plans: text(2000) }),
    submit: z.boolean().default(false),
  }),
  /** The 管理处主任 (not the author) approves it, or returns it with a reason. */
  'summary.review': z.object({ communityId: docId, ...yearMonth, decision: z.enum(['approve', 'return']), comment: text(500).default('') }),
  /**
   * 发布公告 / 通知单 (seed 002 要求 (1)(2)(3)(6)): to the whole community (no buildings) or to chosen
   * buildings, for the period the work is in force. `requestId` makes a retried publish one notice.
   */
  'notice.publish': z.object({
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    communityId: docId,
    kind: z.enum(NOTICE_KINDS),
    title: required(40),
    text: required(1000),
    photos,
    buildings: z.array(required(20)).max(50).default([]),
    validFrom: z.coerce.date(),
    validTo: z.coerce.date(),
  }),
  /**
   * Current notices (not yet ended), soonest ending first: an owner's for the buildings of their
   * rooms; staff's for a community. `markSeen`: the owner opened the list (the 首页 marker clears).
   */
  'notice.list': z.object({ communityId: docId.optional(), markSeen: z.boolean().default(false), cursor: pageCursor.optional(), limit: z.number().int().min(1).max(20).default(10) }),
  'notice.detail': z.object({ id: docId }),
  /** 撤回 a current notice: it is gone for owners at once and its unsent messages are cancelled. */
  'notice.withdraw': z.object({ id: docId }),
  /**
   * The intake's question (seed 002 要求 (2)): the notices in force now for this building that explain
   * a complaint of this category. Writes nothing.
   */
  'notice.intake': z.object({ communityId: docId, building: query(20).optional(), category: code }),
  /**
   * 「是这个问题，不用投诉了」 (seed 002 要求 (2)): the notices the intake showed explained the problem and
   * no complaint is filed — counted, so the statistics say what notices prevent. For one of the caller's
   * rooms (owners), or the caller's room as staff recording by phone or visit picked it (`channel`).
   * `requestId` makes a double tap one deflection. No free text.
   */
  'notice.deflect': z.object({
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    roomId: docId,
    noticeIds: z
      .array(docId)
      .min(1)
      .max(5)
      .refine((ids) => new Set(ids).size === ids.length, 'NOTICE.DUPLICATE' satisfies DomainErrorCode),
    channel: z.enum(CHANNELS).exclude(['mini_program']).optional(),
  }),
  /** 意见和建议 (seed 002 §3): one of ten topics, optionally anonymous toward staff below manager. */
  'suggestion.submit': z.object({
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    roomId: docId.optional(),
    topic: z.enum(TOPICS),
    text: required(1000),
    photos,
    anonymous: z.boolean().default(false),
  }),
  'suggestion.mine': z.object({ cursor: pageCursor.optional(), limit: z.number().int().min(1).max(20).default(10) }),
  /** Staff: a community's suggestions, newest first, by status. */
  'suggestion.list': z.object({ communityId: docId, status: z.enum(['open', 'answered', 'converted', 'all']).default('open'), cursor: pageCursor.optional(), limit: z.number().int().min(1).max(20).default(20) }),
  'suggestion.detail': z.object({ id: docId }),
  'suggestion.reply': z.object({ id: docId, text: required(1000) }),
  /**
   * A suggestion that is really a complaint becomes one (linked both ways), with a polite explanation
   * to the owner (seed 002 要求 (13) 合理、耐心的解释).
   */
  'suggestion.convert': z.object({ id: docId, category: code, explanation: required(500), location: locationSchema }),
} as const;

export type Action = keyof typeof requestSchemas;
export type ActionRequest<A extends Action> = z.infer<(typeof requestSchemas)[A]>;
/** What a caller sends (defaults may be left out): the mini-program's side of the contract. */
export type ActionInput<A extends Action> = z.input<(typeof requestSchemas)[A]>;
export type CommandInput = z.infer<typeof commandSchema>;

export interface ComplaintCard {
  id: string;
  /** In an owner's list, who of the household filed it when it was not them (shown 「家属 李小明 提交」). */
  filedBy: { name: string; relation: (typeof RELATIONS)[number] } | null;
  number: string;
  status: (typeof STATUSES)[number];
  /** How a closed complaint ended (its state word: miniprogram/utils/labels.ts stateLabel); null while open. */
  closure: { reason: ClosureReason } | null;
  description: string;
  category: string | null;
  urgency: string | null;
  /** What intake judged from the text (complaint.preview's keywords) until staff set `urgency` at triage. */
  suggestedUrgency: (typeof URGENCIES)[number] | null;
  submittedAt: string;
  respondBy: string;
  resolveBy: string | null;
  /** The deadline now running; null when resolved, closed or paused (domain runningDeadline). */
  dueAt: string | null;
}

export interface PreviewResponse {
  suggestedUrgency: (typeof URGENCIES)[number];
  /** The keywords that made it 紧急, shown so the owner sees why. */
  matchedKeywords: string[];
  respondBy: string;
}

/** 客服中心 as owners see it: tap to call (seed 000 §(一) 联系方式). */
export interface ServiceDesk {
  name: string;
  phone: string;
  hours: string;
}

export interface RoomEntry {
  id: string;
  communityId: string;
  building: string;
  unit: string;
  room: string;
  relation: (typeof RELATIONS)[number];
}

export interface MeResponse {
  /** guest: not bound yet (an owner binds a room, staff redeem an invitation). */
  kind: 'guest' | 'owner' | 'staff';
  /** The caller's own openid: photos go under `complaint-photos/<openid>/`. */
  openid: string;
  name: string;
  role: (typeof ROLES)[number] | null;
  department: string | null;
  communities: Array<{ id: string; name: string; serviceDesk: ServiceDesk }>;
  /** The rooms an owner holds (several flats; as owner, family or tenant). */
  rooms: RoomEntry[];
  categories: Array<{ code: string; label: string }>;
  departments: Array<{ code: string; label: string }>;
  /** Subscription template ids by key (config/subscription-templates.json). */
  templates: Record<'accepted' | 'progress' | 'result' | 'task' | 'notice' | 'suggestion_reply' | 'survey', string>;
  /** Alerts that could not be sent because the subscription credit ran out (staff). */
  unreadAlerts: number;
  /** The actions this caller's role may call (server/kernel/authorization.ts): which screens to offer. */
  actions: Action[];
  /** The company's 24-hour number to give out (policy.serviceDesk); `phone` is '' until it is set. */
  serviceDesk: { name: string; phone: string };
}

export interface StaffEntry {
  id: string;
  name: string;
  role: (typeof ROLES)[number];
  department: string | null;
}

export interface StaffAdminEntry extends StaffEntry {
  communityIds: string[];
  active: boolean;
  /** Masked: administrators manage people, they do not need their numbers. */
  phone: string;
  /** Open complaints this member handles now. */
  openTasks: number;
}

export interface CommunityEntry {
  id: string;
  name: string;
  households: number;
  visitTarget: number;
  serviceDesk: { phone: string; hours: string };
  buildings: Array<{ name: string; rooms: number }>;
}

/**
 * Where a roll import stands after one apply call (server/company/roll.ts): batches applied by this
 * call, and of the whole import the batches and rooms done — the page's progress bar. `rooms` is null
 * for an import previewed before rooms were counted.
 */
export interface RollApplied {
  applied: number;
  batches: number;
  batchesDone: number;
  rooms: number | null;
  roomsDone: number | null;
  done: boolean;
  unbound: number;
}

export interface HouseholdPreview {
  /** null while the file has errors: fix them and upload again. */
  importId: string | null;
  rows: number;
  add: number;
  change: number;
  remove: number;
  unchanged: number;
  /** The first problems, each naming its row; `errorCount` says how many in all. */
  errors: RowError[];
  errorCount: number;
  /** A few of each, as the office reads them: 「3栋1单元1201 王先生 2 个手机号」. */
  samples: { add: string[]; change: string[]; remove: string[] };
  batches: number;
  /** Bindings the import ends (people who lose the room), by relation: removed rooms and removed phones. */
  unbinds: EndedHolds;
  /** The community's name to type before applying, when the import removes more than the policy's share of its rooms; else null. */
  confirmName: string | null;
}

export interface HouseholdPerson {
  personId: string;
  name: string;
  relation: (typeof RELATIONS)[number];
  phone: string;
  you: boolean;
}

export interface ShiftEntry {
  role: 'security_supervisor' | 'duty_manager' | 'general_manager';
  staffId: string;
  from: Date;
  to: Date;
}

export interface DirectoryResponse {
  level: 'communities' | 'buildings' | 'rooms';
  /** Rooms also give their unit ('' when none) and number, as a complaint's location records them. */
  items: Array<{ id: string; label: string; unit?: string; room?: string }>;
}

export interface SubmitResponse {
  id: string;
  number: string;
  /** Its state, which the reply names as 我的投诉 and 投诉详情 do (miniprogram/utils/labels.ts stateLabel). */
  status: (typeof STATUSES)[number];
  closure: { reason: ClosureReason } | null;
  /** The initial response of seed 000 §(一): next step, deadline and whom to contact. */
  nextStep: string;
  respondBy: string;
  /** Whom to contact, as the reply names it: 「客服中心 0571-88886666」. */
  contact: string;
  /** The desk's number to tap and call; null until the company set one. */
  contactPhone: string | null;
}

export interface ComplaintDetail {
  /** What this caller may see of the complaint (typings/views.ts); its timeline holds the latest entries. */
  complaint: ComplaintView;
  /** Short-lived URLs of the photos shown (the intake's and those of the timeline entries given), by cloud file id. */
  photoUrls: Record<string, string>;
  /** The commands this caller may send now (domain/lifecycle.ts allowedCommands). */
  actions: CommandType[];
  /** How many entries this caller may read come before `complaint.timeline` (complaint.timeline reads them). */
  earlierEntries: number;
  /**
   * What a rating will do, for an owner who may rate now (null otherwise): fewer stars than
   * `reopenBelow` reopen the complaint, the rest close it (domain/satisfaction.ts judgeRating). The
   * owner is told before choosing, from the company's policy rather than a number the page assumes.
   */
  rating: { reopenBelow: number } | null;
}

/** A page of earlier timeline entries, oldest first, with their photos' links. */
export interface TimelinePage {
  entries: TimelineEntryView[];
  photoUrls: Record<string, string>;
  /** How many readable entries still come before these: 0 when the timeline's start is reached. */
  earlierEntries: number;
}

interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  next: string | null;
}

type PolicyResponse = { policy: Policy; calendarGaps: number[] };
/** 设置 › 提醒渠道: each configured robot as `企业微信群机器人 …abcd` (its key is a secret), and the SMS template. */
export interface AlertChannelsView {
  departments: Record<string, string>;
  duty: string | null;
  smsTemplateId: string | null;
}
/** One rung of 「发送测试提醒」: whether it is set up and whether the alert went out, in words for the page. */
export interface AlertTestResult {
  rung: 'subscription' | 'webhook' | 'sms';
  configured: boolean;
  delivered: boolean;
  detail: string;
}

/** 业户沟通 in the month (server/statistics/communication.ts), beside the complaint figures of stats.monthly. */
export interface CommunicationStats {
  noticesPublished: number;
  /** Notice messages WeChat accepted for the month's notices (one per owner per notice). */
  ownersReached: number;
  /** Complaints of the month filed after the intake showed a matching notice in force. */
  complaintsDuringNotice: number;
  /** Complaints not filed because the intake's notice explained the problem (notice.deflect): each household once per notice. */
  complaintsDeflected: number;
  suggestionsReceived: number;
  suggestionsAnsweredOnTime: number;
  byTopic: Array<{ topic: (typeof TOPICS)[number]; label: string; received: number; answeredOnTime: number }>;
  definitions: Record<'noticesPublished' | 'ownersReached' | 'complaintsDuringNotice' | 'complaintsDeflected' | 'suggestionsAnsweredOnTime', string>;
}

/** A notice as owners and staff read it (domain/notices.ts); `unread`: published since the owner last opened the list. */
export interface NoticeCard {
  id: string;
  kind: (typeof NOTICE_KINDS)[number];
  kindLabel: string;
  title: string;
  /** 「3号楼、5号楼」 or 「全小区」. */
  area: string;
  validFrom: Date;
  validTo: Date;
  /** 生效中 / 未开始 / 已结束 / 已撤回 (domain/notices.ts noticeState; the words: miniprogram/utils/labels.ts). */
  state: NoticeState;
  unread: boolean;
  /** Staff only: the households that, shown it at intake, did not file (notice.deflect); null for owners. */
  deflected: number | null;
}

export interface NoticeDetail extends NoticeCard {
  text: string;
  photos: string[];
  photoUrls: Record<string, string>;
  publishedAt: Date;
  /** The publisher's name: staff only (owners read the office's notice). */
  publishedBy: string | null;
}

/** A suggestion as its reader may see it: the author's name and room only for the owner and managers. */
export interface SuggestionView {
  id: string;
  number: string;
  topic: (typeof TOPICS)[number];
  topicLabel: string;
  text: string;
  photos: string[];
  anonymous: boolean;
  /** null: anonymous, and the caller is staff below manager. */
  author: { name: string; room: string } | null;
  status: 'open' | 'answered' | 'converted';
  submittedAt: Date;
  replyDueBy: Date;
  reply: { text: string; at: Date; by: string } | null;
  converted: { complaintId: string; number: string; explanation: string; at: Date } | null;
  /** Recorded by staff from an owner visit (visit.suggest): the visit it came from; null when the owner wrote it. */
  fromVisit: { visitId: string; visitedOn: string; staffName: string } | null;
}

/** Each action's response, as the server produces it (with Dates; see Wire for what arrives). */
export interface ActionResponses {
  'complaint.submit': SubmitResponse;
  'complaint.record': SubmitResponse;
  'complaint.mine': Page<ComplaintCard>;
  'complaint.detail': ComplaintDetail;
  'complaint.command': ComplaintDetail;
  'complaint.timeline': TimelinePage;
  'complaint.revealPhone': { phone: string };
  'complaint.preview': PreviewResponse;
  'owner.bind': { roomId: string; communityId: string };
  'owner.unbind': { unbound: boolean };
  'subscription.record': Record<string, number>;
  'subscription.credits': Record<string, number>;
  'inbox.list': Page<ComplaintCard>;
  'inbox.counts': Record<InboxView, number>;
  'admin.invite': { code: string; expiresAt: string };
  'staff.join': { role: string; communityIds: string[] };
  'company.setup': { role: 'admin' };
  'admin.staff.update': { updated: boolean; released: number };
  'admin.staff.list': { items: StaffAdminEntry[] };
  'admin.community.list': { items: CommunityEntry[] };
  'admin.community.upsert': { id: string; visitTarget: number };
  'admin.building.save': { rooms: number };
  'admin.households.template': { fileID: string; url: string };
  'admin.households.preview': HouseholdPreview;
  'admin.households.apply': RollApplied;
  'household.invite': { code: string; expiresAt: string };
  'household.join': { roomId: string; communityId: string; relation: (typeof RELATIONS)[number] };
  'household.list': { items: HouseholdPerson[] };
  'household.remove': { removed: boolean };
  'admin.roster.add': { added: number };
  /** `unbound`: accounts whose phone was removed from their room and so lost the binding. */
  'admin.rooms.upsert': { saved: number; unbound: number };
  'stats.export': ExportProgress;
  'admin.policy.get': PolicyResponse;
  'admin.policy.set': PolicyResponse;
  'admin.alerts.get': AlertChannelsView;
  'admin.alerts.set': AlertChannelsView;
  'alerts.test': { rungs: AlertTestResult[] };
  /** `schedulerLastRunAt`: when the timer trigger last ran the scheduler (null: never). */
  /**
   * `complete`: false when the statistics summaries hold fewer complaints than the database (never
   * silent); `missing` says how many — stats.rebuild recomputes the month. Recurring issues are
   * counted (`recurring[].count`); their complaints are listed in stats.export's workbook only.
   */
  'stats.monthly': MonthlyResponse & { trend: TrendPoint[]; targets: FigureTargets };
  'stats.company': CompanyDashboard;
  'stats.rebuild': { complaints: number };
  'account.me': MeResponse;
  'staff.list': { items: StaffEntry[] };
  'admin.roster.list': { items: ShiftEntry[] };
  'directory.list': DirectoryResponse;
  'visit.record': { id: string; counted: boolean; month: string; done: number; target: number };
  'visit.link': { linked: boolean };
  'visit.suggest': { suggestionId: string; number: string };
  'visit.month': VisitMonth;
  'visit.list': Page<VisitEntry>;
  'survey.create': { id: string };
  'survey.list': { items: SurveyEntry[] };
  'survey.mine': { open: OwnerSurvey[]; published: SurveyEntry[] };
  'survey.answer': { answered: boolean };
  'survey.results': SurveyResultsView;
  'survey.publish': { published: boolean; publishedAt: Date };
  'summary.get': SummaryView;
  'summary.save': SummaryView;
  'summary.review': SummaryView;
  'notice.publish': { id: string };
  'notice.list': Page<NoticeCard> & { unread: number };
  'notice.detail': NoticeDetail;
  'notice.withdraw': { withdrawnAt: Date };
  'notice.intake': { items: NoticeCard[] };
  /** `counted`: the notices were credited for this room now (or by this same request before); false when the room had been counted for them already. */
  'notice.deflect': { counted: boolean };
  'suggestion.submit': { id: string; number: string; replyDueBy: Date };
  'suggestion.mine': Page<SuggestionView>;
  'suggestion.list': Page<SuggestionView>;
  'suggestion.detail': SuggestionView & { photoUrls: Record<string, string> };
  'suggestion.reply': SuggestionView;
  'suggestion.convert': { complaintId: string; number: string };
}

/**
 * Where a 月度报表 job stands after a call: `step` of `steps` done; `next` says in words what the next
 * call does (the page shows it while it waits); the last step hands out the file.
 */
export type ExportProgress = { jobId: string; step: number; steps: number; done: false; next: string } | { jobId: string; step: number; steps: number; done: true; fileID: string; url: string };

/** A community-month as server/statistics/monthly.ts communityMonth computes it (stats.monthly without its trend). */
export type MonthlyResponse = MonthFigures & { schedulerLastRunAt: Date | null; schedulerAlarms: string[]; definitions: Record<FigureKey, string>; communication: CommunicationStats };

/**
 * One month of the 12-month trend on 管理看板 (server/statistics/trend.ts), oldest first, the month
 * asked for last: its totals document's figures, or null where no totals document exists — a month
 * not computed (or before the statistics existed) is missing, never zero. The month asked for carries
 * the figures stats.monthly computed just now.
 */
export interface TrendPoint {
  month: string;
  figures: CompanyFigures | null;
}

/** stats.monthly's figures, every block (the complaints' and 业户沟通), without the scheduler's heartbeat. */
export type MonthlyFigures = Omit<MonthlyResponse, 'schedulerLastRunAt' | 'schedulerAlarms'>;

/** A community-month's figures in the communication summary, each from its own screen's function. */
export interface SummaryFigures {
  month: string;
  /**
   * Exactly what stats.monthly answers for the month (server/statistics/monthly.ts communityMonth): complaints,
   * recurring problems and 业户沟通 — notices, deflections, suggestions (seed 002 职责: the summary
   * summarises them all). `complete` false when the statistics summaries are short.
   */
  statistics: MonthlyFigures;
  visits: { target: number; done: number; byStaff: Array<{ staffId: string; name: string; visits: number }> };
  /** Surveys whose last day fell in the month. */
  surveys: Array<{ id: string; title: string; responses: number; responseRate: number | null; average: number | null }>;
}

export interface SummaryView {
  month: string;
  status: 'scheduled' | 'draft' | 'submitted' | 'approved' | 'returned';
  text: { overview: string; problems: string; plans: string };
  authorName: string;
  /** Live while a draft; as submitted afterwards. */
  figures: SummaryFigures;
  history: Array<{ at: Date; byName: string; action: 'drafted' | 'edited' | 'submitted' | 'approved' | 'returned'; comment: string }>;
  /** What the caller may do now. */
  canEdit: boolean;
  canReview: boolean;
}

export interface VisitEntry {
  id: string;
  roomId: string;
  room: string;
  visitedOn: string;
  way: (typeof VISIT_WAYS)[number];
  staffName: string;
  /** False for a second visit of a room within the month: recorded, not counted. */
  counted: boolean;
  /** What each opinion became, if anything: a complaint or a suggestion (linked both ways). */
  opinions: Array<{ topic: (typeof TOPICS)[number]; text: string; complaintId: string | null; complaintNumber: string | null; suggestionId: string | null; suggestionNumber: string | null }>;
  followUps: string;
}

export interface VisitMonth {
  month: string;
  households: number;
  target: number;
  done: number;
  met: boolean;
  byStaff: Array<{ staffId: string; name: string; visits: number }>;
  /** The households not visited for the longest time (never visited first): who to visit next. */
  next: Array<{ roomId: string; room: string; lastVisitedOn: string | null }>;
}

export interface SurveyEntry {
  id: string;
  communityId: string;
  title: string;
  opensOn: string;
  closesOn: string;
  anonymous: boolean;
  topics: Array<(typeof TOPICS)[number]>;
  status: 'upcoming' | 'open' | 'closed' | 'published';
  publishedAt: Date | null;
}

export interface OwnerSurvey extends SurveyEntry {
  /** The caller's rooms in the community that may still answer. */
  roomsToAnswer: string[];
}

/** Results as the caller may see them: comments name the household only in a named survey, to managers. */
export interface SurveyResultsView {
  survey: SurveyEntry;
  results: SurveyResults;
  /** The community's previous survey, to compare with (null: none). */
  previous: { id: string; title: string; results: SurveyResults } | null;
  comments: Array<{ topic: (typeof TOPICS)[number]; text: string; room: string | null }>;
}

/** A community-month's headline figures (server/statistics/totals.ts). Rates are null with nothing to measure. */
export interface CompanyFigures {
  submitted: number;
  responseOnTimeRate: number | null;
  resolutionOnTimeRate: number | null;
  satisfiedRate: number | null;
  rated: number;
  reopenRate: number | null;
}

/** One community's month on the company dashboard (集团看板). */
export interface CompanyRow extends CompanyFigures {
  communityId: string;
  name: string;
  /** Complaints whose running deadline has passed, now. */
  overdueNow: number;
  /** 业户走访 target for the month (seed 002 §6) and the rooms visited, each counted once (server/communication/visits-store.ts). */
  visitTarget: number;
  visitsDone: number;
  /**
   * When the figures were computed (server/statistics/totals.ts: by the scheduler after changes, the
   * current month at least every 15 minutes); null: not computed yet — figures empty, shown as 统计中.
   */
  asOf: Date | null;
  /** False when this community's statistics hold fewer complaints than the database (`missing`), or are not computed yet. */
  complete: boolean;
  missing: number;
}

export interface CompanyDashboard {
  month: string;
  /** Ranked: on-time resolution, then on-time response, then satisfaction, then fewer overdue (rates with nothing to measure last). */
  items: CompanyRow[];
  /** False when the overdue count stopped at its bound (`overdueNow` then is a floor). */
  overdueComplete: boolean;
  definitions: Record<FigureKey, string> & { overdueNow: string; visits: string };
  /** The company's monthly targets (domain/policy.ts): a rate below its target shows in red. */
  targets: FigureTargets;
}

/** What crosses the wire: the function's result is JSON, so every Date arrives as an ISO string. */
export type Wire<T> = T extends Date ? string : T extends Array<infer U> ? Array<Wire<U>> : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
