// 公告与意见建议 for staff: the community's current notices with 发布公告, and the owners' suggestions
// by status (seed 002 §3, 职责), each opening to answer it or turn it into a complaint.
import { keysetList } from '../../../mixins/keyset-list';
import { call } from '../../../services/api';
import { me } from '../../../services/session';
import { noticeView, suggestionItem, type SuggestionItem } from '../../../utils/notices';

type Status = 'open' | 'answered' | 'converted' | 'all';
const tabs = [
  { name: 'open', title: '待答复' },
  { name: 'answered', title: '已答复' },
  { name: 'converted', title: '已转投诉' },
  { name: 'all', title: '全部' },
];
const PAGE = 20;

type Data = { tab: Status; communityId: string };

const list = keysetList<Data, SuggestionItem>({
  // The page also shows the notices and 发布公告: an empty inbox says so in the list itself.
  emptyMessage: null,
  first: async ({ tab, communityId: chosen }) => {
    const m = await me();
    const communityId = chosen || m.communities[0]?.id || '';
    const [notices, r] = await Promise.all([call('notice.list', { communityId, limit: 20 }), call('suggestion.list', { communityId, status: tab, limit: PAGE })]);
    return { items: r.items.map(suggestionItem), next: r.next, also: { communityId, canPublish: m.actions.includes('notice.publish'), notices: notices.items.map((n) => noticeView(n)) } };
  },
  next: async ({ tab, communityId }, cursor) => {
    const r = await call('suggestion.list', { communityId, status: tab, limit: PAGE, cursor });
    return { items: r.items.map(suggestionItem), next: r.next };
  },
});

Component({
  behaviors: [list],
  data: {
    tabs,
    tab: 'open' as Status,
    communityId: '',
    canPublish: false,
    notices: [] as ReturnType<typeof noticeView>[],
  },
  methods: {
    onShow() {
      this.load();
    },
    onTab(e: { detail: { name: Status } }) {
      this.setData({ tab: e.detail.name });
      this.load();
    },
    onPublish() {
      wx.navigateTo({ url: '/staff/pages/notice/index' });
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/suggestion/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
