// 设置 (administrators and the general manager): the company policy — time targets, category →
// department routing, holiday and make-up workday overrides — the duty roster, and staff invitations,
// each section a component (manager/components/). The policy is edited as a whole here and saved
// through admin.policy.set, which validates it; roster and invitations stand alone.
import type { Duration, EndOfWorkingDay, Policy } from '../../../../domain/policy';
import { call, messageOf } from '../../../services/api';
import { isAdmin, me } from '../../../services/session';
import { instanceState } from '../../../utils/instance';
import { UNIT_LABELS, URGENCY_LABELS } from '../../../utils/labels';
import type { OverrideView } from '../../components/policy-holidays/index';
import type { RouteView } from '../../components/policy-routing/index';
import type { TargetView } from '../../components/policy-targets/index';

type Override = Policy['calendar']['overrides'][number];
type Target = Policy['resolution']['ordinary'];

/**
 * 当日办结 as the seeds' default has it (domain/policy.ts DEFAULT_POLICY): used when a manager turns it
 * on for a target that was a length of time; a target that already was 当日办结 keeps its own rule.
 */
const SAME_DAY: EndOfWorkingDay = { kind: 'end_of_working_day', minimumLeft: { amount: 1, unit: 'working_hours' } };

/**
 * The policy being edited and the one in force (to say what saving changes), kept off the view: only
 * the fields on screen go through setData.
 */
const page = instanceState(() => ({ policy: null as Policy | null, inForce: null as Policy | null }));

/** The targets a manager edits, where they live in the policy; a resolution target may be 当日办结 (seed 003 (6)). */
function targets(p: Policy): TargetView[] {
  const urgencies = (['urgent', 'important', 'normal'] as const).map((u) => ({ key: u, label: `${URGENCY_LABELS[u]} · 首次响应`, target: p.urgencies[u].firstResponse as Target, sameDay: null }));
  const resolution = (['ordinary', 'special'] as const).map((c) => ({ key: c, label: `${c === 'ordinary' ? '一般问题' : '特殊问题'} · 办结`, target: p.resolution[c], sameDay: 'kind' in p.resolution[c] }));
  return [...urgencies, ...resolution].map((t) =>
    'kind' in t.target
      ? { key: t.key, label: t.label, amount: '', unit: UNIT_LABELS.working_days, sameDay: true, note: sameDayNote(t.target.minimumLeft) }
      : { key: t.key, label: t.label, amount: String(t.target.amount), unit: UNIT_LABELS[t.target.unit], sameDay: t.sameDay, note: t.sameDay === null ? '' : '关闭时按下面的时长计' },
  );
}

/** 当日办结's rule in the words of domain/policy.ts EndOfWorkingDay. */
function sameDayNote(minimumLeft: Duration): string {
  return `受理当日下班前；当日剩余不足 ${minimumLeft.amount} ${UNIT_LABELS[minimumLeft.unit]}或在非工作时间受理的，下一工作日下班前`;
}

/** A target in the confirmation's words. */
function targetText(t: TargetView): string {
  return t.sameDay ? '当日办结' : `${t.amount} ${t.unit}`;
}

/**
 * What saving `after` over `before` changes, a line each with the old and the new value: deadlines,
 * routing, the service desk and calendar days apply company-wide at once, so the manager sees them first.
 */
function policyChanges(before: Policy, after: Policy): string[] {
  const was = targets(before);
  const lines = targets(after).flatMap((t, i) => (targetText(t) === targetText(was[i]!) ? [] : [`时限 · ${t.label}：${targetText(was[i]!)} → ${targetText(t)}`]));
  const department = Object.fromEntries(after.departments.map((d) => [d.code, d.label]));
  after.categories.forEach((c, i) => {
    const old = before.categories[i];
    if (old && old.department !== c.department) lines.push(`分派 · ${c.label}：${department[old.department] ?? old.department} → ${department[c.department] ?? c.department}`);
  });
  const desk = (d: Policy['serviceDesk']) => `${d.name} ${d.phone || '（未设电话）'}`;
  if (desk(before.serviceDesk) !== desk(after.serviceDesk)) lines.push(`客服电话：${desk(before.serviceDesk)} → ${desk(after.serviceDesk)}`);
  const days = (p: Policy) => new Map(overrideView(p).map((o) => [o.date, o.text]));
  const [oldDays, newDays] = [days(before), days(after)];
  for (const [date, text] of newDays) if (oldDays.get(date) !== text) lines.push(`日历 · ${date}：${oldDays.get(date) ?? '按法定安排'} → ${text}`);
  return lines;
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
    /** 确认修改: what saving would change, shown before anything is sent. */
    confirm: { show: false, changes: [] as string[] },
  },
  methods: {
    async onLoad() {
      try {
        const m = await me();
        if (!isAdmin(m)) return void this.setData({ state: 'error', message: '仅管理员和总经理可修改设置' });
        const communityId = m.communities[0]?.id ?? '';
        // A company just opened has no community yet: 小区与楼栋 comes first, the roster and invitations after.
        const [p, list] = await Promise.all([call('admin.policy.get', {}), communityId ? call('staff.list', { communityId }) : { items: [] }]);
        this.showPolicy(p.policy, p.calendarGaps);
        // The sections render with state 'ready': what they need comes in the same update.
        this.setData({ state: 'ready', communityId, communityName: m.communities[0]?.name ?? '', departments: m.departments, staff: list.items.map((s) => ({ id: s.id, name: s.name })) });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    showPolicy(p: Policy, gaps: number[]) {
      page(this).policy = p;
      page(this).inForce = JSON.parse(JSON.stringify(p)) as Policy;
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
    onSameDay(e: WechatMiniprogram.CustomEvent<{ index: number; sameDay: boolean }>) {
      const { index, sameDay } = e.detail;
      const was = page(this).policy?.resolution[this.data.targets[index]!.key as 'ordinary' | 'special'];
      const rule = was && 'kind' in was ? was : SAME_DAY;
      this.setData({ [`targets[${index}].sameDay`]: sameDay, [`targets[${index}].note`]: sameDay ? sameDayNote(rule.minimumLeft) : '关闭时按下面的时长计' });
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
    /** 保存政策: first the list of what changes (old → new); only 确认 sends it. */
    onSavePolicy() {
      const { policy, inForce } = page(this);
      if (!policy || !inForce) return;
      const views = Object.fromEntries(this.data.targets.map((t) => [t.key, t]));
      const amounts = Object.fromEntries(this.data.targets.map((t) => [t.key, Number(t.amount)]));
      if (this.data.targets.some((t) => !t.sameDay && !(amounts[t.key]! > 0))) return void this.setData({ error: '时限必须是大于 0 的数字' });
      for (const u of ['urgent', 'important', 'normal'] as const) policy.urgencies[u].firstResponse.amount = amounts[u]!;
      for (const c of ['ordinary', 'special'] as const) {
        const was = policy.resolution[c];
        // Off 当日办结, the amount typed counts working days (the unit the row shows).
        policy.resolution[c] = views[c]!.sameDay ? ('kind' in was ? was : SAME_DAY) : { amount: amounts[c]!, unit: 'kind' in was ? 'working_days' : was.unit };
      }
      // The server checks the phone's form and says which field is wrong.
      policy.serviceDesk = { name: this.data.desk.name || '客服中心', phone: this.data.desk.phone };
      const changes = policyChanges(inForce, policy);
      if (changes.length === 0) return void wx.showToast({ title: '没有改动', icon: 'none' });
      this.setData({ confirm: { show: true, changes }, error: '' });
    },
    onCancelPolicy() {
      this.setData({ 'confirm.show': false });
    },
    async onConfirmPolicy() {
      const { policy } = page(this);
      if (!policy) return;
      this.setData({ 'confirm.show': false, busy: true, error: '' });
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
