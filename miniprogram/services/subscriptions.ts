// One-time subscription messages (wechat-platform.md): WeChat shows the prompt only inside a tap, so
// callers invoke `ask` first thing in their tap handler, before any await. Every 'accept' is one
// message the server may send; the server keeps the ledger (subscription.record).
import { call } from './api';

/** Ask for up to three templates; record what was accepted. Refusing or failing is not an error. */
export function ask(templateIds: string[]): Promise<Record<string, number> | null> {
  const prompt = wx.requestSubscribeMessage({ tmplIds: templateIds.slice(0, 3) } as WechatMiniprogram.RequestSubscribeMessageOption);
  return prompt.then(
    async (answer) => {
      const results: Record<string, string> = {};
      for (const id of templateIds) {
        const r = (answer as unknown as Record<string, string>)[id];
        if (r) results[id] = r;
      }
      return call('subscription.record', { results: results as Record<string, 'accept' | 'reject' | 'ban' | 'filter'> }).catch(() => null);
    },
    () => null,
  );
}
