// The go-live preflight (npm run doctor): everything a deployment needs, checked from the project's
// own files and from what the environment holds — the company's stored policy and communities (what
// it fixes in 设置, not the code's defaults), the functions' variables and the scheduler's heartbeat.
// Pure, so every check has a test; scripts/doctor.ts gathers the inputs and prints the lines.
import type { CloudbaseRc } from '@wuye/cloudbase-local';
import { calendarGaps, localDate } from '../domain/calendar';
import { policyProblems, type Policy } from '../domain/policy';
import { serviceDeskOf, type Community } from '../server/company/communities-store';
import { FIELD_LABELS, FIELD_TYPES, MESSAGE_FIELDS, type MessageField, type TemplateConfig } from '../server/kernel/templates';
import { variableProblems } from './function-variables';
import { missingOnRuntime } from './runtime-apis';
import messagePush from '../config/message-push.json';

export type Level = 'ok' | 'warning' | 'blocker';
export interface Finding {
  level: Level;
  text: string;
}

export interface PreflightInput {
  appid: string;
  rc: CloudbaseRc;
  templates: TemplateConfig[];
  /** Function folders with source (cloudfunctions/<name>/src/index.ts). */
  functionFolders: string[];
  /** Each function's built bundle, by name. */
  bundles: Record<string, string>;
  now: Date;
  /** The benchmarks' worst figures (bench/functions.json), in milliseconds. */
  bench: { worstSweepMs: number; worstApiMs: number } | null;
  /** What the environment holds, or why it could not be read (then nothing of it is judged): 「无法连接云开发环境 …」. */
  environment: LiveEnvironment | { unreachable: string };
}

/** What the doctor reads from the environment. */
export interface LiveEnvironment {
  /** The company's policy as the functions read it (server/kernel/policy.ts): stored, else the defaults. */
  policy: Policy;
  /** Its communities, each of which may have its own 客服电话. */
  communities: Array<Pick<Community, 'name' | 'serviceDesk'>>;
  /** When the scheduler last ran; null if never. */
  heartbeat: Date | null;
  /**
   * Each function's configured variables (undefined: not deployed), through the management API the
   * deploy uses; null where there is none (CloudBase Local runs with the shell of its npm start).
   */
  functionVariables: Record<string, Record<string, string> | undefined> | null;
  /** The alarms of the scheduler's last run (its heartbeat's report): configuration errors no run cures. */
  alarms: string[];
  /** The staff alert ladder's channels (设置 › 提醒渠道, server/kernel/ladder.ts) and each robot's answer to the doctor's probe. */
  alerts: LadderState;
}

/** What the doctor knows of the ladder: which robots are set, whether each answered, the SMS template. */
export interface LadderState {
  /** Each configured robot by name (值班群, 安保部群 …) and its answer to an empty post: 40008 (a live robot refusing the empty message) or 0 = answers; 93000 = wrong key; others = unreachable. */
  robots: Array<{ name: string; errCode: number; errMsg: string }>;
  dutyRobot: boolean;
  smsTemplateId: string | null;
}

/**
 * The go-live checklist: one line per check this preflight makes, in its order. The README's
 * 「上线检查清单」 is this list word for word (tests/deploy/preflight.test.ts compares them).
 */
export const CHECKLIST: readonly string[] = [
  '小程序 AppID 与云开发环境 id 已填写',
  '订阅消息模板 id 已填写，且每个关键词的类型能承载代码发送的字段',
  '每个云函数都在 cloudbaserc.json 声明、已打包、没有用到运行时没有的 API，超时够用',
  'scheduler 有定时触发器，消息推送指向已声明的云函数',
  '今年和明年的节假日数据、客服电话、公司政策自洽',
  '云函数的环境变量：必填的都已设置',
  '定时任务在运行（心跳不超过 5 分钟），且上次运行没有报警',
  '员工提醒：每个群机器人都能应答，公司政策要求短信时已设置短信模板，设置了值班群机器人',
  '云调用权限已登记（每个云函数 config.json 声明的接口）',
];

/** A timeout should leave room for twice the worst measured run (a slower day, a cold start). */
const HEADROOM = 2;
/** The scheduler runs every minute: a heartbeat older than this means the trigger is not firing. */
const HEARTBEAT_STALE_MS = 5 * 60_000;
const MINUTE_MS = 60_000;
/** WeChat's keyword types (wechat-platform.md). */
const KEYWORD_TYPES = ['thing', 'phrase', 'character_string', 'number', 'letter', 'symbol', 'phone_number', 'car_number', 'name', 'amount', 'time', 'date', 'enum'];

const ok = (text: string): Finding => ({ level: 'ok', text });
const warning = (text: string): Finding => ({ level: 'warning', text });
const blocker = (text: string): Finding => ({ level: 'blocker', text });

/** A complaint as the scheduler's messages see it, to compare the data sent with the templates. */
function identity(input: PreflightInput): Finding[] {
  return [
    !input.appid || input.appid === 'touristappid' ? blocker(`小程序 AppID 未设置：project.config.json 的 appid 仍是「${input.appid || '空'}」，请填入公众平台「开发管理 → 开发设置」中的 AppID`) : ok(`小程序 AppID：${input.appid}`),
    input.rc.envId.trim() === '' ? blocker('云开发环境 id 未设置：请在 cloudbaserc.json 的 envId 填入云开发控制台中的环境 id') : ok(`云开发环境：${input.rc.envId}`),
  ];
}

/**
 * Each template's mapping (config/subscription-templates.json, server/kernel/templates.ts): every keyword of a
 * known WeChat type, each of our fields on a keyword whose type can carry it (a time on time/date, a
 * number with letters on character_string …), no field the message does not supply, no keyword twice.
 * A mapping that breaks a type is what WeChat would refuse with 47003 at every send.
 */
function templates(input: PreflightInput): Finding[] {
  const out: Finding[] = [];
  for (const t of input.templates) {
    if (!t.id.trim()) out.push(blocker(`订阅消息模板「${t.title}」的 id 为空：请在公众平台选用模板后填入 config/subscription-templates.json`));
    else if (t.id.startsWith('TPL_')) out.push(blocker(`订阅消息模板「${t.title}」的 id 仍是占位符 ${t.id}：请换成公众平台上的模板 id`));
    const supplied = MESSAGE_FIELDS[t.key] ?? [];
    const keywords = Object.entries(t.keywords) as Array<[MessageField, string]>;
    if (keywords.length === 0) out.push(blocker(`订阅消息模板「${t.title}」没有对应任何字段：请在 config/subscription-templates.json 的 keywords 写明「我们的字段 → 模板关键词」`));
    for (const [field, keyword] of keywords) {
      const type = keyword.replace(/\d+$/, '');
      if (!supplied.includes(field)) out.push(blocker(`订阅消息模板「${t.title}」的关键词 ${keyword} 对应「${field}」，但这条消息没有这个字段（可用：${supplied.join('、')}）`));
      else if (!KEYWORD_TYPES.includes(type)) out.push(blocker(`订阅消息模板「${t.title}」的关键词 ${keyword} 不是微信的关键词类型`));
      else if (!FIELD_TYPES[field].includes(type)) out.push(blocker(`订阅消息模板「${t.title}」把${FIELD_LABELS[field]}放在 ${keyword}（${type} 类型）：微信会以 47003 拒收；${FIELD_LABELS[field]}只能放在 ${FIELD_TYPES[field].join(' / ')} 类型的关键词`));
    }
    const twice = keywords.map(([, k]) => k).filter((k, i, all) => all.indexOf(k) !== i);
    if (twice.length) out.push(blocker(`订阅消息模板「${t.title}」的关键词 ${[...new Set(twice)].join('、')} 对应了两个字段`));
  }
  if (!out.some((f) => f.level === 'blocker')) out.push(ok(`订阅消息模板 ${input.templates.length} 个，每个关键词的类型都能承载对应的字段`));
  return out;
}

function calendarAndPolicy(live: LiveEnvironment, now: Date): Finding[] {
  const year = Number(localDate(now).slice(0, 4));
  const gaps = calendarGaps(live.policy.calendar, now, new Date(Date.UTC(year + 1, 11, 31)));
  const out: Finding[] = [];
  if (gaps.includes(year)) out.push(blocker(`${year} 年没有节假日数据：时限会把法定节假日当作工作日计算；请在「设置 → 节假日」录入`));
  if (gaps.includes(year + 1)) out.push(warning(`${year + 1} 年的节假日数据还没有：国务院公布后请升级 chinese-days 或在「设置 → 节假日」录入，否则明年的时限会算错`));
  if (gaps.length === 0) out.push(ok(`节假日数据覆盖 ${year}–${year + 1} 年`));
  // Owners call their community's own desk, else the company's (server/company/communities-store.ts).
  const withoutPhone = live.communities.filter((c) => !serviceDeskOf(live.policy, c).phone).map((c) => c.name);
  if (withoutPhone.length) out.push(warning(`小区 ${withoutPhone.join('、')} 没有客服电话，公司的客服中心电话也未设置：受理回执只能写「客服中心」，业主无法一键拨打；请在「设置 → 小区与楼栋」或「设置」中填写`));
  else if (live.communities.length === 0 && !live.policy.serviceDesk.phone) out.push(warning('客服中心电话未设置：受理回执只能写「客服中心」，业主无法一键拨打；请在「设置」中填写'));
  const problems = policyProblems(live.policy);
  out.push(...problems.map((p) => blocker(`公司政策有误：${p}`)));
  if (problems.length === 0) out.push(ok('公司政策自洽'));
  return out;
}

function functions(input: PreflightInput): Finding[] {
  const out: Finding[] = [];
  const declared = new Map(input.rc.functions.map((f) => [f.name, f]));
  for (const name of input.functionFolders) if (!declared.has(name)) out.push(blocker(`云函数 ${name} 没有在 cloudbaserc.json 中声明（运行时、超时、内存）`));
  for (const f of input.rc.functions) {
    if (!input.functionFolders.includes(f.name)) {
      out.push(blocker(`cloudbaserc.json 声明了云函数 ${f.name}，但 cloudfunctions/${f.name}/src 不存在`));
      continue;
    }
    if (!(f.timeout >= 1 && f.timeout <= 60)) out.push(blocker(`云函数 ${f.name} 的超时 ${f.timeout} 秒不在 1–60 秒之间`));
    const bundle = input.bundles[f.name];
    if (bundle === undefined) out.push(blocker(`云函数 ${f.name} 还没有打包：请先运行 node scripts/build.js`));
    else for (const api of missingOnRuntime(bundle, f.runtime)) out.push(blocker(`云函数 ${f.name} 用到了运行时 ${f.runtime} 没有的 ${api}`));
  }
  const scheduler = declared.get('scheduler');
  if (scheduler && !(scheduler.triggers ?? []).some((t) => t.type === 'timer')) out.push(blocker('scheduler 没有定时触发器：催办、升级、通知都不会发生'));
  if (input.bench && scheduler && scheduler.timeout * 1000 < HEADROOM * input.bench.worstSweepMs) {
    out.push(blocker(`scheduler 超时 ${scheduler.timeout} 秒，不足基准测试最慢一次调度（${(input.bench.worstSweepMs / 1000).toFixed(1)} 秒）的 ${HEADROOM} 倍`));
  }
  const api = declared.get('api');
  if (input.bench && api && api.timeout * 1000 < HEADROOM * input.bench.worstApiMs) {
    out.push(blocker(`api 超时 ${api.timeout} 秒，不足基准测试最慢一次操作（${(input.bench.worstApiMs / 1000).toFixed(1)} 秒）的 ${HEADROOM} 倍`));
  }
  if (!input.bench) out.push(warning('没有基准测试结果（bench/functions.json），无法核对超时是否够用'));
  if (!declared.has(messagePush.function)) out.push(blocker(`config/message-push.json 的 function（${messagePush.function}）不是 cloudbaserc.json 声明的云函数：照片检测结果无人接收`));
  if (!out.some((f) => f.level === 'blocker')) out.push(ok(`云函数 ${input.rc.functions.map((f) => `${f.name}（${f.runtime}，${f.timeout} 秒）`).join('、')} 与打包结果一致`));
  return out;
}

/** The variables each deployed function runs with, judged as the deploy judges the ones it sets. */
function variables(live: LiveEnvironment, rc: CloudbaseRc): Finding[] {
  const deployed = live.functionVariables;
  if (deployed === null) return [warning('没有核对云函数的环境变量：CloudBase Local 没有管理接口，它的云函数用启动 npm start 的终端里的变量')];
  const out: Finding[] = [];
  for (const f of rc.functions) {
    const values = deployed[f.name];
    if (!values) out.push(blocker(`云函数 ${f.name} 还没有部署到环境：请运行 npm run deploy`));
    else out.push(...variableProblems(f, values).map(blocker));
  }
  if (out.length === 0) out.push(ok('云函数的环境变量：必填的都已设置'));
  return out;
}

function heartbeat(live: LiveEnvironment, now: Date): Finding[] {
  if (live.heartbeat === null) return [blocker('定时任务从未运行：请确认 scheduler 的定时触发器已部署（npm run deploy）')];
  const when = `${localDate(live.heartbeat)} ${new Date(live.heartbeat.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;
  const ageMs = now.getTime() - live.heartbeat.getTime();
  // The heartbeat carries the cloud's clock: one ahead of this machine's says this clock is behind,
  // so neither its age nor whether the scheduler stopped can be told from here.
  const ahead = Math.round(-ageMs / MINUTE_MS);
  if (ahead >= 1) return [warning(`定时任务最后运行于 ${when}：心跳时间比本机时钟快 ${ahead} 分钟，请检查本机时间，校准后再运行才能判断定时任务是否仍在运行`)];
  const ago = Math.max(0, Math.round(ageMs / MINUTE_MS));
  if (ageMs > HEARTBEAT_STALE_MS) return [blocker(`定时任务最后运行于 ${when}（${ago} 分钟前），已停止：检查 scheduler 的定时触发器与日志`)];
  return [ok(`定时任务最后运行于 ${when}（${ago} 分钟前）`)];
}

/** 企业微信's answer to a message with no type: the key is right, the robot alive (the doctor's probe). */
const ROBOT_ALIVE = 40008;

/**
 * The delivery ladder (issue 27): every robot set in 设置 answers (a wrong key — 93000 — is a
 * blocker: staff without credit would hear nothing), an SMS template is set when the policy asks for
 * SMS, and the duty roster has a robot for the nights.
 */
function ladder(live: LiveEnvironment): Finding[] {
  const out: Finding[] = [];
  const { robots, dutyRobot, smsTemplateId } = live.alerts;
  for (const r of robots) {
    if (r.errCode === 93000) out.push(blocker(`${r.name}的群机器人地址无效（93000 ${r.errMsg}）：key 不对或机器人已被移出群；请在「设置 → 提醒渠道」更正，再点「发送测试提醒」`));
    else if (r.errCode !== ROBOT_ALIVE && r.errCode !== 0) out.push(blocker(`${r.name}的群机器人没有应答（${r.errCode} ${r.errMsg}）：没有订阅额度的员工收不到提醒`));
  }
  const smsWanted = Object.values(live.policy.alerts.rungs).some((rungs) => rungs.includes('sms'));
  if (smsWanted && !smsTemplateId) out.push(blocker('公司政策要求以短信提醒当值人员（紧急投诉、非工作时间升级），但没有设置短信模板：请在「设置 → 提醒渠道」填写云开发短信的通知类模板 ID，并购买短信资源包（README「员工提醒」）'));
  if (robots.length === 0) out.push(warning('没有设置任何企业微信群机器人：没有订阅额度的员工只能在小程序里看到角标；请在「设置 → 提醒渠道」填写'));
  else if (!dutyRobot) out.push(warning('没有设置值班群机器人：夜间当值的安全主管、值班经理没有订阅额度时只能按部门群提醒'));
  if (out.length === 0) out.push(ok(`员工提醒：${robots.map((r) => r.name).join('、')}的机器人都能应答${smsTemplateId ? `，短信模板 ${smsTemplateId}` : ''}`));
  return out;
}

/** The scheduler's last run stopped at something only the operator can fix (its heartbeat's alarms). */
function alarms(live: LiveEnvironment): Finding[] {
  return live.alarms.map((a) => blocker(`定时任务报警：${a}`));
}

/** Whatever is the company's to fix lives in the environment: unread, it is a blocker, never a pass. */
function environment(input: PreflightInput): Finding[] {
  const live = input.environment;
  if ('unreachable' in live) return [blocker(`${live.unreachable}；公司政策（节假日、客服电话）、云函数的环境变量、定时任务心跳与员工提醒渠道都要从环境读取，均未检查`)];
  return [...calendarAndPolicy(live, input.now), ...variables(live, input.rc), ...heartbeat(live, input.now), ...alarms(live), ...ladder(live)];
}

export function preflight(input: PreflightInput): Finding[] {
  return [...identity(input), ...templates(input), ...functions(input), ...environment(input)];
}
