// The month a manager's page shows (管理看板, 集团看板): `offset` months before this one, stepped back and
// forward by the page's arrows (never past this month), and reloaded on pull-down. The page brings `load`.
export const monthSteps = Behavior({
  data: { offset: 0 },
  methods: {
    async onPullDownRefresh() {
      await (this as unknown as { load(): Promise<void> }).load();
      wx.stopPullDownRefresh();
    },
    onPrevious() {
      this.setData({ offset: this.data.offset + 1 });
      (this as unknown as { load(): Promise<void> }).load();
    },
    onNext() {
      if (this.data.offset === 0) return;
      this.setData({ offset: this.data.offset - 1 });
      (this as unknown as { load(): Promise<void> }).load();
    },
  },
});
