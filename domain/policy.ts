// Company policy: every rule of the handbooks that a company may change, as data.
// `DEFAULT_POLICY` holds the seeds' values, each citing its source; a company edits a copy of it
// (through the managers' settings), never the code.
import { TOPIC_LABELS, type AssignmentStrategy, type CategoryCode, type Complexity, type DepartmentCode, type NoticeKind, type Role, type Topic, type Urgency } from './model';

/**
 * A length of time. `working_*` units count only business hours of working days (the calendar);
 * `minutes` / `hours` / `days` count around the clock.
 */
export interface Duration {
  amount: number;
  unit: 'working_minutes' | 'working_hours' | 'working_days' | 'minutes' | 'hours' | 'days';
}

/**
 * 当日办结: due at the close of the working day the complaint was accepted (seed 003 (6) 普通投诉的处理
 * 一般不过当日), which a length of time cannot say: one working day from Monday 09:10 is Tuesday 09:10.
 *
 * 当日 presumes time to act that day, so the day is the first working day that still has at least
 * `minimumLeft` of business time after acceptance: accepted in its last working hour (by default),
 * after closing or on a day off, it is due at the close of the next working day; accepted before
 * opening on a working day, at that day's close. On an around-the-clock clock (emergencies) every day
 * is worked until midnight, so the same rule runs to 24:00.
 */
export interface EndOfWorkingDay {
  kind: 'end_of_working_day';
  minimumLeft: Duration;
}

/**
 * A resolution target: a length of time, or 当日办结. Policies stored before 当日办结 existed hold
 * durations only, which stay valid as they are.
 */
export type ResolutionTarget = Duration | EndOfWorkingDay;

/** "HH:mm" in the company's time zone (Asia/Shanghai). */
export type ClockTime = string;

export interface CalendarPolicy {
  /** IANA zone the business hours are in. Mainland China has one zone, no daylight saving. */
  timeZone: 'Asia/Shanghai';
  /** Business hours of a working day, in order, non-overlapping (a lunch break splits the day). */
  businessHours: Array<{ start: ClockTime; end: ClockTime }>;
  /**
   * Company overrides on top of the statutory calendar (chinese-days): a day off the company gives,
   * or a worked day, or a whole year's holidays entered by hand before the State Council publishes them.
   */
  overrides: Array<{ date: string; kind: 'holiday' | 'workday'; name?: string }>;
  /** Years for which the company declares its overrides complete, even if chinese-days has no data. */
  yearsCoveredByOverrides: number[];
}

export interface UrgencyPolicy {
  label: string;
  /** Time to first response (接单), from submission. */
  firstResponse: Duration;
  /** Emergencies run around the clock; everything else on working time. */
  clock: 'working' | 'around_the_clock';
  /** Whether a plan for this urgency must be approved by a supervisor (seed 001 第四节六). */
  planNeedsApproval: boolean;
  /** Whether the duty manager is alerted at intake (seed 003 (5)b). */
  alertDutyManagerAtOnce: boolean;
}

export interface EscalationStep {
  level: number;
  role: Extract<Role, 'department_head' | 'duty_manager' | 'general_manager'>;
  /** How long after the deadline slipped this step fires. */
  after: Duration;
}

/**
 * How a staff alert reaches a person (issue 27): the subscription message while the credit ledger says
 * they have credit; the 企业微信 group robot of their department (or of the duty roster) naming them;
 * an SMS to their phone.
 */
export type AlertRung = 'webhook' | 'sms';
/**
 * What an alert is about, for choosing its rungs: an ordinary task, a 紧急 complaint, or an escalation
 * out of working hours (domain/notifications.ts alertClassOf).
 */
export type AlertClass = 'task' | 'urgent' | 'after_hours_escalation';
export const ALERT_CLASSES: readonly AlertClass[] = ['task', 'urgent', 'after_hours_escalation'];

export interface Policy {
  categories: Array<{ code: CategoryCode; label: string; department: DepartmentCode }>;
  departments: Array<{ code: DepartmentCode; label: string; assignment: AssignmentStrategy }>;
  urgencies: Record<Urgency, UrgencyPolicy>;
  /** Resolution target per complexity, from acceptance (seed 003 (6)). */
  resolution: Record<Complexity, ResolutionTarget>;
  /** Per-category overrides of the targets (e.g. fees disputes take longer). */
  categoryOverrides: Record<CategoryCode, { firstResponse?: Duration; resolution?: Partial<Record<Complexity, ResolutionTarget>> }>;
  /** A plan whose estimated cost (yuan) is at least this needs approval whatever the urgency. */
  approvalCostThreshold: number;
  /** Fractions of the allowed time at which the handler is reminded (催办). */
  reminderFractions: number[];
  /** Time-based escalation once a deadline has slipped (升级). */
  escalation: EscalationStep[];
  /** Emergencies: the general manager is alerted when nobody accepted within this time (seed 003 (5)b). */
  emergencyGeneralManagerAfter: Duration;
  calendar: CalendarPolicy;
  /** Words that suggest 紧急; staff confirm the suggestion (DESIGN.md §1 classification). */
  urgentKeywords: string[];
  satisfaction: {
    /** Ratings at or above this count as satisfied in statistics. */
    satisfiedAtLeast: number;
    /** Ratings below this reopen the complaint (seed 000 §(五)). */
    reopenBelow: number;
    /** No rating within this time → a phone-callback task for 客服 (seed 003 (8)). */
    callbackAfter: Duration;
    /** Resolved and neither rated nor called back within this time → closed automatically. */
    autoCloseAfter: Duration;
    /** Reopened this many times → a manager is told (escalation of repeated dissatisfaction). */
    escalateAfterReopens: number;
    /**
     * A complaint taken by phone, visit or letter is answered the same way within this time of its
     * resolution (seed 003 (8)); only then do the callback and auto-close clocks start.
     */
    replyWithin: Duration;
  };
  statistics: {
    /** Same building and category within this many days counts as recurring (seed 000 §(六)). */
    recurrenceWindowDays: number;
  };
  /**
   * The figures the dashboards hold each month against (管理看板's trends, 集团看板): a rate below its
   * target — above it, for the reopen rate — shows in red. A top-level key, so a policy stored before
   * targets existed takes these defaults whole (server/kernel/policy.ts merges top-level keys).
   */
  targets: FigureTargets;
  /** 业户走访: monthly visits as a share of occupied households, by community size (seed 002 §6). */
  ownerVisits: Array<{ upToHouseholds: number | null; share: number }>;
  privacy: {
    /** Days after closing when the complainant's name and phone are removed; the complaint itself stays. */
    eraseComplainantAfterDays: number;
  };
  /**
   * Whom the owner contacts (seed 000 §(一) 告知…联系方式): named in the reply to every filing. A
   * community's own desk, once communities carry one, takes precedence.
   */
  serviceDesk: { name: string; phone: string };
  /** 信息公告 / 通知单 (seed 002 沟通方式, 要求 (1)(2)(3)(6)): who publishes, and what each kind explains. */
  notices: {
    /** Staff roles that may publish a notice to their communities. */
    publishers: Array<Exclude<Role, 'owner'>>;
    /** The complaint categories a notice of each kind explains: shown to an owner filing one of them. */
    kindCategories: Record<NoticeKind, CategoryCode[]>;
  };
  /** 住户名册导入: the office's roll replaces the rooms on record. */
  roll: {
    /**
     * An import that removes more than this share of a community's rooms must be confirmed by typing
     * the community's name (a fraction, 0–1).
     */
    confirmRemovalShare: number;
  };
  /** 意见和建议 (seed 002 §3): no SLA, but a reply is due and the responsible department is reminded. */
  suggestions: {
    replyWithin: Duration;
    /** Who answers each topic (its department head is reminded when the reply falls due). */
    topicDepartments: Record<Topic, DepartmentCode>;
    /** Staff roles that see who wrote an anonymous suggestion: managers only (seed 002 标准3 信息保密). */
    identityVisibleTo: Array<Exclude<Role, 'owner'>>;
  };
  /** The delivery ladder of staff alerts (issue 27). */
  alerts: {
    /**
     * The rungs tried, all at once, when the subscription message cannot reach the person (no credit
     * by the ledger, 43101, or refused for good) — per kind of alert.
     */
    rungs: Record<AlertClass, AlertRung[]>;
    /**
     * How long before a duty shift starts the scheduler checks that its person can be reached by a
     * rung with credit left, and tells them and the duty manager when not.
     */
    preShiftCheckBefore: Duration;
  };
}

export const DEFAULT_POLICY: Policy = {
  // Categories: seed 000 §(二) 工程维修类、清洁绿化类、安保秩序类、服务态度类、收费类; seed 001 第一节二
  // adds 房屋质量, 设备设施, 突发事件.
  categories: [
    { code: 'repair', label: '工程维修', department: 'engineering' },
    { code: 'cleaning_greening', label: '清洁绿化', department: 'environment' },
    { code: 'security_order', label: '安保秩序', department: 'security' },
    { code: 'service_attitude', label: '服务态度', department: 'customer_service' },
    { code: 'fees', label: '收费', department: 'finance' },
    { code: 'housing_quality', label: '房屋质量', department: 'engineering' },
    { code: 'facilities', label: '设备设施', department: 'engineering' },
    { code: 'emergency_event', label: '突发事件', department: 'security' },
  ],
  departments: [
    { code: 'customer_service', label: '客服中心', assignment: 'round_robin' },
    { code: 'engineering', label: '工程部', assignment: 'least_load' },
    { code: 'environment', label: '环境部', assignment: 'round_robin' },
    { code: 'security', label: '安保部', assignment: 'least_load' },
    { code: 'finance', label: '财务部', assignment: 'explicit' },
  ],
  urgencies: {
    // seed 000 §(二): 紧急类投诉（如电梯困人、水管爆裂）应立即响应并组织处理. "At once" is 15 minutes
    // around the clock; seed 003 (5)b: 特殊或紧急投诉 go to the duty manager at once.
    urgent: { label: '紧急', firstResponse: { amount: 15, unit: 'minutes' }, clock: 'around_the_clock', planNeedsApproval: true, alertDutyManagerAtOnce: true },
    // seed 000 §(二): 重要类投诉应在一个工作日内响应. seed 003 (5)a: 经上司批准后再处理.
    important: { label: '重要', firstResponse: { amount: 1, unit: 'working_days' }, clock: 'working', planNeedsApproval: true, alertDutyManagerAtOnce: false },
    // seed 000 §(二): 一般类投诉可在两个工作日内响应.
    normal: { label: '一般', firstResponse: { amount: 2, unit: 'working_days' }, clock: 'working', planNeedsApproval: false, alertDutyManagerAtOnce: false },
  },
  // seed 003 (6): 普通投诉的处理一般不过当日，特殊投诉的处理一般不超过三天. 当日 needs time to act:
  // accepted with less than a working hour left that day (or out of hours) → the next working day's
  // close (EndOfWorkingDay).
  resolution: {
    ordinary: { kind: 'end_of_working_day', minimumLeft: { amount: 1, unit: 'working_hours' } },
    special: { amount: 3, unit: 'days' },
  },
  categoryOverrides: {},
  // seed 001 第四节六 提交主管领导批示: plans that cost money go to a supervisor.
  approvalCostThreshold: 500,
  reminderFractions: [0.5, 0.8],
  // seed 003 (5)b: 部门经理 → 值班经理 → 总经理 when beyond each one's authority.
  escalation: [
    { level: 1, role: 'department_head', after: { amount: 0, unit: 'minutes' } },
    { level: 2, role: 'duty_manager', after: { amount: 4, unit: 'working_hours' } },
    { level: 3, role: 'general_manager', after: { amount: 1, unit: 'working_days' } },
  ],
  emergencyGeneralManagerAfter: { amount: 30, unit: 'minutes' },
  calendar: {
    timeZone: 'Asia/Shanghai',
    businessHours: [
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '18:00' },
    ],
    overrides: [],
    yearsCoveredByOverrides: [],
  },
  // seed 000 §(二) 电梯困人、水管爆裂; seed 001 第一节二(六) 停电、被困于电梯、浸水、火灾.
  urgentKeywords: ['电梯困人', '困在电梯', '被困', '水管爆裂', '爆管', '漏水严重', '浸水', '火灾', '着火', '起火', '冒烟', '漏电', '触电', '燃气', '煤气泄漏', '停电', '坍塌', '坠落'],
  satisfaction: {
    satisfiedAtLeast: 4,
    reopenBelow: 3,
    callbackAfter: { amount: 3, unit: 'days' },
    autoCloseAfter: { amount: 7, unit: 'days' },
    escalateAfterReopens: 2,
    // seed 003 (8) 处理完毕后…回复投诉人: the next working day at the latest.
    replyWithin: { amount: 1, unit: 'working_days' },
  },
  statistics: { recurrenceWindowDays: 30 },
  // The handbooks set no figure to reach: seed 003 (10) asks for a monthly count and analysis, seed 002
  // for 快速响应…按时完成 without a number. These are the company's choice — the thresholds the
  // dashboard always showed in red — and are edited with the rest of the policy. No target for the
  // count: seed 001 第二节 投诉率高的后勤运营处也不一定就是不好的物业服务公司.
  targets: { responseOnTimeRate: 0.9, resolutionOnTimeRate: 0.9, satisfiedRate: 0.8, reopenRate: 0.1 },
  // seed 002 §6: ≤300 户 不低于已入住户数的4%. The handbook's table breaks off after that row, so larger
  // communities keep the same share until the company enters its own tiers.
  ownerVisits: [
    { upToHouseholds: 300, share: 0.04 },
    { upToHouseholds: null, share: 0.04 },
  ],
  // 个人信息保护法 第十九条: personal data is kept no longer than its purpose needs. A closed complaint
  // may be reopened, re-examined at the year's review (seed 003 (10)) or disputed; a year covers those,
  // after which the record keeps what happened and where, not who said it (seed 002 标准3 信息保密).
  privacy: { eraseComplainantAfterDays: 365 },
  // The company fills in its number (npm run doctor reminds it); until then the reply names the desk.
  serviceDesk: { name: '客服中心', phone: '' },
  notices: {
    // seed 002 职责: 管理处主任负责组织业户沟通工作; 要求 (2) 由有关部门以通知单的形式告知 — the desk
    // (客服) and the heads of departments publish; handlers and the night security supervisor do not.
    publishers: ['reception', 'department_head', 'duty_manager', 'general_manager', 'admin'],
    // A company choice: what an owner would file when the announced work is under way.
    kindCategories: {
      water_outage: ['repair', 'facilities'],
      power_outage: ['repair', 'facilities', 'emergency_event'],
      disinfection: ['cleaning_greening'],
      lift_repair: ['facilities', 'repair'],
      construction: ['security_order', 'cleaning_greening', 'housing_quality', 'repair'],
      event: ['security_order'],
      other: [],
    },
  },
  // Removing a room unbinds everyone in it (PIPL; seed 002 标准3), so a roll saved with rows missing —
  // an empty sheet, a filtered view, the wrong building's file — would lock out whole estates in one
  // tap. Real rolls change by move-ins and move-outs, a few percent a month (seed 002 §6 counts 已入住
  // households monthly); a fifth of the rooms at once is a mistake far more often than a change, so it
  // asks for the deliberate act of typing the community's name.
  roll: { confirmRemovalShare: 0.2 },
  suggestions: {
    // seed 002 gives no reply time for 意见和建议 (only 每月的业户沟通总结); a company choice: five
    // working days, so a suggestion is answered well before the month's summary.
    replyWithin: { amount: 5, unit: 'working_days' },
    // seed 002 §3 1)–10): each topic to the department that does the work it is about.
    topicDepartments: {
      security: 'security',
      cleaning: 'environment',
      greening: 'environment',
      repair: 'engineering',
      facilities: 'engineering',
      management: 'customer_service',
      convenience: 'customer_service',
      difficulties: 'customer_service',
      culture: 'customer_service',
      other: 'customer_service',
    },
    identityVisibleTo: ['duty_manager', 'general_manager'],
  },
  alerts: {
    // seed 003 (5)b 特殊或紧急投诉…立即反映给当值的部门经理 and (5)c 非工作时间…当值安全主管: a staff
    // task without credit still reaches its person in the department's group; an emergency, and an
    // escalation at night (when nobody watches the group), also by SMS — "at once" cannot wait for
    // someone to open the app.
    rungs: { task: ['webhook'], urgent: ['webhook', 'sms'], after_hours_escalation: ['webhook', 'sms'] },
    // A company choice: an hour leaves time to find a stand-in or to ask the person to accept templates.
    preShiftCheckBefore: { amount: 60, unit: 'minutes' },
  },
};

/** Monthly targets (rates, 0–1): the on-time and satisfied rates at least, the reopen rate at most. */
export interface FigureTargets {
  responseOnTimeRate: number;
  resolutionOnTimeRate: number;
  satisfiedRate: number;
  reopenRate: number;
}

/** What makes a policy unusable, in words a manager can act on; empty when it is sound. */
export function policyProblems(p: Policy): string[] {
  const problems: string[] = [];
  const departments = new Set(p.departments.map((d) => d.code));
  for (const c of p.categories) if (!departments.has(c.department)) problems.push(`类别“${c.label}”的责任部门 ${c.department} 不存在`);
  for (const [topic, d] of Object.entries(p.suggestions.topicDepartments)) if (!departments.has(d)) problems.push(`意见建议“${TOPIC_LABELS[topic as Topic]}”的责任部门 ${d} 不存在`);
  if (new Set(p.categories.map((c) => c.code)).size !== p.categories.length) problems.push('类别代码重复');
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  let previousEnd = -1;
  for (const h of p.calendar.businessHours) {
    if (minutes(h.start) >= minutes(h.end) || minutes(h.start) < previousEnd) problems.push(`营业时间 ${h.start}–${h.end} 无效或与前一段重叠`);
    previousEnd = minutes(h.end);
  }
  if (p.calendar.businessHours.length === 0) problems.push('至少需要一段营业时间');
  if (p.reminderFractions.some((f) => !(f > 0 && f < 1))) problems.push('催办点必须在 0 与 1 之间');
  if (p.escalation.some((s, i) => i > 0 && s.level <= p.escalation[i - 1]!.level)) problems.push('升级级别必须递增');
  if (p.satisfaction.reopenBelow > p.satisfaction.satisfiedAtLeast) problems.push('重开阈值不能高于满意阈值');
  if (p.satisfaction.autoCloseAfter.unit === p.satisfaction.callbackAfter.unit && p.satisfaction.autoCloseAfter.amount <= p.satisfaction.callbackAfter.amount) {
    problems.push('自动办结应晚于回访');
  }
  return problems;
}
