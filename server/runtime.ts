// The real outside world of a cloud function: both SDKs initialised for the current environment
// (production, or CloudBase Local through environment variables), WeChat's open APIs, the clock.
import tcb from '@cloudbase/node-sdk';
import cloud from 'wx-server-sdk';
import type { SchedulerDeps } from './scheduler';

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
    checkMedia: async ({ openid, mediaUrl, scene }) => {
      const res = (await cloud.openapi.security.mediaCheckAsync({ openid, mediaUrl, mediaType: 2, version: 2, scene })) as { traceId?: string };
      if (!res.traceId) throw new Error('mediaCheckAsync answered no trace id');
      return res.traceId;
    },
    // A WeCom group robot URL in the function's environment, set in the console; none by default.
    notifyStaffGroup: process.env.STAFF_GROUP_WEBHOOK
      ? async (content) => {
          await fetch(process.env.STAFF_GROUP_WEBHOOK!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'text', text: { content } }) });
        }
      : null,
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
