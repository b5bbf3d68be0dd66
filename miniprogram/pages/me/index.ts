// 我的: the bound room, notification settings (the subscription credits left, and a tap to add more),
// the privacy guide, entries for staff, and — in local mode — which demo user the app acts as.
import { config, DEMO_USERS } from '../../config';
import { call, messageOf } from '../../services/api';
import { forgetMe, fullRoomLabel, isManager, me, type Me } from '../../services/session';
import { ask } from '../../services/subscriptions';
import { localUser, setLocalUser } from '../../services/transport';
import { instanceState } from '../../utils/instance';
import { RELATION_LABELS, ROLE_LABELS } from '../../utils/labels';

const TEMPLATE_TITLES: Record<keyof Me['templates'], string> = { accepted: '受理通知', progress: '进度通知', result: '处理结果通知', task: '工单任务提醒', notice: '小区公告通知', suggestion_reply: '意见建议回复通知', survey: '满意度调查邀请' };

/** Owners hear about their complaints; staff get task alerts. */
function templatesFor(m: Me): Array<keyof Me['templates']> {
  return m.kind === 'staff' ? ['task'] : ['accepted', 'progress', 'result'];
}

/** The account as last loaded, for the subscription prompt (which must open inside the tap). */
const page = instanceState(() => ({ account: null as Me | null }));

Component({
  data: {
    state: 'loading',
    message: '',
    who: { name: '', role: '', guest: true, owner: false, staff: false, manager: false },
    /** The owner's rooms; each opens its household (family, tenants, moving out of that room). */
    rooms: [] as Array<{ id: string; label: string; relation: string }>,
    credits: [] as Array<{ id: string; title: string; left: string }>,
    local: { enabled: config.local.enabled, label: '' },
    picking: false,
    users: DEMO_USERS.map((u) => ({ name: u.label, id: u.openid })),
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      try {
        const m = await me();
        page(this).account = m;
        const credits = m.kind === 'guest' ? {} : await call('subscription.credits', {});
        this.setData({
          state: 'ready',
          who: { name: m.name || '未绑定用户', role: m.role ? ROLE_LABELS[m.role] : '绑定房屋后即可投诉', guest: m.kind === 'guest', owner: m.kind === 'owner', staff: m.kind === 'staff', manager: isManager(m) },
          rooms: m.rooms.map((r) => ({ id: r.id, label: fullRoomLabel(m, r), relation: RELATION_LABELS[r.relation] })),
          credits: templatesFor(m).map((key) => ({ id: m.templates[key], title: TEMPLATE_TITLES[key], left: `剩余 ${credits[m.templates[key]] ?? 0} 次` })),
          'local.label': DEMO_USERS.find((u) => u.openid === localUser())?.label ?? localUser(),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onBind() {
      wx.navigateTo({ url: '/pages/bind/index' });
    },
    async onSubscribe() {
      const { account } = page(this);
      if (!account) return;
      const asked = ask(templatesFor(account).map((key) => account.templates[key]));
      if (await asked) this.load();
    },
    /** Moving out of every room: the account stops being theirs; its complaints stay with the property's records. */
    async onUnbind() {
      const { confirm } = await wx.showModal({ title: '解除绑定', content: '解除后将不能再以该房屋身份投诉或查看投诉进度，已提交的投诉记录由物业保留。确定解除吗？', confirmText: '解除', confirmColor: '#d9001b' });
      if (!confirm) return;
      try {
        await call('owner.unbind', {});
        forgetMe();
        wx.showToast({ title: '已解除绑定', icon: 'success' });
        this.load();
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onPrivacy() {
      wx.openPrivacyContract({});
    },
    onSwitchUser() {
      this.setData({ picking: true });
    },
    onClosePicker() {
      this.setData({ picking: false });
    },
    onPickUser(e: { detail: { id: string } }) {
      setLocalUser(e.detail.id);
      forgetMe();
      this.setData({ picking: false, state: 'loading' });
      this.load();
    },
  },
});
