// The custom privacy popup `__usePrivacyCheck__` requires (wechat-platform.md): WeChat asks before a
// guarded API (choosing photos) runs; the owner agrees or refuses here. A refusal is remembered by
// WeChat for that call only, and the page degrades: the complaint can still be filed as text.
type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

Component({
  data: { show: false },
  lifetimes: {
    attached() {
      // One listener per page that holds the popup; the latest page to attach wins, which is the visible one.
      const listener = (resolve: Resolve) => {
        (this as unknown as { resolve: Resolve | null }).resolve = resolve;
        this.setData({ show: true });
      };
      // The typings give the listener a result object; WeChat passes the resolve function.
      wx.onNeedPrivacyAuthorization(listener as unknown as WechatMiniprogram.OnNeedPrivacyAuthorizationCallback);
    },
  },
  methods: {
    answer(event: 'agree' | 'disagree') {
      const self = this as unknown as { resolve: Resolve | null };
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
