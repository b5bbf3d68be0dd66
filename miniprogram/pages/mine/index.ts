// 我的投诉: status tabs, pull-down refresh and infinite scroll (keyset pages of complaint.mine).
// New pages are appended by path keys, so scrolling sends only the new cards.
import { call, messageOf } from '../../services/api';
import { firstCards, loadMore, type CardView } from '../../utils/cards';

type Tab = 'all' | 'open' | 'resolved' | 'closed';
const PAGE = 10;

Component({
  data: {
    tabs: [
      { name: 'all', title: '全部' },
      { name: 'open', title: '处理中' },
      { name: 'resolved', title: '待评价' },
      { name: 'closed', title: '已办结' },
    ],
    tab: 'all' as Tab,
    state: 'loading',
    message: '',
    items: [] as CardView[],
    next: null as string | null,
    loadingMore: false,
  },
  methods: {
    onShow() {
      this.reload();
    },
    onTab(e: { detail: { name: Tab } }) {
      this.setData({ tab: e.detail.name });
      this.reload();
    },
    async reload() {
      this.setData({ state: 'loading', items: [], next: null });
      try {
        const page = await call('complaint.mine', { status: this.data.tab, limit: PAGE });
        this.setData(firstCards(page, '还没有投诉记录'));
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onPullDownRefresh() {
      await this.reload();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return loadMore(this, (before) => call('complaint.mine', { status: this.data.tab, limit: PAGE, before }));
    },
    onOpen(e: { detail: { id: string } }) {
      wx.navigateTo({ url: `/pages/detail/index?id=${e.detail.id}` });
    },
  },
});
