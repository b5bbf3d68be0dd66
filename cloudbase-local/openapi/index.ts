// WeChat open APIs as wx-server-sdk calls them (`action: wx.openApi`, protobuf in and out):
// `subscribeMessage.send` with WeChat's template-data checks and one-time subscription credits,
// `security.msgSecCheck` (v2) with a deterministic word list, and `security.mediaCheckAsync` (v2).
// Delivered messages go to an inbox readable over HTTP; credits come from the mini-program's
// subscription results (local endpoint).
//
// mediaCheckAsync answers at once with a trace_id; the verdict comes later as a message push
// (`Event: 'wxa_media_check'`), as on WeChat, delivered to the function named by
// `messagePushFunction` ('events' by default) `mediaCheckDelayMs` (100 ms by default) after the reply.
// The verdict is decided when the check is made, deterministically so tests can rely on it:
//   1. the most recent `POST /local/openapi/media-verdicts {match, suggest, label?}` whose `match`
//      occurs in the media URL;
//   2. otherwise by the URL's path — for a CloudBase Local storage link, which names its file by a
//      hash, by that file's cloud path: containing `risky` → risky (label 20002), containing `review`
//      → review (label 20002), anything else → pass (label 100).
// Without that function under the functions root, the event is only kept in
// `GET /local/openapi/pushes` (state 'kept'). Pushes live in memory: a stopped server delivers nothing.
//
// 云调用 permissions, as CloudBase's gateway keeps them (wechat-platform.md, "Going live"): a call is
// allowed only from a function run here (the runner names it from the invocation in the request's
// path, not from anything the caller sends) whose config.json declares the API under
// `permissions.openapi`; otherwise the reply is -604101 "function has no permission to call this
// API". A call from outside any function gets -604104 "illegal source of invocation". A function
// deployed without WeChat's tooling has its declaration unregistered in the cloud: model it with
// `unregisteredPermissions` or `POST /local/openapi/permissions {"function", "registered": false}`.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import protobuf from 'protobufjs';
import { AdminError, type AdminRequest, type LocalApp, type LocalModule } from '../app';
import { localOnly } from '../local-only';
import type { FunctionRunner } from '../functions/runner';
import { LOCAL_APPID } from '../sdk-env';
import { invalidTemplateData, wrongKeywords } from './templates';

// Message definitions from shared/reference/cloudbase-protocol.md.
const root = protobuf.parse(`
syntax = "proto3";
message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
message OpenApiData { repeated KeyValuePair pairs = 1; }
message CommApiData { int32 apiType = 1; OpenApiData openapiData = 2; string appid = 6; }
message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4; }
`).root;
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

/** Words msgSecCheck flags as risky here; deterministic so tests can rely on them. */
export const RISKY_WORDS: Record<string, number> = { 赌博: 20006, 毒品: 20006, 色情: 20002, 诈骗: 20001, 法轮: 20003, 枪支: 20006 };
const MSG_SEC_MAX = 2500;
/** How many refused sends and text verdicts are kept for the console. */
const LOG_CAPACITY = 500;

export interface DeliveredMessage {
  msgid: string;
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  miniprogramState: string | null;
  at: string;
}

/** An injected failure of the next `times` calls of `apiName` (only those to `touser`, when given: one person's phone unreachable). */
type Fault = { apiName: string; mode: 'errcode' | 'timeout' | 'http500'; errcode?: number; delayMs?: number; times: number; touser?: string };

/** wx-server-sdk's WX_FUNCTIONS_SERVER_OPENAPI_TIMEOUT. */
const OPEN_API_TIMEOUT = -604102;
/** wx-server-sdk's WX_FUNCTIONS_SERVER_OPENAPI_NO_PERMISSION: the calling function has not declared the API in permissions.openapi, or the declaration is not registered. */
const OPEN_API_NO_PERMISSION = -604101;
/** wx-server-sdk's WX_FUNCTIONS_SERVER_OPENAPI_ILLEGAL_INVOCATION_SOURCE: 云调用 works only inside a cloud function. */
const OPEN_API_ILLEGAL_SOURCE = -604104;

/** A CommOpenApiResp: WeChat's JSON reply, or a gateway error code with no reply. */
function encodeReply(result: WxResult | null, errorCode: number): Buffer {
  const respData = result ? Buffer.from(JSON.stringify(result)) : Buffer.alloc(0);
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create({ respData, contentType: 'application/json', errorCode, httpCode: 200 })).finish());
}

interface State {
  credits: Record<string, number>;
  inbox: DeliveredMessage[];
}

type WxResult = Record<string, unknown> & { errcode: number; errmsg: string };

export type Suggest = 'risky' | 'pass' | 'review';
const SUGGESTS: readonly Suggest[] = ['risky', 'pass', 'review'];
/** The label a verdict carries when none is given: 100 is WeChat's "normal"; 20002 is pornography,
 * the usual reason an image is refused. */
const DEFAULT_LABEL: Record<Suggest, number> = { risky: 20002, review: 20002, pass: 100 };
/** The original id (gh_…) of the local mini-program's account, as message pushes name it. */
const LOCAL_ORIGINAL_ID = 'gh_cloudbase_local';

/** WeChat's `wxa_media_check` message push (mediaCheckAsync v2). */
export interface MediaCheckEvent {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'wxa_media_check';
  appid: string;
  trace_id: string;
  version: 2;
  result: { suggest: Suggest; label: number };
  detail: Array<{ strategy: 'content_model'; errcode: 0; suggest: Suggest; label: number; prob: number }>;
}

export interface Push {
  function: string;
  mediaUrl: string;
  /** What was asked to be checked: 1 audio, 2 image. */
  mediaType: 1 | 2;
  event: MediaCheckEvent;
  /** kept: no runner, or no such function; the event is only listed here. */
  state: 'pending' | 'delivered' | 'failed' | 'kept';
  at: string;
  deliveredAt?: string;
  result?: unknown;
  error?: { code: string; message: string };
}

export interface OpenApiOptions {
  templatesFile?: string;
  /** Invokes the message-push function; without it pushes are only listed. */
  runner?: () => FunctionRunner;
  /** The function receiving message pushes, as the project's console sets it (the project hands it in); else 'events'. */
  messagePushFunction?: string;
  /** How long after the mediaCheckAsync reply its verdict is pushed; 100 ms by default. */
  mediaCheckDelayMs?: number;
  /** Functions whose declared permissions are not registered (deployed without DevTools): every open API answers -604101. */
  unregisteredPermissions?: string[];
  /** Open APIs other modules play (e.g. `cloudbase.sendSmsV2`, cloudbase-local/outbound.ts), behind the same gateway and faults. */
  apis?: Record<string, (args: Record<string, unknown>) => WxResult>;
}

export function openApiModule(options: OpenApiOptions = {}): LocalModule {
  return {
    register(app: LocalApp) {
      const file = app.dataDir ? path.join(app.dataDir, 'openapi.json') : null;
      const state: State = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as State) : { credits: {}, inbox: [] };
      const save = () => {
        if (!file) return;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
        fs.renameSync(`${file}.tmp`, file);
      };
      const faults: Fault[] = [];
      const hung = new Set<() => void>();
      app.onClose(() => hung.forEach((release) => release()));
      /** Resolves true when the server stops first, false once `delayMs` passes. */
      const hang = (delayMs: number | undefined) =>
        new Promise<boolean>((resolve) => {
          const stop = () => {
            clearTimeout(timer);
            resolve(true);
          };
          const timer = delayMs === undefined ? undefined : setTimeout(() => (hung.delete(stop), resolve(false)), delayMs);
          hung.add(stop);
        });
      const creditKey = (openid: string, templateId: string) => `${openid}|${templateId}`;
      // The project's template list; when it exists, an unknown template id is refused like WeChat does.
      const templatesFile = options.templatesFile ?? path.join(app.projectRoot, 'config', 'subscription-templates.json');
      // Each template's keywords (the values of its `keywords` mapping), where the list names them:
      // WeChat refuses data whose keys are not exactly the chosen template's (47003).
      const knownTemplates = (): Map<string, string[] | null> | null =>
        fs.existsSync(templatesFile)
          ? new Map((JSON.parse(fs.readFileSync(templatesFile, 'utf8')) as Array<{ id: string; keywords?: Record<string, string> }>).map((t) => [t.id, t.keywords ? Object.values(t.keywords) : null]))
          : null;

      // Sends WeChat refused (no credit, bad template data…) and every msgSecCheck verdict, for the
      // console; in memory, bounded.
      const refusals: Array<{ touser: unknown; templateId: unknown; errcode: number; errmsg: string; data: unknown; at: string }> = [];
      const textChecks: Array<{ openid: unknown; scene: number; content: string; suggest: string; label: number; keywords: string[]; at: string }> = [];
      const keep = <T>(list: T[], item: T) => {
        list.push(item);
        if (list.length > LOG_CAPACITY) list.splice(0, list.length - LOG_CAPACITY);
      };
      const subscribeMessageSend = (args: Record<string, unknown>): WxResult => {
        const result = trySend(args);
        if (result.errcode !== 0) keep(refusals, { touser: args.touser, templateId: args.template_id, errcode: result.errcode, errmsg: result.errmsg, data: args.data ?? null, at: app.clock.now().toISOString() });
        return result;
      };
      const trySend = (args: Record<string, unknown>): WxResult => {
        const touser = args.touser;
        const templateId = args.template_id;
        if (typeof touser !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(touser)) return { errcode: 40003, errmsg: 'invalid openid' };
        if (typeof templateId !== 'string' || templateId === '') return { errcode: 40037, errmsg: 'invalid template id' };
        const known = knownTemplates();
        if (known && !known.has(templateId)) return { errcode: 40037, errmsg: `invalid template id ${templateId}` };
        const invalid = invalidTemplateData(args.data) ?? wrongKeywords(args.data, known?.get(templateId) ?? null);
        if (invalid) return { errcode: 47003, errmsg: invalid };
        // One-time subscription: each acceptance allows exactly one message (wechat-platform.md).
        const key = creditKey(touser, templateId);
        if (!state.credits[key]) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
        state.credits[key] -= 1;
        const msgid = String(BigInt('0x' + crypto.randomBytes(7).toString('hex')));
        state.inbox.push({
          msgid,
          touser,
          templateId,
          page: typeof args.page === 'string' ? args.page : null,
          data: args.data as DeliveredMessage['data'],
          miniprogramState: typeof args.miniprogram_state === 'string' ? args.miniprogram_state : null,
          at: app.clock.now().toISOString(),
        });
        save();
        return { errcode: 0, errmsg: 'ok', msgid };
      };

      const msgSecCheck = (args: Record<string, unknown>): WxResult => {
        const content = args.content;
        if (Number(args.version) !== 2) return { errcode: 40003, errmsg: 'only version 2 is supported here' };
        if (typeof args.openid !== 'string' || args.openid === '') return { errcode: 40003, errmsg: 'invalid openid' };
        if (![1, 2, 3, 4].includes(Number(args.scene))) return { errcode: 40097, errmsg: 'invalid args: scene' };
        if (typeof content !== 'string') return { errcode: 40097, errmsg: 'invalid args: content' };
        if ([...content].length > MSG_SEC_MAX) return { errcode: 40097, errmsg: 'content too long' };
        const hits = Object.entries(RISKY_WORDS).filter(([w]) => content.includes(w));
        const label = hits[0]?.[1] ?? 100;
        keep(textChecks, { openid: args.openid, scene: Number(args.scene), content: [...content].slice(0, 500).join(''), suggest: hits.length ? 'risky' : 'pass', label, keywords: hits.map(([w]) => w), at: app.clock.now().toISOString() });
        return {
          errcode: 0,
          errmsg: 'ok',
          result: { suggest: hits.length ? 'risky' : 'pass', label },
          detail: hits.map(([keyword, l]) => ({ strategy: 'keyword', errcode: 0, suggest: 'risky', label: l, keyword })),
          trace_id: crypto.randomUUID(),
        };
      };

      /** The function runner, or null when the functions module is not registered (no function runs here). */
      const runnerOrNull = (): FunctionRunner | null => {
        try {
          return options.runner?.() ?? null;
        } catch {
          return null;
        }
      };

      // Message pushes: each waits on an unref'd timer, so a pending push never keeps the process
      // alive, and stopping the server clears them all, so none fires afterwards.
      const pushes: Push[] = [];
      const timers = new Map<Push, NodeJS.Timeout>();
      const delivering = new Set<Promise<void>>();
      const verdicts: Array<{ match: string; suggest: Suggest; label: number }> = [];
      let closed = false;
      // The project's message-push function, as its console sets it.
      const pushFunction = options.messagePushFunction ?? 'events';
      const delayMs = options.mediaCheckDelayMs ?? 100;

      const deliver = (push: Push): Promise<void> => {
        clearTimeout(timers.get(push));
        timers.delete(push);
        const run = (async () => {
          const runner = runnerOrNull();
          if (!runner || !runner.has(push.function)) {
            push.state = 'kept';
            return;
          }
          try {
            // A platform event, not a user's call: no OPENID in the function's context (the user is
            // the event's FromUserName), as the timer trigger runs without one.
            push.result = await runner.invoke(push.function, push.event, {});
            push.state = 'delivered';
          } catch (e) {
            push.state = 'failed';
            push.error = e instanceof AdminError ? { code: e.code, message: e.message } : { code: 'SYS_ERR', message: String(e) };
          }
          push.deliveredAt = app.clock.now().toISOString();
        })();
        delivering.add(run);
        void run.finally(() => delivering.delete(run));
        return run;
      };
      app.onClose(async () => {
        closed = true;
        timers.forEach((timer) => clearTimeout(timer));
        timers.clear();
        // Deliveries already running finish while the functions module (closed after this one) still runs.
        await Promise.all(delivering);
      });

      /** The cloud path behind one of this server's storage links (`/local/storage/get/<sha256 of the path>`). */
      const storagePathOf = async (mediaUrl: string): Promise<string | null> => {
        const url = new URL(mediaUrl);
        const hash = /^\/local\/storage\/get\/([0-9a-f]{64})$/.exec(url.pathname)?.[1];
        if (!hash || url.origin !== new URL(app.baseUrl()).origin) return null;
        const files = (await (await fetch(`${app.baseUrl()}/local/storage/files`)).json()) as Array<{ path: string }>;
        return files.find((f) => crypto.createHash('sha256').update(f.path).digest('hex') === hash)?.path ?? null;
      };

      const verdictFor = async (mediaUrl: string): Promise<{ suggest: Suggest; label: number }> => {
        const injected = [...verdicts].reverse().find((v) => mediaUrl.includes(v.match));
        if (injected) return { suggest: injected.suggest, label: injected.label };
        const pathname = (await storagePathOf(mediaUrl).catch(() => null)) ?? new URL(mediaUrl).pathname;
        const suggest: Suggest = pathname.includes('risky') ? 'risky' : pathname.includes('review') ? 'review' : 'pass';
        return { suggest, label: DEFAULT_LABEL[suggest] };
      };

      const mediaCheckAsync = async (args: Record<string, unknown>, appid: string): Promise<WxResult> => {
        const mediaUrl = args.media_url;
        if (Number(args.version) !== 2) return { errcode: 40003, errmsg: 'only version 2 is supported here' };
        if (typeof args.openid !== 'string' || args.openid === '') return { errcode: 40003, errmsg: 'invalid openid' };
        if (![1, 2, 3, 4].includes(Number(args.scene))) return { errcode: 40097, errmsg: 'invalid args: scene' };
        if (![1, 2].includes(Number(args.media_type))) return { errcode: 40097, errmsg: 'invalid args: media_type (1 audio, 2 image)' };
        if (typeof mediaUrl !== 'string' || !isHttpUrl(mediaUrl)) return { errcode: 40097, errmsg: 'invalid args: media_url' };
        const traceId = crypto.randomUUID().replace(/-/g, '');
        const { suggest, label } = await verdictFor(mediaUrl);
        const push: Push = {
          function: pushFunction,
          mediaUrl,
          mediaType: Number(args.media_type) as 1 | 2,
          event: {
            ToUserName: LOCAL_ORIGINAL_ID,
            FromUserName: args.openid,
            CreateTime: Math.floor(app.clock.now().getTime() / 1000),
            MsgType: 'event',
            Event: 'wxa_media_check',
            appid,
            trace_id: traceId,
            version: 2,
            result: { suggest, label },
            detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }],
          },
          state: 'pending',
          at: app.clock.now().toISOString(),
        };
        pushes.push(push);
        // Never inside the API call: the timer fires after this reply is on its way.
        if (!closed) {
          const timer = setTimeout(() => void (closed || deliver(push)), delayMs);
          // Node's timers can be unref'd; a browser-like host (jsdom in page tests) hands back a number.
          (timer as { unref?: () => void }).unref?.();
          timers.set(push, timer);
        }
        return { errcode: 0, errmsg: 'ok', trace_id: traceId };
      };

      // The gateway's permission check, before WeChat sees the call: the calling function, as the
      // runner knows it, must declare the API, and its declaration must be registered.
      const unregistered = new Set(options.unregisteredPermissions ?? []);
      const gatewayRefusal = (invocation: string | undefined, apiName: string): number | null => {
        const runner = runnerOrNull();
        const caller = runner?.functionOf(invocation) ?? null;
        if (!runner || !caller) return OPEN_API_ILLEGAL_SOURCE;
        return unregistered.has(caller) || !runner.declaredOpenApis(caller).includes(apiName) ? OPEN_API_NO_PERMISSION : null;
      };

      const apis: Record<string, (args: Record<string, unknown>, appid: string) => WxResult | Promise<WxResult>> = {
        'subscribeMessage.send': subscribeMessageSend,
        'security.msgSecCheck': msgSecCheck,
        'security.mediaCheckAsync': mediaCheckAsync,
        ...options.apis,
      };

      app.action('wx.openApi', async (req: AdminRequest) => {
        const apiName = String(req.body.apiName ?? '');
        const raw = req.files?.requestData ?? (typeof req.body.requestData === 'string' ? Buffer.from(req.body.requestData, 'latin1') : null);
        if (!raw) throw new AdminError('INVALID_PARAM', 'requestData missing');
        const message = CommApiData.toObject(CommApiData.decode(raw), { bytes: Buffer }) as { appid?: string; openapiData?: { pairs?: Array<{ key: string; value: Buffer }> } };
        const args: Record<string, unknown> = {};
        for (const pair of message.openapiData?.pairs ?? []) args[pair.key] = JSON.parse(Buffer.from(pair.value).toString('utf8'));
        const refused = gatewayRefusal(req.invocation, apiName);
        if (refused !== null) return encodeReply(null, refused);
        const fault = faults.find((f) => f.apiName === apiName && (f.touser === undefined || f.touser === args.touser));
        if (fault) {
          if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
          if (fault.mode === 'timeout') {
            // A hung WeChat API. Without delayMs the reply never comes, so the calling function hits its
            // own time limit; with delayMs the gateway gives up then, as wx-server-sdk's -604102
            // ("call open API timeout"). Either way the hang ends when the server stops.
            const stopped = await hang(fault.delayMs);
            if (stopped) throw new AdminError('SYS_ERR', 'CloudBase Local stopped during an injected timeout');
            return encodeReply(null, OPEN_API_TIMEOUT);
          }
          if (fault.mode === 'http500') throw new AdminError('SYS_ERR', 'injected server error');
        }
        const api = apis[apiName];
        const result: WxResult = fault?.mode === 'errcode' ? { errcode: fault.errcode ?? -1, errmsg: 'injected fault' } : api ? await api(args, message.appid || LOCAL_APPID) : { errcode: 48001, errmsg: `api unauthorized: ${apiName}` };
        return encodeReply(result, 0);
      });

      // The mini-program's wx.requestSubscribeMessage result: each 'accept' is one credit.
      app.route('POST', '/local/openapi/subscriptions', async (req) => {
        const body = req.json<{ openid?: unknown; results?: unknown }>();
        if (typeof body.openid !== 'string' || typeof body.results !== 'object' || body.results === null) return { status: 400, body: { error: 'give {openid, results: {templateId: accept|reject|ban|filter}}' } };
        for (const [templateId, result] of Object.entries(body.results as Record<string, unknown>)) {
          if (result === 'accept') state.credits[creditKey(body.openid, templateId)] = (state.credits[creditKey(body.openid, templateId)] ?? 0) + 1;
        }
        save();
        return { status: 200, body: {} };
      });
      app.route('GET', '/local/openapi/credits', async (req) => {
        const openid = req.query.get('openid') ?? '';
        const mine = Object.entries(state.credits).filter(([k]) => k.startsWith(`${openid}|`)).map(([k, n]) => [k.slice(openid.length + 1), n]);
        return { status: 200, body: Object.fromEntries(mine) };
      });
      app.route('GET', '/local/openapi/messages', async (req) => {
        const touser = req.query.get('touser');
        const templateId = req.query.get('templateId');
        return { status: 200, body: state.inbox.filter((m) => (!touser || m.touser === touser) && (!templateId || m.templateId === templateId)) };
      });
      app.route('GET', '/local/openapi/pushes', async () => ({ status: 200, body: pushes }));
      // The console's reads: this machine only, even in LAN mode (they hold what users wrote).
      app.route('GET', '/local/openapi/refusals', localOnly(async (req) => {
        const touser = req.query.get('touser');
        return { status: 200, body: refusals.filter((r) => !touser || r.touser === touser) };
      }));
      app.route('GET', '/local/openapi/text-checks', localOnly(async () => ({ status: 200, body: textChecks })));
      app.route('GET', '/local/openapi/templates', localOnly(async () => ({ status: 200, body: fs.existsSync(templatesFile) ? JSON.parse(fs.readFileSync(templatesFile, 'utf8')) : [] })));
      // Deliver every pending push now and answer once all deliveries (these and any already
      // running) are done, so a test needs no sleeping.
      app.route('POST', '/local/openapi/pushes/flush', async () => {
        const due = pushes.filter((p) => timers.has(p));
        due.forEach((p) => void deliver(p));
        await Promise.all(delivering);
        return { status: 200, body: due };
      });
      app.route('POST', '/local/openapi/media-verdicts', async (req) => {
        const body = req.json<{ match?: unknown; suggest?: unknown; label?: unknown }>();
        if (typeof body.match !== 'string' || body.match === '' || !SUGGESTS.includes(body.suggest as Suggest) || (body.label !== undefined && !Number.isInteger(body.label)))
          return { status: 400, body: { error: 'give {match: string, suggest: risky|pass|review, label?: integer}' } };
        const suggest = body.suggest as Suggest;
        verdicts.push({ match: body.match, suggest, label: (body.label as number | undefined) ?? DEFAULT_LABEL[suggest] });
        return { status: 200, body: {} };
      });
      // "Declared but not registered": a function deployed through the management API, not DevTools.
      app.route('GET', '/local/openapi/permissions', async () => ({ status: 200, body: { unregistered: [...unregistered].sort() } }));
      app.route('POST', '/local/openapi/permissions', async (req) => {
        const body = req.json<{ function?: unknown; registered?: unknown }>();
        if (typeof body.function !== 'string' || typeof body.registered !== 'boolean') return { status: 400, body: { error: 'give {function: name, registered: boolean}' } };
        if (body.registered) unregistered.delete(body.function);
        else unregistered.add(body.function);
        return { status: 200, body: { unregistered: [...unregistered].sort() } };
      });
      app.route('POST', '/local/openapi/faults', async (req) => {
        const f = req.json<Fault>();
        if (typeof f.apiName !== 'string' || !['errcode', 'timeout', 'http500'].includes(f.mode) || (f.touser !== undefined && typeof f.touser !== 'string'))
          return { status: 400, body: { error: 'give {apiName, mode: errcode|timeout|http500, errcode?, delayMs?, times, touser?}' } };
        faults.push({ apiName: f.apiName, mode: f.mode, errcode: f.errcode, delayMs: Number(f.delayMs) >= 0 ? Number(f.delayMs) : undefined, times: Math.max(1, Number(f.times) || 1), touser: f.touser });
        return { status: 200, body: {} };
      });
    },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
