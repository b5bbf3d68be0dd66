// 设置 · 排班: who is on duty when in one community (security supervisor, duty manager, general
// manager: who the escalations of overdue urgent complaints reach at night). Independent of the policy:
// it loads and adds shifts itself; a failure goes to the page's one error line (`error`).
import { call, messageOf } from '../../../services/api';
import { ROLE_LABELS } from '../../../utils/labels';
import { formatTime } from '../../../utils/time';

const DUTY_ROLES = ['security_supervisor', 'duty_manager', 'general_manager'] as const;
type DutyRole = (typeof DUTY_ROLES)[number];

Component({
  properties: {
    communityId: { type: String, value: '' },
    communityName: { type: String, value: '' },
    /** The community's staff, to choose the one on duty. */
    staff: { type: Array, value: [] as Array<{ id: string; name: string }> },
  },
  data: {
    shifts: [] as Array<{ key: string; role: string; name: string; when: string }>,
    dutyRoles: DUTY_ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
    draft: { role: 'security_supervisor' as DutyRole, staffId: '', staffName: '', fromDate: '', fromTime: '18:00', toDate: '', toTime: '08:30' },
    sheet: { show: false, actions: [] as Array<{ name: string; id: string }> },
  },
  lifetimes: {
    attached() {
      // The page renders this section once the community is known: its properties are set by now.
      this.load().catch((e: unknown) => this.triggerEvent('error', { message: messageOf(e) }));
    },
  },
  methods: {
    async load() {
      const { items } = await call('admin.roster.list', { communityId: this.data.communityId });
      const name = Object.fromEntries(this.data.staff.map((s) => [s.id, s.name]));
      this.setData({ shifts: items.map((s, i) => ({ key: `${i}-${s.from}`, role: ROLE_LABELS[s.role], name: name[s.staffId] ?? s.staffId, when: `${formatTime(s.from)} ~ ${formatTime(s.to)}` })) });
    },
    onRole(e: { detail: DutyRole }) {
      this.setData({ 'draft.role': e.detail });
    },
    onStaffOpen() {
      this.setData({ sheet: { show: true, actions: this.data.staff.map((s) => ({ name: s.name, id: s.id })) } });
    },
    onSheetPick(e: WechatMiniprogram.CustomEvent<{ name: string; id: string }>) {
      this.setData({ 'draft.staffId': e.detail.id, 'draft.staffName': e.detail.name, 'sheet.show': false });
    },
    onSheetClose() {
      this.setData({ 'sheet.show': false });
    },
    onTime(e: WechatMiniprogram.CustomEvent<{ value: string }, object, { key: string }>) {
      this.setData({ [`draft.${e.currentTarget.dataset.key}`]: e.detail.value });
    },
    async onAdd() {
      const s = this.data.draft;
      if (!s.staffId || !s.fromDate || !s.toDate) return void this.triggerEvent('error', { message: '请选择值班人和起止日期' });
      try {
        // Times are the company's (UTC+8), whatever the phone's zone.
        await call('admin.roster.add', { communityId: this.data.communityId, shifts: [{ role: s.role, staffId: s.staffId, from: `${s.fromDate}T${s.fromTime}:00+08:00`, to: `${s.toDate}T${s.toTime}:00+08:00` }] });
        this.triggerEvent('error', { message: '' });
        await this.load();
      } catch (e) {
        this.triggerEvent('error', { message: messageOf(e) });
      }
    },
  },
});
