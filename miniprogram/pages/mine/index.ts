// 我的投诉: status tabs over the owner's complaints, a paged list (mixins/paged-list.ts: pull-down
// refresh, keyset pages of complaint.mine appended at the bottom).
import { pagedList } from '../../mixins/paged-list';
import { call } from '../../services/api';
import { STATE_LABELS } from '../../utils/labels';

type Tab = 'all' | 'open' | 'resolved' | 'closed';
const PAGE = 10;

// A tab holding several states is not named after one of them (处理中 would hold 已提交，待受理; 已办结
// would hold 已撤回 and 不成立); the one holding a single state uses its word (STATE_LABELS).
const tabs = [
  { name: 'all', title: '全部' },
  { name: 'open', title: '进行中' },
  { name: 'resolved', title: STATE_LABELS.resolved },
  { name: 'closed', title: '已结束' },
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
