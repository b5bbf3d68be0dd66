// 公告与意见建议 for staff: the community's current notices with 发布公告, and the owners' suggestions
// by status (seed 002 §3, 职责), each opening to answer it or turn it into a complaint.
import { call, messageOf } from '../../../services/api';
import { me } from '../../../services/session';
import { noticeView, suggestionItem, type NoticeView, type SuggestionItem } from '../../../utils/notices';

type Status = 'open' | 'answered' | 'converted' | 'all';
const tabs = [
  { name: 'open', title: '待答复' },
  { name: 'answered', title: '已答复' },
  { name: 'converted', title: '已转投诉' },
  { name: 'all', title: '全部' },
];

Component({
  data: {
    state: 'loading',
    message: '',
    tabs,
    tab: 'open' as Status,
    communityId: '',
    canPublish: false,
    notices: [] as NoticeView[],
    items: [] as SuggestionItem[],
    next: null as string | null,
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      try {
        const m = await me();
        const communityId = this.data.communityId || m.communities[0]?.id || '';
        const [notices, suggestions] = await Promise.all([call('notice.list', { communityId, limit: 20 }), call('suggestion.list', { communityId, status: this.data.tab, limit: 20 })]);
        this.setData({
          state: 'ready',
          communityId,
          canPublish: m.actions.includes('notice.publish'),
          notices: notices.items.map((n) => noticeView(n)),
          items: suggestions.items.map(suggestionItem),
          next: suggestions.next,
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onTab(e: { detail: { name: Status } }) {
      this.setData({ tab: e.detail.name });
      this.load();
    },
    async onMore() {
      if (!this.data.next) return;
      try {
        const r = await call('suggestion.list', { communityId: this.data.communityId, status: this.data.tab, limit: 20, cursor: this.data.next });
        this.setData({ items: [...this.data.items, ...r.items.map(suggestionItem)], next: r.next });
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onPublish() {
      wx.navigateTo({ url: '/staff/pages/notice/index' });
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/suggestion/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
