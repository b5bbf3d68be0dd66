// The other ends of a staff alert's rungs (issue 27): a 企业微信 group robot and CloudBase's SMS, so the
// project's functions post and send for real without leaving the machine.
//
//   POST /local/outbound/webhook/send?key=K   a group robot, as 企业微信 answers: 200 with
//        {"errcode":0,"errmsg":"ok"}; a body that is not a text message → 40008; content over 2,048
//        bytes → 40058. Point the company's robot setting at this URL (the function side accepts it
//        only when it runs on CloudBase Local).
//   cloudbase.sendSmsV2 (云调用, through the open-API module)  checks phone_number_list (+86…, at most
//        1,000), template_id and template_param_list; answers -501007 "[100003]配额不足" once the
//        SMS quota set by POST /local/outbound/sms-quota {remaining} is spent (unlimited by default).
//   GET  /local/outbound[?kind=webhook|sms]   every post and SMS, in order, with its answer.
//   POST /local/outbound/faults {kind: 'webhook'|'sms', key?, status?, errcode?, errmsg?, times}
//        the next `times` posts to robot `key` (any robot without it) answer HTTP `status` (500…) or
//        errcode (93000 "invalid webhook url": a wrong key); for SMS, the next sends answer errcode.
//        The open-API module's faults (POST /local/openapi/faults, apiName 'cloudbase.sendSmsV2') work too.
//   DELETE /local/outbound                   forget posts, faults and the quota.
import type { LocalApp, LocalModule } from './app';

export interface OutboundRecord {
  kind: 'webhook' | 'sms';
  /** The robot's key, or the SMS template id. */
  target: string;
  /** webhook: the post's text and mentioned phones; sms: the phones and template variables. */
  content: string;
  phones: string[];
  params: string[];
  /** What was answered: 0 ok, an errcode, or -HTTP status. */
  errcode: number;
  at: string;
}

type Fault = { kind: 'webhook' | 'sms'; key?: string; status?: number; errcode?: number; errmsg?: string; times: number };
type WxResult = Record<string, unknown> & { errcode: number; errmsg: string };

const ROBOT_CONTENT_BYTES = 2048;
const SMS_MAX_PHONES = 1000;
/** Kept for the console and tests; older records drop off. */
const CAPACITY = 2000;

export interface OutboundModule extends LocalModule {
  /** `cloudbase.sendSmsV2` for the open-API module's table (cloudbase-local/openapi). */
  sendSms(args: Record<string, unknown>): WxResult;
}

export function outboundModule(): OutboundModule {
  const records: OutboundRecord[] = [];
  let faults: Fault[] = [];
  let smsQuota: number | null = null;
  let clock: (() => Date) | null = null;
  const keep = (r: Omit<OutboundRecord, 'at'>) => {
    records.push({ ...r, at: (clock?.() ?? new Date()).toISOString() });
    if (records.length > CAPACITY) records.splice(0, records.length - CAPACITY);
  };
  const takeFault = (kind: Fault['kind'], key: string): Fault | null => {
    const f = faults.find((x) => x.kind === kind && (x.key === undefined || x.key === key));
    if (!f) return null;
    if (--f.times <= 0) faults = faults.filter((x) => x !== f);
    return f;
  };
  return {
    sendSms(args) {
      const phones = args.phone_number_list;
      const templateId = typeof args.template_id === 'string' ? args.template_id : '';
      const params = args.template_param_list;
      const record = (errcode: number) => keep({ kind: 'sms', target: templateId, content: '', phones: Array.isArray(phones) ? phones.map(String) : [], params: Array.isArray(params) ? params.map(String) : [], errcode });
      if (!Array.isArray(phones) || phones.length === 0 || phones.length > SMS_MAX_PHONES || !phones.every((p) => typeof p === 'string' && /^\+861\d{10}$/.test(p)))
        return { errcode: -501007, errmsg: 'InvalidParameter: phone_number_list (1–1000 numbers, each +86…)' };
      if (templateId === '' || !Array.isArray(params) || !params.every((p) => typeof p === 'string')) return { errcode: -501007, errmsg: 'InvalidParameter: TemplateId not exist or template_param_list invalid' };
      const fault = takeFault('sms', templateId);
      if (fault) {
        record(fault.errcode ?? -1);
        return { errcode: fault.errcode ?? -1, errmsg: fault.errmsg ?? 'injected fault' };
      }
      if (smsQuota !== null && smsQuota < phones.length) {
        record(-501007);
        return { errcode: -501007, errmsg: 'sendAsyncSmsAndWait failed, err=[100003]配额不足' };
      }
      if (smsQuota !== null) smsQuota -= phones.length;
      record(0);
      return { errcode: 0, errmsg: 'ok', send_status_list: phones.map((p) => ({ phone_number: p, code: 'Ok', message: 'send success' })) };
    },
    register(app: LocalApp) {
      clock = () => app.clock.now();
      app.route('POST', '/local/outbound/webhook/send', async (req) => {
        const key = req.query.get('key') ?? '';
        let body: { msgtype?: unknown; text?: { content?: unknown; mentioned_mobile_list?: unknown } };
        try {
          body = req.json();
        } catch {
          return { status: 200, body: { errcode: 40008, errmsg: 'invalid message type' } };
        }
        const content = body.text?.content;
        const mentioned = body.text?.mentioned_mobile_list;
        const phones = Array.isArray(mentioned) ? mentioned.map(String) : [];
        const answer = (status: number, errcode: number, errmsg: string) => {
          keep({ kind: 'webhook', target: key, content: typeof content === 'string' ? content : '', phones, params: [], errcode: status === 200 ? errcode : -status });
          return { status, body: status === 200 ? { errcode, errmsg } : `HTTP ${status}` };
        };
        const fault = takeFault('webhook', key);
        if (fault) return answer(fault.status ?? 200, fault.errcode ?? 0, fault.errmsg ?? (fault.errcode === 93000 ? 'invalid webhook url' : 'injected fault'));
        if (key === '') return answer(200, 93000, 'invalid webhook url');
        if (body.msgtype !== 'text' || typeof content !== 'string') return answer(200, 40008, 'invalid message type');
        if (Buffer.byteLength(content) > ROBOT_CONTENT_BYTES) return answer(200, 40058, 'content exceed max length');
        return answer(200, 0, 'ok');
      });
      app.route('GET', '/local/outbound', async (req) => {
        const kind = req.query.get('kind');
        return { status: 200, body: records.filter((r) => !kind || r.kind === kind) };
      });
      app.route('POST', '/local/outbound/faults', async (req) => {
        const f = req.json<Partial<Fault>>();
        if ((f.kind !== 'webhook' && f.kind !== 'sms') || (f.status === undefined && f.errcode === undefined) || (f.key !== undefined && typeof f.key !== 'string'))
          return { status: 400, body: { error: 'give {kind: webhook|sms, key?, status? (HTTP), errcode?, errmsg?, times}' } };
        faults.push({ kind: f.kind, key: f.key, status: f.status, errcode: f.errcode, errmsg: f.errmsg, times: Math.max(1, Number(f.times) || 1) });
        return { status: 200, body: {} };
      });
      app.route('POST', '/local/outbound/sms-quota', async (req) => {
        const { remaining } = req.json<{ remaining?: unknown }>();
        if (remaining !== null && !(Number.isInteger(remaining) && (remaining as number) >= 0)) return { status: 400, body: { error: 'give {remaining: a whole number, or null for unlimited}' } };
        smsQuota = remaining as number | null;
        return { status: 200, body: {} };
      });
      app.route('DELETE', '/local/outbound', async () => {
        records.length = 0;
        faults = [];
        smsQuota = null;
        return { status: 200, body: {} };
      });
    },
  };
}
