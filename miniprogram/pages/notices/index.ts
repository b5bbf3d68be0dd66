// 小区公告: the notices for the owner's buildings that have not ended yet (seed 002 沟通方式 通知单、
// 公告栏), soonest ending first. Opening the list clears the 首页 marker; a tap asks WeChat for the
// notice message, so the next one also arrives by subscription message.
import { keysetList } from '../../mixins/keyset-list';
import { call } from '../../services/api';
import { me } from '../../services/session';
import { ask } from '../../services/subscriptions';
import { noticeView, type NoticeView } from '../../utils/notices';

const PAGE = 20;

const list = keysetList<object, NoticeView>({
  emptyMessage: '目前没有生效中的公告',
  first: async () => {
    const r = await call('notice.list', { markSeen: true, limit: PAGE });
    return { items: r.items.map((n) => noticeView(n)), next: r.next };
  },
  next: async (_data, cursor) => {
    const r = await call('notice.list', { limit: PAGE, cursor });
    return { items: r.items.map((n) => noticeView(n)), next: r.next };
  },
});

Component({
  behaviors: [list],
  methods: {
    onShow() {
      this.load();
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/pages/notice/index?id=${e.currentTarget.dataset.id}` });
    },
    /** The prompt must open inside the tap, before anything is awaited. */
    async onSubscribe() {
      const account = await me().catch(() => null);
      if (!account) return;
      const granted = await ask([account.templates.notice]);
      wx.showToast({ title: granted?.[account.templates.notice] ? '下一条公告会通过微信通知您' : '未订阅，您仍可在这里查看公告', icon: 'none' });
    },
  },
});
