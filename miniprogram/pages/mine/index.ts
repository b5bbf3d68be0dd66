// 我的投诉: status tabs over the owner's complaints, a paged list (mixins/paged-list.ts: pull-down
// refresh, keyset pages of complaint.mine appended at the bottom).
import { pagedList } from '../../mixins/paged-list';
import { call } from '../../services/api';

type Tab = 'all' | 'open' | 'resolved' | 'closed';
const PAGE = 10;

const tabs = [
  { name: 'all', title: '全部' },
  { name: 'open', title: '处理中' },
  { name: 'resolved', title: '待评价' },
  { name: 'closed', title: '已办结' },
];

const list = pagedList<{ tab: Tab }>({
  emptyMessage: '还没有投诉记录',
  first: async ({ tab }) => ({ page: await call('complaint.mine', { status: tab, limit: PAGE }) }),
  next: ({ tab }, cursor) => call('complaint.mine', { status: tab, limit: PAGE, cursor }),
});

Component({
  behaviors: [list],
  data: {
    tabs,
    tab: 'all' as Tab,
  },
  methods: {
    onShow() {
      this.reload();
    },
    onTab(e: { detail: { name: Tab } }) {
      this.setData({ tab: e.detail.name });
      this.reload();
    },
    onOpen(e: { detail: { id: string } }) {
      wx.navigateTo({ url: `/pages/detail/index?id=${e.detail.id}` });
    },
  },
});
