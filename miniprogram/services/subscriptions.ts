// One-time subscription messages (wechat-platform.md): WeChat shows the prompt only inside a tap, so
// callers invoke `ask` first thing in their tap handler, before any await. Every 'accept' is one
// message the server may send; the server keeps the ledger (subscription.record).
import { call } from './api';
import { knownMe } from './session';

/**
 * Staff's taps that already happen — 打开工单, 接单, 提交 — each ask for one more 工单任务提醒 (the
 * template staff alerts need most, issue 27.4): a duty supervisor keeps credit without visiting a
 * top-up page. Whoever ticks 「总是保持以上选择」 is not prompted again and every tap adds a credit.
 * Nothing is asked when the account is not known yet (the prompt must open before any await).
 */
export function askForTaskAlerts(): void {
  const m = knownMe();
  if (m?.kind !== 'staff' || !m.templates.task) return;
  void ask([m.templates.task]);
}

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
