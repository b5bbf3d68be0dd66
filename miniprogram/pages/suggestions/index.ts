// 我的意见建议: what the owner suggested (seed 002 §3) and the office's reply, or the complaint it
// became with the explanation (seed 002 要求 (13)); 提意见建议 opens the form.
import { call, messageOf } from '../../services/api';
import { suggestionItem, type SuggestionItem } from '../../utils/notices';

const PAGE = 10;

Component({
  data: {
    state: 'loading',
    message: '',
    items: [] as SuggestionItem[],
    next: null as string | null,
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      try {
        const r = await call('suggestion.mine', { limit: PAGE });
        this.setData({ state: r.items.length ? 'ready' : 'empty', message: '还没有提过意见建议', items: r.items.map(suggestionItem), next: r.next });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onMore() {
      if (!this.data.next) return;
      try {
        const r = await call('suggestion.mine', { limit: PAGE, cursor: this.data.next });
        this.setData({ items: [...this.data.items, ...r.items.map(suggestionItem)], next: r.next });
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onNew() {
      wx.navigateTo({ url: '/pages/suggestion/index' });
    },
    onComplaint(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/pages/detail/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
