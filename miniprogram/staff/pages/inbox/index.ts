// 工作台: the staff inboxes (seed 003 (5)) — 待受理 / 待我处理 / 即将超时 / 已超时 / 待审批 / 待回访 —
// with counts, deadline colours on every card, pull-down refresh and keyset pages appended by path keys.
import type { InboxView } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { me } from '../../../services/session';
import { firstCards, loadMore, type CardView } from '../../../utils/cards';

const VIEWS: Array<{ name: InboxView; title: string }> = [
  { name: 'to_triage', title: '待受理' },
  { name: 'mine', title: '待我处理' },
  { name: 'due_soon', title: '即将超时' },
  { name: 'overdue', title: '已超时' },
  { name: 'awaiting_approval', title: '待审批' },
  { name: 'awaiting_callback', title: '待回访' },
];
const PAGE = 20;

Component({
  data: {
    views: VIEWS.map((v) => ({ ...v, count: 0 })),
    view: 'to_triage' as InboxView,
    state: 'loading',
    message: '',
    items: [] as CardView[],
    next: null as string | null,
    loadingMore: false,
    unread: 0,
  },
  methods: {
    onLoad(query: { view?: InboxView }) {
      if (query.view && VIEWS.some((v) => v.name === query.view)) this.setData({ view: query.view });
    },
    onShow() {
      this.reload();
    },
    onView(e: { detail: { name: InboxView } }) {
      this.setData({ view: e.detail.name });
      this.reload();
    },
    async reload() {
      this.setData({ state: 'loading', items: [], next: null });
      try {
        const [counts, page, account] = await Promise.all([call('inbox.counts', {}), call('inbox.list', { view: this.data.view, limit: PAGE }), me()]);
        const countUpdates: Record<string, number> = {};
        VIEWS.forEach((v, i) => (countUpdates[`views[${i}].count`] = counts[v.name]));
        this.setData({ ...countUpdates, unread: account.unreadAlerts, ...firstCards(page, '这里没有待办') });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onPullDownRefresh() {
      await this.reload();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return loadMore(this, (cursor) => call('inbox.list', { view: this.data.view, limit: PAGE, cursor }));
    },
    onOpen(e: { detail: { id: string } }) {
      wx.navigateTo({ url: `/staff/pages/task/index?id=${e.detail.id}` });
    },
    onRecord() {
      wx.navigateTo({ url: '/staff/pages/record/index' });
    },
    onAlerts() {
      wx.navigateTo({ url: '/staff/pages/alerts/index' });
    },
  },
});
