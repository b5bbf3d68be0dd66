// WeChat's privacy check (`__usePrivacyCheck__`, wechat-platform.md) for the whole app. WeChat keeps
// one `onNeedPrivacyAuthorization` listener — each registration replaces the last — so the app
// registers it once at launch (app.ts) and every request goes to the privacy popup of the page on
// screen, whichever page called the guarded API (choosing photos on 我要投诉 or on a staff task).
// It sits in services/ beside subscriptions.ts: both are the app's dealings with a WeChat prompt.
// It calls no cloud and no network, only wx privacy APIs.

export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' };
export type PrivacyResolve = (answer: PrivacyAnswer) => void;

/** What a page's privacy popup offers: show itself and answer WeChat through `resolve`. */
export interface PrivacyPrompt {
  ask(resolve: PrivacyResolve): void;
}

// A popup leaves itself on its own page rather than in a table here: the page owns the registration,
// it goes away with the page, and the lookup is simply "the page on top of the stack".
const SLOT = '__privacyPrompt';
type Holder = { [SLOT]?: PrivacyPrompt };

export function attachPrompt(page: object, prompt: PrivacyPrompt): void {
  (page as Holder)[SLOT] = prompt;
}

export function detachPrompt(page: object, prompt: PrivacyPrompt): void {
  // Only its own: a page could in principle have re-registered another popup meanwhile.
  if ((page as Holder)[SLOT] === prompt) delete (page as Holder)[SLOT];
}

/** WeChat's request, routed to the popup of the page now shown. */
export function route(resolve: PrivacyResolve): void {
  const pages = getCurrentPages();
  const prompt = (pages[pages.length - 1] as Holder | undefined)?.[SLOT];
  // A page without a popup cannot ask the user: refusing makes the guarded call fail at once
  // (photos.ts reports it as 'privacy') instead of leaving it waiting for an answer that never comes.
  if (prompt) prompt.ask(resolve);
  else resolve({ event: 'disagree' });
}

/**
 * Why WeChat failed a guarded call, if for privacy: the user did not agree to the guide (errno 104,
 * "privacy permission is not authorized"), or the guide does not declare the API's scope (errno 112,
 * "api scope is not declared in the privacy agreement" — config/privacy-declarations.json and its
 * check exist so that never ships). Null for anything else (the user backed out, …).
 */
export type PrivacyRefusal = 'refused' | 'undeclared';

export function privacyRefusal(error: unknown): PrivacyRefusal | null {
  const { errno, errMsg = '' } = (error ?? {}) as { errno?: number; errMsg?: string };
  if (errno === 112 || errMsg.includes('api scope is not declared')) return 'undeclared';
  if (errno === 104 || errMsg.includes('privacy permission is not authorized')) return 'refused';
  return null;
}

/** What the person is told instead of nothing, for the action they tried (`选择文件`, `复制邀请码`). */
export function privacyMessage(refusal: PrivacyRefusal, action: string): string {
  return refusal === 'refused' ? `需要您同意隐私保护指引后才能${action}` : `暂时无法${action}：小程序的隐私保护指引未声明这项功能，请告诉物业`;
}

/** Called once, at launch. */
export function listenForPrivacyChecks(): void {
  // The typings give the listener a result object; WeChat passes the resolve function.
  wx.onNeedPrivacyAuthorization(route as unknown as WechatMiniprogram.OnNeedPrivacyAuthorizationCallback);
}
