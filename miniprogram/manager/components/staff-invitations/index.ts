// 设置 · 邀请员工: a one-time code (7 days) for a new member of staff, with the role, department and
// the name and phone they will be known by. A failure goes to the page's one error line (`error`).
import { call, messageOf } from '../../../services/api';
import { ROLE_LABELS } from '../../../utils/labels';

const INVITABLE = ['reception', 'handler', 'department_head', 'security_supervisor', 'duty_manager'] as const;
type Invitable = (typeof INVITABLE)[number];

Component({
  properties: {
    communityId: { type: String, value: '' },
    communityName: { type: String, value: '' },
    departments: { type: Array, value: [] as Array<{ code: string; label: string }> },
  },
  data: {
    staffRoles: INVITABLE.map((value) => ({ value, label: ROLE_LABELS[value] })),
    invite: { role: 'handler' as Invitable, department: '', departmentLabel: '', name: '', phone: '', code: '' },
    sheet: { show: false, actions: [] as Array<{ name: string; id: string }> },
  },
  methods: {
    onRole(e: { detail: Invitable }) {
      this.setData({ 'invite.role': e.detail });
    },
    onDepartmentOpen() {
      this.setData({ sheet: { show: true, actions: this.data.departments.map((d) => ({ name: d.label, id: d.code })) } });
    },
    onSheetPick(e: WechatMiniprogram.CustomEvent<{ name: string; id: string }>) {
      this.setData({ 'invite.department': e.detail.id, 'invite.departmentLabel': e.detail.name, 'sheet.show': false });
    },
    onSheetClose() {
      this.setData({ 'sheet.show': false });
    },
    onName(e: { detail: string }) {
      this.setData({ 'invite.name': e.detail });
    },
    onPhone(e: { detail: string }) {
      this.setData({ 'invite.phone': e.detail });
    },
    async onInvite() {
      const i = this.data.invite;
      if (!i.department || !i.name.trim() || !/^1\d{10}$/.test(i.phone)) return void this.triggerEvent('error', { message: '请选择部门并填写姓名和 11 位手机号' });
      try {
        const { code } = await call('admin.invite', { role: i.role, communityIds: [this.data.communityId], department: i.department, name: i.name.trim(), phone: i.phone });
        this.setData({ 'invite.code': code });
        this.triggerEvent('error', { message: '' });
      } catch (e) {
        this.triggerEvent('error', { message: messageOf(e) });
      }
    },
  },
});
