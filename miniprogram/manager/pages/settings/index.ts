// 设置 (administrators and the general manager): the company policy — time targets, category →
// department routing, holiday and make-up workday overrides — the duty roster, and staff invitations.
// The policy is edited as a whole and saved through admin.policy.set, which validates it.
import type { Policy } from '../../../../domain/policy';
import { call, messageOf } from '../../../services/api';
import { isAdmin, me } from '../../../services/session';
import { ROLE_LABELS, URGENCY_LABELS } from '../../../utils/labels';
import { formatTime } from '../../../utils/time';

type Unit = Policy['resolution']['ordinary']['unit'];
const UNIT_LABELS: Record<Unit, string> = { working_minutes: '工作分钟', working_hours: '工作小时', working_days: '工作日', minutes: '分钟', hours: '小时', days: '天' };
const DUTY_ROLES = ['security_supervisor', 'duty_manager', 'general_manager'] as const;
const INVITABLE = ['reception', 'handler', 'department_head', 'security_supervisor', 'duty_manager'] as const;

/** The policy being edited, kept off the view: only the fields on screen go through setData. */
let policy: Policy | null = null;
let communityId = '';
let staff: Array<{ id: string; name: string }> = [];
let departments: Array<{ code: string; label: string }> = [];

/** The durations a manager edits, where they live in the policy. */
function targets(p: Policy) {
  const urgencies = (['urgent', 'important', 'normal'] as const).map((u) => ({ key: u, label: `${URGENCY_LABELS[u]} · 首次响应`, duration: p.urgencies[u].firstResponse }));
  const resolution = (['ordinary', 'special'] as const).map((c) => ({ key: c, label: `${c === 'ordinary' ? '一般问题' : '特殊问题'} · 办结`, duration: p.resolution[c] }));
  return [...urgencies, ...resolution].map((t) => ({ key: t.key, label: t.label, amount: String(t.duration.amount), unit: UNIT_LABELS[t.duration.unit] }));
}

function overrideView(p: Policy) {
  return p.calendar.overrides.map((o) => ({ date: o.date, text: `${o.kind === 'holiday' ? '放假' : '调休上班'}${o.name ? ` · ${o.name}` : ''}` }));
}

Component({
  data: {
    state: 'loading',
    message: '',
    busy: false,
    error: '',
    gaps: '',
    communityName: '',
    targets: [] as ReturnType<typeof targets>,
    routes: [] as Array<{ code: string; label: string; departmentLabel: string }>,
    overrides: [] as ReturnType<typeof overrideView>,
    newOverride: { date: '', kind: 'holiday', name: '' },
    shifts: [] as Array<{ key: string; role: string; name: string; when: string }>,
    dutyRoles: DUTY_ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
    newShift: { role: 'security_supervisor', staffId: '', staffName: '', fromDate: '', fromTime: '18:00', toDate: '', toTime: '08:30' },
    staffRoles: INVITABLE.map((value) => ({ value, label: ROLE_LABELS[value] })),
    invite: { role: 'handler', department: '', departmentLabel: '', name: '', phone: '', code: '' },
    sheet: { show: false, purpose: '', title: '', actions: [] as Array<{ name: string; id: string }> },
  },
  methods: {
    async onLoad() {
      try {
        const m = await me();
        if (!isAdmin(m)) return void this.setData({ state: 'error', message: '仅管理员和总经理可修改设置' });
        communityId = m.communities[0]?.id ?? '';
        departments = m.departments;
        const [p, list] = await Promise.all([call('admin.policy.get', {}), call('staff.list', { communityId })]);
        staff = list.items;
        this.showPolicy(p.policy, p.calendarGaps);
        this.setData({ state: 'ready', communityName: m.communities[0]?.name ?? '' });
        await this.loadShifts();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    showPolicy(p: Policy, gaps: number[]) {
      policy = p;
      const label = Object.fromEntries(p.departments.map((d) => [d.code, d.label]));
      this.setData({
        gaps: gaps.join('、'),
        targets: targets(p),
        routes: p.categories.map((c) => ({ code: c.code, label: c.label, departmentLabel: label[c.department] ?? c.department })),
        overrides: overrideView(p),
      });
    },
    async loadShifts() {
      const { items } = await call('admin.roster.list', { communityId });
      const name = Object.fromEntries(staff.map((s) => [s.id, s.name]));
      this.setData({ shifts: items.map((s, i) => ({ key: `${i}-${s.from}`, role: ROLE_LABELS[s.role], name: name[s.staffId] ?? s.staffId, when: `${formatTime(s.from)} ~ ${formatTime(s.to)}` })) });
    },

    onTarget(e: { currentTarget: { dataset: { index: number } }; detail: string }) {
      this.setData({ [`targets[${e.currentTarget.dataset.index}].amount`]: e.detail });
    },
    onRouteOpen(e: { currentTarget: { dataset: { index: number } } }) {
      this.openSheet(`route:${e.currentTarget.dataset.index}`, '责任部门', departments.map((d) => ({ name: d.label, id: d.code })));
    },
    onOverrideDate(e: { detail: { value: string } }) {
      this.setData({ 'newOverride.date': e.detail.value });
    },
    onOverrideKind(e: { detail: string }) {
      this.setData({ 'newOverride.kind': e.detail });
    },
    onOverrideName(e: { detail: string }) {
      this.setData({ 'newOverride.name': e.detail });
    },
    onAddOverride() {
      const { date, kind, name } = this.data.newOverride;
      if (!date || !policy) return void this.setData({ error: '请选择日期' });
      const others = policy.calendar.overrides.filter((o) => o.date !== date);
      policy.calendar.overrides = [...others, { date, kind: kind as 'holiday' | 'workday', ...(name.trim() ? { name: name.trim() } : {}) }].sort((a, b) => (a.date < b.date ? -1 : 1));
      this.setData({ overrides: overrideView(policy), newOverride: { date: '', kind: 'holiday', name: '' }, error: '' });
    },
    async onSavePolicy() {
      if (!policy) return;
      const amounts = Object.fromEntries(this.data.targets.map((t) => [t.key, Number(t.amount)]));
      if (Object.values(amounts).some((n) => !Number.isFinite(n) || n <= 0)) return void this.setData({ error: '时限必须是大于 0 的数字' });
      for (const u of ['urgent', 'important', 'normal'] as const) policy.urgencies[u].firstResponse.amount = amounts[u]!;
      for (const c of ['ordinary', 'special'] as const) policy.resolution[c].amount = amounts[c]!;
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

    onShiftRole(e: { detail: string }) {
      this.setData({ 'newShift.role': e.detail });
    },
    onShiftStaffOpen() {
      this.openSheet('shift', '值班人', staff.map((s) => ({ name: s.name, id: s.id })));
    },
    onShiftTime(e: { currentTarget: { dataset: { key: string } }; detail: { value: string } }) {
      this.setData({ [`newShift.${e.currentTarget.dataset.key}`]: e.detail.value });
    },
    async onAddShift() {
      const s = this.data.newShift;
      if (!s.staffId || !s.fromDate || !s.toDate) return void this.setData({ error: '请选择值班人和起止日期' });
      try {
        await call('admin.roster.add', { communityId, shifts: [{ role: s.role as (typeof DUTY_ROLES)[number], staffId: s.staffId, from: `${s.fromDate}T${s.fromTime}:00+08:00`, to: `${s.toDate}T${s.toTime}:00+08:00` }] });
        this.setData({ error: '' });
        await this.loadShifts();
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },

    onInviteRole(e: { detail: string }) {
      this.setData({ 'invite.role': e.detail });
    },
    onInviteDepartmentOpen() {
      this.openSheet('invite', '部门', departments.map((d) => ({ name: d.label, id: d.code })));
    },
    onInviteName(e: { detail: string }) {
      this.setData({ 'invite.name': e.detail });
    },
    onInvitePhone(e: { detail: string }) {
      this.setData({ 'invite.phone': e.detail });
    },
    async onInvite() {
      const i = this.data.invite;
      if (!i.department || !i.name.trim() || !/^1\d{10}$/.test(i.phone)) return void this.setData({ error: '请选择部门并填写姓名和 11 位手机号' });
      try {
        const { code } = await call('admin.invite', { role: i.role as (typeof INVITABLE)[number], communityIds: [communityId], department: i.department, name: i.name.trim(), phone: i.phone });
        this.setData({ 'invite.code': code, error: '' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },

    openSheet(purpose: string, title: string, actions: Array<{ name: string; id: string }>) {
      this.setData({ sheet: { show: true, purpose, title, actions } });
    },
    onSheetClose() {
      this.setData({ 'sheet.show': false });
    },
    onSheetPick(e: { detail: { name: string; id: string } }) {
      const purpose = this.data.sheet.purpose;
      if (purpose.startsWith('route:') && policy) {
        const index = Number(purpose.slice('route:'.length));
        policy.categories[index]!.department = e.detail.id;
        this.setData({ [`routes[${index}].departmentLabel`]: e.detail.name });
      } else if (purpose === 'shift') this.setData({ 'newShift.staffId': e.detail.id, 'newShift.staffName': e.detail.name });
      else if (purpose === 'invite') this.setData({ 'invite.department': e.detail.id, 'invite.departmentLabel': e.detail.name });
      this.onSheetClose();
    },
  },
});
