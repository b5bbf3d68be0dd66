// The custom privacy popup `__usePrivacyCheck__` requires (wechat-platform.md): WeChat asks before a
// guarded API (choosing photos or a file, copying to the clipboard) runs; the user agrees or refuses
// here. WeChat's question reaches this popup through the app's one listener (services/privacy.ts),
// which asks the popup of the page on screen: the popup registers with its page while attached, so
// every page that reaches a guarded API carries one (scripts/privacy-guide.js checks). A refusal fails
// that one call, and the page says what still works.
import { attachPrompt, detachPrompt, type PrivacyPrompt, type PrivacyResolve } from '../../services/privacy';

type Self = { resolve: PrivacyResolve | null; prompt: PrivacyPrompt | null; page: object | null };

Component({
  properties: {
    /** Why this page asks: what it uses, in the words of config/privacy-declarations.json's purposes. */
    purpose: { type: String, value: '为了受理和处理投诉，我们需要使用您选择的照片和您填写的联系电话。' },
    /** What still works without agreeing, shown in the popup. */
    fallback: { type: String, value: '不同意时，您仍可以文字方式投诉。' },
  },
  data: { show: false },
  lifetimes: {
    attached() {
      const self = this as unknown as Self;
      // The popup sits directly in a page's WXML, so its owner is that page.
      self.page = this.selectOwnerComponent() as unknown as object;
      self.prompt = {
        ask: (resolve) => {
          self.resolve = resolve;
          this.setData({ show: true });
        },
      };
      attachPrompt(self.page, self.prompt);
    },
    detached() {
      const self = this as unknown as Self;
      if (self.page && self.prompt) detachPrompt(self.page, self.prompt);
      // A question still open when the page goes must not hang the guarded call.
      self.resolve?.({ event: 'disagree' });
      self.resolve = null;
    },
  },
  methods: {
    answer(event: 'agree' | 'disagree') {
      const self = this as unknown as Self;
      // WeChat checks that an agreement came from the button with open-type="agreePrivacyAuthorization".
      self.resolve?.(event === 'agree' ? { event, buttonId: 'agree-privacy' } : { event });
      self.resolve = null;
      this.setData({ show: false });
      this.triggerEvent(event);
    },
    onAgree() {
      this.answer('agree');
    },
    onDisagree() {
      this.answer('disagree');
    },
    onOpenContract() {
      wx.openPrivacyContract({});
    },
  },
});
