// 小区公告: the notices for the owner's buildings that have not ended yet (seed 002 沟通方式 通知单、
// 公告栏), soonest ending first. Opening the list clears the 首页 marker; a tap asks WeChat for the
// notice message, so the next one also arrives by subscription message.
import { call, messageOf } from '../../services/api';
import { me } from '../../services/session';
import { ask } from '../../services/subscriptions';
import { noticeView, type NoticeView } from '../../utils/notices';

const PAGE = 20;

Component({
  data: {
    state: 'loading',
    message: '',
    items: [] as NoticeView[],
    next: null as string | null,
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      try {
        const r = await call('notice.list', { markSeen: true, limit: PAGE });
        this.setData({ state: r.items.length ? 'ready' : 'empty', message: '目前没有生效中的公告', items: r.items.map((n) => noticeView(n)), next: r.next });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onMore() {
      if (!this.data.next) return;
      try {
        const r = await call('notice.list', { limit: PAGE, cursor: this.data.next });
        this.setData({ items: [...this.data.items, ...r.items.map((n) => noticeView(n))], next: r.next });
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
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
