// 设置 (administrators and the general manager): the company policy — time targets, category →
// department routing, holiday and make-up workday overrides — the duty roster, and staff invitations,
// each section a component (manager/components/). The policy is edited as a whole here and saved
// through admin.policy.set, which validates it; roster and invitations stand alone.
import type { Policy } from '../../../../domain/policy';
import { call, messageOf } from '../../../services/api';
import { isAdmin, me } from '../../../services/session';
import { instanceState } from '../../../utils/instance';
import { URGENCY_LABELS } from '../../../utils/labels';
import type { OverrideView } from '../../components/policy-holidays/index';
import type { RouteView } from '../../components/policy-routing/index';
import type { TargetView } from '../../components/policy-targets/index';

type Unit = Policy['resolution']['ordinary']['unit'];
type Override = Policy['calendar']['overrides'][number];
const UNIT_LABELS: Record<Unit, string> = { working_minutes: '工作分钟', working_hours: '工作小时', working_days: '工作日', minutes: '分钟', hours: '小时', days: '天' };

/** The policy being edited, kept off the view: only the fields on screen go through setData. */
const page = instanceState(() => ({ policy: null as Policy | null }));

/** The durations a manager edits, where they live in the policy. */
function targets(p: Policy): TargetView[] {
  const urgencies = (['urgent', 'important', 'normal'] as const).map((u) => ({ key: u, label: `${URGENCY_LABELS[u]} · 首次响应`, duration: p.urgencies[u].firstResponse }));
  const resolution = (['ordinary', 'special'] as const).map((c) => ({ key: c, label: `${c === 'ordinary' ? '一般问题' : '特殊问题'} · 办结`, duration: p.resolution[c] }));
  return [...urgencies, ...resolution].map((t) => ({ key: t.key, label: t.label, amount: String(t.duration.amount), unit: UNIT_LABELS[t.duration.unit] }));
}

function overrideView(p: Policy): OverrideView[] {
  return p.calendar.overrides.map((o) => ({ date: o.date, text: `${o.kind === 'holiday' ? '放假' : '调休上班'}${o.name ? ` · ${o.name}` : ''}` }));
}

Component({
  data: {
    state: 'loading',
    message: '',
    busy: false,
    error: '',
    gaps: '',
    communityId: '',
    communityName: '',
    departments: [] as Array<{ code: string; label: string }>,
    staff: [] as Array<{ id: string; name: string }>,
    targets: [] as TargetView[],
    desk: { name: '', phone: '' },
    routes: [] as RouteView[],
    overrides: [] as OverrideView[],
  },
  methods: {
    async onLoad() {
      try {
        const m = await me();
        if (!isAdmin(m)) return void this.setData({ state: 'error', message: '仅管理员和总经理可修改设置' });
        const communityId = m.communities[0]?.id ?? '';
        const [p, list] = await Promise.all([call('admin.policy.get', {}), call('staff.list', { communityId })]);
        this.showPolicy(p.policy, p.calendarGaps);
        // The sections render with state 'ready': what they need comes in the same update.
        this.setData({ state: 'ready', communityId, communityName: m.communities[0]?.name ?? '', departments: m.departments, staff: list.items.map((s) => ({ id: s.id, name: s.name })) });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    showPolicy(p: Policy, gaps: number[]) {
      page(this).policy = p;
      const label = Object.fromEntries(p.departments.map((d) => [d.code, d.label]));
      this.setData({
        gaps: gaps.join('、'),
        targets: targets(p),
        desk: { ...p.serviceDesk },
        routes: p.categories.map((c) => ({ code: c.code, label: c.label, departmentLabel: label[c.department] ?? c.department })),
        overrides: overrideView(p),
      });
    },

    onTarget(e: WechatMiniprogram.CustomEvent<{ index: number; amount: string }>) {
      this.setData({ [`targets[${e.detail.index}].amount`]: e.detail.amount });
    },
    onDesk(e: WechatMiniprogram.CustomEvent<{ key: 'name' | 'phone'; value: string }>) {
      this.setData({ [`desk.${e.detail.key}`]: e.detail.value.trim() });
    },
    onRoute(e: WechatMiniprogram.CustomEvent<{ index: number; department: string }>) {
      const { policy } = page(this);
      const category = policy?.categories[e.detail.index];
      if (category) category.department = e.detail.department;
    },
    onAddOverride(e: WechatMiniprogram.CustomEvent<Override>) {
      const { policy } = page(this);
      if (!policy) return;
      // One override per date: a new one for a date replaces the old.
      const others = policy.calendar.overrides.filter((o) => o.date !== e.detail.date);
      policy.calendar.overrides = [...others, e.detail].sort((a, b) => (a.date < b.date ? -1 : 1));
      this.setData({ overrides: overrideView(policy), error: '' });
    },
    async onSavePolicy() {
      const { policy } = page(this);
      if (!policy) return;
      const amounts = Object.fromEntries(this.data.targets.map((t) => [t.key, Number(t.amount)]));
      if (Object.values(amounts).some((n) => !Number.isFinite(n) || n <= 0)) return void this.setData({ error: '时限必须是大于 0 的数字' });
      for (const u of ['urgent', 'important', 'normal'] as const) policy.urgencies[u].firstResponse.amount = amounts[u]!;
      for (const c of ['ordinary', 'special'] as const) policy.resolution[c].amount = amounts[c]!;
      // The server checks the phone's form and says which field is wrong.
      policy.serviceDesk = { name: this.data.desk.name || '客服中心', phone: this.data.desk.phone };
      this.setData({ busy: true, error: '' });
      try {
        const saved = await call('admin.policy.set', { policy });
        this.showPolicy(saved.policy, saved.calendarGaps);
        wx.showToast({ title: '已保存，立即生效', icon: 'none' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    /** Every section reports here, so the page keeps one error line under them all, as before. */
    onSectionError(e: WechatMiniprogram.CustomEvent<{ message: string }>) {
      this.setData({ error: e.detail.message });
    },
  },
});
