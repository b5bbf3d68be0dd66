// WeChat open APIs as wx-server-sdk calls them (`action: wx.openApi`, protobuf in and out):
// `subscribeMessage.send` with WeChat's template-data checks and one-time subscription credits, and
// `security.msgSecCheck` (v2) with a deterministic word list. Delivered messages go to an inbox
// readable over HTTP; credits come from the mini-program's subscription results (local endpoint).
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import protobuf from 'protobufjs';
import { AdminError, type AdminRequest, type LocalApp, type LocalModule } from '../app';
import { invalidTemplateData } from './templates';

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

export interface DeliveredMessage {
  msgid: string;
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  miniprogramState: string | null;
  at: string;
}

type Fault = { apiName: string; mode: 'errcode' | 'timeout' | 'http500'; errcode?: number; delayMs?: number; times: number };

/** wx-server-sdk's WX_FUNCTIONS_SERVER_OPENAPI_TIMEOUT. */
const OPEN_API_TIMEOUT = -604102;

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

export function openApiModule(options: { templatesFile?: string } = {}): LocalModule {
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
      const knownTemplates = (): Set<string> | null =>
        fs.existsSync(templatesFile) ? new Set((JSON.parse(fs.readFileSync(templatesFile, 'utf8')) as Array<{ id: string }>).map((t) => t.id)) : null;

      const subscribeMessageSend = (args: Record<string, unknown>): WxResult => {
        const touser = args.touser;
        const templateId = args.template_id;
        if (typeof touser !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(touser)) return { errcode: 40003, errmsg: 'invalid openid' };
        if (typeof templateId !== 'string' || templateId === '') return { errcode: 40037, errmsg: 'invalid template id' };
        const known = knownTemplates();
        if (known && !known.has(templateId)) return { errcode: 40037, errmsg: `invalid template id ${templateId}` };
        const invalid = invalidTemplateData(args.data);
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
        return {
          errcode: 0,
          errmsg: 'ok',
          result: { suggest: hits.length ? 'risky' : 'pass', label },
          detail: hits.map(([keyword, l]) => ({ strategy: 'keyword', errcode: 0, suggest: 'risky', label: l, keyword })),
          trace_id: crypto.randomUUID(),
        };
      };

      const apis: Record<string, (args: Record<string, unknown>) => WxResult> = {
        'subscribeMessage.send': subscribeMessageSend,
        'security.msgSecCheck': msgSecCheck,
      };

      app.action('wx.openApi', async (req: AdminRequest) => {
        const apiName = String(req.body.apiName ?? '');
        const raw = req.files?.requestData ?? (typeof req.body.requestData === 'string' ? Buffer.from(req.body.requestData, 'latin1') : null);
        if (!raw) throw new AdminError('INVALID_PARAM', 'requestData missing');
        const message = CommApiData.toObject(CommApiData.decode(raw), { bytes: Buffer }) as { openapiData?: { pairs?: Array<{ key: string; value: Buffer }> } };
        const args: Record<string, unknown> = {};
        for (const pair of message.openapiData?.pairs ?? []) args[pair.key] = JSON.parse(Buffer.from(pair.value).toString('utf8'));
        const fault = faults.find((f) => f.apiName === apiName);
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
        const result: WxResult = fault?.mode === 'errcode' ? { errcode: fault.errcode ?? -1, errmsg: 'injected fault' } : api ? api(args) : { errcode: 48001, errmsg: `api unauthorized: ${apiName}` };
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
      app.route('POST', '/local/openapi/faults', async (req) => {
        const f = req.json<Fault>();
        if (typeof f.apiName !== 'string' || !['errcode', 'timeout', 'http500'].includes(f.mode)) return { status: 400, body: { error: 'give {apiName, mode: errcode|timeout|http500, errcode?, delayMs?, times}' } };
        faults.push({ apiName: f.apiName, mode: f.mode, errcode: f.errcode, delayMs: Number(f.delayMs) >= 0 ? Number(f.delayMs) : undefined, times: Math.max(1, Number(f.times) || 1) });
        return { status: 200, body: {} };
      });
    },
  };
}
