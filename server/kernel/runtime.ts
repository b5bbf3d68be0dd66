// The real outside world of a cloud function: both SDKs initialised for the current environment
// (production, or CloudBase Local through environment variables), WeChat's open APIs, the clock.
import tcb from '@cloudbase/node-sdk';
import cloud from 'wx-server-sdk';
import { localOrigin, ROBOT_INVALID_URL, webhookUrlProblem } from './ladder';
import { openApiErrorCode, type OpenApiProbe } from './openapi-errors';
import type { SchedulerDeps } from './scheduler';

/** A robot that does not answer within this long is a failed post, retried later. */
const ROBOT_TIMEOUT_MS = 5_000;

export function cloudDeps(): SchedulerDeps {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  // The typings declare the symbol wrongly as not assignable; it is the documented value.
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return {
    app,
    db: app.database(),
    now: () => new Date(),
    setupCode: process.env.SETUP_CODE ?? '',
    // security.msgSecCheck v2, scene 2 (comments): user text must be checked (wechat-platform.md).
    checkContent: async (openid, content) => {
      const res = (await cloud.openapi.security.msgSecCheck({ openid, scene: 2, version: 2, content })) as { result?: { suggest?: string } };
      const suggest = res.result?.suggest;
      return suggest === 'risky' ? 'risky' : suggest === 'review' ? 'review' : 'pass';
    },
    checkMedia: async ({ openid, mediaUrl, scene, mediaType }) => {
      const res = (await cloud.openapi.security.mediaCheckAsync({ openid, mediaUrl, mediaType, version: 2, scene })) as { traceId?: string };
      if (!res.traceId) throw new Error('mediaCheckAsync answered no trace id');
      return res.traceId;
    },
    // A 企业微信 group robot (its URL a company setting, server/kernel/ladder.ts): only the robot's
    // own address, or CloudBase Local's when running there — staff phones go nowhere else.
    postWebhook: async (url, post) => {
      const problem = webhookUrlProblem(url, localOrigin());
      if (problem) return { errCode: ROBOT_INVALID_URL, errMsg: problem };
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(post), signal: AbortSignal.timeout(ROBOT_TIMEOUT_MS) });
      // The robot answers 200 with its own errcode (e.g. 93000 for a wrong key): both must say ok.
      const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
      if (!res.ok) return { errCode: -res.status, errMsg: `HTTP ${res.status}` };
      return { errCode: body.errcode ?? -1, errMsg: body.errmsg ?? 'no errcode in the answer' };
    },
    // 云调用 cloudbase.sendSmsV2 with the company's Notification template (README: the SMS resource pack).
    sendSms: async ({ phone, templateId, params }) => {
      try {
        await cloud.openapi.cloudbase.sendSmsV2({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string, phoneNumberList: [phone], templateId, templateParamList: params, smsType: 'Notification' });
        return { errCode: 0, errMsg: 'ok' };
      } catch (e) {
        const err = e as { errCode?: number; errMsg?: string };
        return { errCode: err.errCode ?? -1, errMsg: err.errMsg ?? String(e) };
      }
    },
    sendSubscription: async ({ touser, templateId, page, data }) => {
      try {
        // cloudbaserc.json sets it per environment: developer / trial / formal (which version the message opens).
        await cloud.openapi.subscribeMessage.send({ touser, templateId, page, data, miniprogramState: process.env.MINIPROGRAM_STATE || 'formal' });
        return { errCode: 0, errMsg: 'ok' };
      } catch (e) {
        const err = e as { errCode?: number; errMsg?: string };
        return { errCode: err.errCode ?? -1, errMsg: err.errMsg ?? String(e) };
      }
    },
  };
}

export function callerOpenid(): string {
  return cloud.getWXContext().OPENID ?? '';
}

/**
 * An openid no user has (WeChat's are 28 characters): the probe's calls are refused by WeChat for it
 * — no message delivered, no text or image checked — yet only after the gateway let them through.
 */
const PROBE_OPENID = 'probe';

/**
 * One harmless call of each open API, as `npm run doctor` needs them: any answer but -604101 shows
 * the permission is registered. No argument is valid, so WeChat refuses each call itself.
 */
const PROBES: Record<string, () => Promise<unknown>> = {
  // The probe's text is read by WeChat's checker alone, never by a person: not a sentence for the catalogue.
  // eslint-disable-next-line no-restricted-syntax
  'security.msgSecCheck': () => cloud.openapi.security.msgSecCheck({ openid: PROBE_OPENID, scene: 1, version: 2, content: '上线检查' }),
  // No image URL: refused as an invalid argument, so nothing is fetched and no verdict is pushed later.
  'security.mediaCheckAsync': () => cloud.openapi.security.mediaCheckAsync({ openid: PROBE_OPENID, mediaUrl: '', mediaType: 2, version: 2, scene: 1 }),
  'subscribeMessage.send': () => cloud.openapi.subscribeMessage.send({ touser: PROBE_OPENID, templateId: '', page: '', data: {}, miniprogramState: 'formal' }),
  // No phone: refused as an invalid argument, so nothing is sent and no SMS is counted.
  'cloudbase.sendSmsV2': () => cloud.openapi.cloudbase.sendSmsV2({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string, phoneNumberList: [], templateId: '', templateParamList: [], smsType: 'Notification' }),
};

/**
 * The doctor's live check of 云调用 permissions (issue 26): a function given `{ probe: 'openapi' }`
 * calls every API its config.json declares once and writes nothing. Only a call without a WeChat user
 * — the doctor's or the deploy's, with the environment's keys — may ask; for anyone else (and for
 * every other event) this answers null and the function goes on as usual.
 */
export async function openApiProbe(event: unknown, fn: string, declared: readonly string[]): Promise<OpenApiProbe | null> {
  if ((event as { probe?: unknown } | null)?.probe !== 'openapi' || callerOpenid() !== '') return null;
  const results = await Promise.all(
    declared.map(async (api) => {
      const probe = PROBES[api];
      if (!probe) return { api, errCode: null };
      try {
        await probe();
        return { api, errCode: 0 };
      } catch (e) {
        // wx-server-sdk's errors carry a code (-1 when it has none of its own).
        return { api, errCode: openApiErrorCode(e) ?? -1 };
      }
    }),
  );
  return { function: fn, results };
}
