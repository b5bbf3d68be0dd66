// 工作台: the staff inboxes (seed 003 (5)) — 待受理 / 待我处理 / 即将超时 / 已超时 / 待审批 / 待答复 / 待回访 —
// with counts, deadline colours on every card, and a paged list (mixins/paged-list.ts: pull-down
// refresh, keyset pages appended at the bottom).
import type { InboxView } from '../../../../typings/api';
import { pagedList } from '../../../mixins/paged-list';
import { call } from '../../../services/api';
import { me } from '../../../services/session';
import { askForTaskAlerts } from '../../../services/subscriptions';

const VIEWS: Array<{ name: InboxView; title: string }> = [
  { name: 'to_triage', title: '待受理' },
  { name: 'mine', title: '待我处理' },
  { name: 'due_soon', title: '即将超时' },
  { name: 'overdue', title: '已超时' },
  { name: 'awaiting_approval', title: '待审批' },
  { name: 'awaiting_reply', title: '待答复' },
  { name: 'awaiting_callback', title: '待回访' },
];
const PAGE = 20;

const list = pagedList<{ view: InboxView }>({
  emptyMessage: '这里没有待办',
  // The counts and the alert banner come with the first page, so a refresh updates them together.
  async first({ view }) {
    const [counts, page, account] = await Promise.all([call('inbox.counts', {}), call('inbox.list', { view, limit: PAGE }), me()]);
    const also: Record<string, number> = { unread: account.unreadAlerts };
    VIEWS.forEach((v, i) => (also[`views[${i}].count`] = counts[v.name]));
    return { page, also };
  },
  next: ({ view }, cursor) => call('inbox.list', { view, limit: PAGE, cursor }),
});

Component({
  behaviors: [list],
  data: {
    views: VIEWS.map((v) => ({ ...v, count: 0 })),
    view: 'to_triage' as InboxView,
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
    onOpen(e: { detail: { id: string } }) {
      // 打开工单: one more task-alert credit, asked inside the tap (issue 27.4).
      askForTaskAlerts();
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
