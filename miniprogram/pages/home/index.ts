// 首页: file a complaint in one tap; an owner's open complaints at a glance; staff find their work.
import { call, messageOf } from '../../services/api';
import { deskOf, homeLabel, isAdmin, isCompany, isManager, me } from '../../services/session';
import { ask } from '../../services/subscriptions';
import { cardView } from '../../utils/cards';
import { noticeView, type NoticeView } from '../../utils/notices';

Component({
  data: {
    state: 'loading',
    message: '',
    greeting: '您好',
    where: '',
    owner: false,
    staff: false,
    manager: false,
    admin: false,
    company: false,
    visitor: false,
    open: [] as ReturnType<typeof cardView>[],
    /** Resolved and not yet rated (complaint.mine's `resolved` group): the rating decides whether it closes. */
    toRate: [] as ReturnType<typeof cardView>[],
    /** 满意度调查 waiting for this household, and results published to the owners (seed 002 要求(5)). */
    surveys: [] as Array<{ id: string; title: string; label: string; url: string }>,
    /** The owner's current notices (seed 002 公告栏), the first few; `unread`: new since they last opened the list. */
    notices: [] as NoticeView[],
    unread: 0,
    /** The owner's 客服中心, tap to call (seed 000 §(一) 联系方式); empty until the company set one. */
    desk: { name: '', phone: '', hours: '' },
    /** The survey template's id, known before the tap that asks for it (the prompt opens inside the tap). */
    surveyTemplate: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      try {
        const m = await me();
        this.setData({
          greeting: m.name ? `您好，${m.name}` : '您好',
          where: m.kind === 'guest' ? '绑定房屋后即可投诉' : homeLabel(m) || m.communities.map((c) => c.name).join('、'),
          owner: m.kind === 'owner',
          staff: m.kind === 'staff',
          manager: isManager(m),
          admin: isAdmin(m),
          company: isCompany(m),
          visitor: m.actions.includes('visit.record'),
          desk: (m.kind === 'owner' && deskOf(m)) || { name: '', phone: '', hours: '' },
          surveyTemplate: m.templates.survey,
        });
        if (m.kind !== 'owner') return this.setData({ state: 'ready' });
        const [{ items }, resolved, surveys, notices] = await Promise.all([
          call('complaint.mine', { status: 'open', limit: 5 }),
          call('complaint.mine', { status: 'resolved', limit: 5 }),
          call('survey.mine', {}),
          call('notice.list', { limit: 3 }),
        ]);
        this.setData({
          state: 'ready',
          open: items.map((c) => cardView(c)),
          toRate: resolved.items.map((c) => cardView(c)),
          surveys: [
            ...surveys.open.map((s) => ({ id: s.id, title: s.title, label: `请在 ${s.closesOn} 前填写，每户一份`, url: `/pages/survey/index?id=${s.id}` })),
            ...surveys.published.map((s) => ({ id: s.id, title: `${s.title} 结果`, label: '调查结果已公布', url: `/pages/survey/index?id=${s.id}&results=1` })),
          ],
          notices: notices.items.map((n) => noticeView(n)),
          unread: notices.unread,
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onFile() {
      const m = await me().catch(() => null);
      wx.navigateTo({ url: m?.kind === 'guest' ? '/pages/bind/index' : m?.kind === 'staff' ? '/staff/pages/record/index' : '/pages/new/index' });
    },
    onCallDesk() {
      wx.makePhoneCall({ phoneNumber: this.data.desk.phone });
    },
    onNotices() {
      wx.navigateTo({ url: '/pages/notices/index' });
    },
    /** 满意度调查邀请: one credit for the next survey's message (seed 002 要求(11)); the card shows it anyway. */
    async onSurveySubscribe() {
      const template = this.data.surveyTemplate;
      if (!template) return;
      const granted = await ask([template]);
      wx.showToast({ title: granted?.[template] ? '下一次满意度调查会通过微信通知您' : '未订阅，调查开始时仍会显示在首页', icon: 'none' });
    },
    onSuggest() {
      wx.navigateTo({ url: '/pages/suggestions/index' });
    },
    onOpen(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      wx.navigateTo({ url: `/pages/detail/index?id=${e.detail.id}` });
    },
    /** 去评价: the rating is on the complaint's detail, under its result. */
    onRate(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/pages/detail/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
