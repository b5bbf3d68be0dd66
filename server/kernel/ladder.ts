// The rungs of a staff alert after the subscription message (issue 27): the 企业微信 group robot of the
// person's department (or of the duty roster) naming them by phone, and an SMS through CloudBase's
// 云调用 (`cloudbase.sendSmsV2`). The scheduler claims, retries and records each rung as an outbox
// entry of its own (OutboxEntry.channel); this module decides which rungs an alert gets, where each
// goes, and what an answer means. The channels themselves (robot URLs, the SMS template) are company
// settings kept in `policies/alert_channels`, set in 设置, never in an environment variable.
import type { AlertRung, Policy } from '../../domain/policy';
import { DUTY_ROLES } from '../../domain/routing';
import type { Database } from './ports';
import type { OutboxEntry } from './store';
import { robotGroupName, ROBOT_URL_WORDS } from './views';

/** Where the rungs go: set by administrators in 设置 (server/company/alerts.ts). */
export interface AlertChannels {
  /** Department code → its 企业微信 group robot's webhook URL. */
  departments: Record<string, string>;
  /** The duty roster's group robot: the security supervisor, duty manager and general manager on duty. */
  duty: string | null;
  /** The CloudBase SMS Notification template (its variables: the alert's line, the complaint number); null: no SMS. */
  smsTemplateId: string | null;
}

export const NO_CHANNELS: AlertChannels = { departments: {}, duty: null, smsTemplateId: null };
export const CHANNELS_DOC = { collection: 'policies', id: 'alert_channels' } as const;

export async function alertChannels(db: Database): Promise<AlertChannels> {
  const { data } = await db.collection(CHANNELS_DOC.collection).doc(CHANNELS_DOC.id).get();
  const stored = data[0] as Partial<AlertChannels> | undefined;
  return { departments: stored?.departments ?? {}, duty: stored?.duty ?? null, smsTemplateId: stored?.smsTemplateId ?? null };
}

/**
 * 企业微信's robot address: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<key>`, nothing else —
 * a robot URL is where staff phones go, so it may not point anywhere else. Locally, CloudBase Local
 * plays the robot at `<its URL>/local/outbound/webhook/send?key=…` (and only then: `localOrigin` is
 * null in the cloud). Null when acceptable, else the reason in Chinese.
 */
export function webhookUrlProblem(url: string, localOrigin: string | null): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ROBOT_URL_WORDS.notUrl;
  }
  const key = parsed.searchParams.get('key') ?? '';
  const onlyKey = [...parsed.searchParams.keys()].every((k) => k === 'key');
  if (!/^[A-Za-z0-9-]{8,64}$/.test(key) || !onlyKey) return ROBOT_URL_WORDS.noKey;
  if (parsed.origin === 'https://qyapi.weixin.qq.com' && parsed.pathname === '/cgi-bin/webhook/send' && !parsed.username && !parsed.password) return null;
  if (localOrigin !== null && parsed.origin === localOrigin && parsed.pathname === '/local/outbound/webhook/send') return null;
  return ROBOT_URL_WORDS.notWeCom;
}

/**
 * The origin of CloudBase Local when the function runs there (the SDKs are pointed at it through
 * TCB_CONTEXT_CNFG, cloudbase-local/sdk-env.ts); null in the cloud.
 */
export function localOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!env.TCB_CONTEXT_CNFG) return null;
  try {
    const url = (JSON.parse(env.TCB_CONTEXT_CNFG) as { URL?: unknown }).URL;
    return typeof url === 'string' ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

const isDutyRole = (e: Pick<OutboxEntry, 'recipient'>) => e.recipient.kind === 'role' && (DUTY_ROLES as readonly string[]).includes(e.recipient.role);

/**
 * The rungs an entry gets when its subscription message cannot reach the person: the policy's for its
 * kind of alert — an SMS only to the person on duty (an alert addressed to a duty role), whom the
 * handbook makes answerable out of hours (seed 003 (5)b/c).
 */
export function rungsFor(policy: Policy, e: OutboxEntry): AlertRung[] {
  return policy.alerts.rungs[e.alert ?? 'task'].filter((r) => r !== 'sms' || isDutyRole(e));
}

/** What the robot gets: a line, and the people it names by phone (企业微信 mentions group members by mobile). */
export interface RobotPost {
  msgtype: 'text';
  text: { content: string; mentioned_mobile_list: string[] };
}
/** The answer of a robot (errCode 0: ok; 企业微信's errcode, or -HTTP status when the answer was not 200). */
export type PostWebhook = (url: string, post: RobotPost) => Promise<{ errCode: number; errMsg: string }>;
export type SendSms = (sms: { phone: string; templateId: string; params: string[] }) => Promise<{ errCode: number; errMsg: string }>;
/** WeChat's answer to a send: 0 ok; 43101 no credit (never retried); others. */
export type SendResult = { errCode: number; errMsg: string };
export type SendSubscription = (message: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }) => Promise<SendResult>;

/** Every rung's sender: the scheduler's, and 「发送测试提醒」's (server/company/alerts.ts). */
export interface AlertPorts {
  sendSubscription: SendSubscription;
  /** A post to a 企业微信 group robot (its URL a company setting). */
  postWebhook: PostWebhook;
  /** An SMS through CloudBase's 云调用 `cloudbase.sendSmsV2`. */
  sendSms: SendSms;
}

/** 企业微信's `text.content` limit, in UTF-8 bytes (wechat-platform.md). */
const ROBOT_CONTENT_BYTES = 2048;
/** How long a robot's first line waits for others to share its post. */
const ROBOT_LINGER_MS = 50;
/** 93000 "invalid webhook url": the key is wrong or the robot was removed — every post fails the same. */
export const ROBOT_INVALID_URL = 93000;

/**
 * Posts to one robot, batched: while a post is in flight the lines that arrive wait and go together in
 * the next (within 2,048 bytes), so a backlog of alerts is a few posts, not one per person —
 * 企业微信 throttles a robot after 20 messages a minute.
 */
export function robotBatcher(post: PostWebhook): (url: string, line: string, mobile: string) => Promise<{ errCode: number; errMsg: string }> {
  type Item = { line: string; mobile: string; done: (r: { errCode: number; errMsg: string }) => void };
  const queues = new Map<string, { items: Item[]; busy: boolean }>();
  const pump = async (url: string) => {
    const q = queues.get(url)!;
    q.busy = true;
    while (q.items.length > 0) {
      const batch: Item[] = [];
      let bytes = 0;
      while (q.items.length > 0) {
        const size = Buffer.byteLength(q.items[0]!.line) + 1;
        if (batch.length > 0 && bytes + size > ROBOT_CONTENT_BYTES) break;
        batch.push(q.items.shift()!);
        bytes += size;
      }
      const content = [...new Set(batch.map((i) => i.line))].join('\n');
      const answer = await post(url, { msgtype: 'text', text: { content: Buffer.from(content).subarray(0, ROBOT_CONTENT_BYTES).toString(), mentioned_mobile_list: [...new Set(batch.map((i) => i.mobile))] } }).catch((e: unknown) => ({ errCode: -1, errMsg: e instanceof Error ? e.message : String(e) }));
      batch.forEach((i) => i.done(answer));
    }
    q.busy = false;
  };
  return (url, line, mobile) =>
    new Promise((done) => {
      if (!queues.has(url)) queues.set(url, { items: [], busy: false });
      const q = queues.get(url)!;
      q.items.push({ line, mobile, done });
      // The first line waits a moment for the others of the same flush to join its post.
      if (!q.busy) {
        q.busy = true;
        setTimeout(() => void pump(url), ROBOT_LINGER_MS);
      }
    });
}

/** A staff member as the rungs need them: their phone (for the mention and the SMS) and where they work. */
export interface StaffContact {
  kind: string;
  phone: string;
  department: string | null;
  active: boolean;
}

/**
 * The robot a rung posts to: the duty roster's for an alert addressed to a duty role (the person on
 * duty), the department's otherwise; null when the company configured none.
 */
export function webhookFor(channels: AlertChannels, e: Pick<OutboxEntry, 'recipient'>, contact: StaffContact): string | null {
  const department = contact.department ? (channels.departments[contact.department] ?? null) : null;
  return isDutyRole(e) ? (channels.duty ?? department) : department;
}

/** Where a robot URL belongs, for an alarm (never the key itself: it is a secret). */
export function channelName(channels: AlertChannels, url: string, policy: Policy): string {
  if (channels.duty === url) return robotGroupName('duty');
  const code = Object.entries(channels.departments).find(([, u]) => u === url)?.[0];
  return robotGroupName(code ? (policy.departments.find((d) => d.code === code)?.label ?? code) : null);
}

/** A phone as CloudBase SMS wants it: +86 and the 11 digits. */
export function smsPhone(phone: string): string | null {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1\d{10}$/.test(digits) ? `+86${digits}` : null;
}

/**
 * SMS refusals no retry can cure: -501007 is CloudBase's InvalidParameter, which carries both "配额不足"
 * (no SMS resource pack left) and "TemplateId not exist" — either way the operator must act.
 */
export function smsRefusedForGood(errCode: number): boolean {
  return errCode === -501007 || errCode === 40001 || errCode === 48001;
}
