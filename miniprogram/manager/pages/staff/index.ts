// 员工管理: a community's staff with role, department, status and open work; change a member's role,
// department or communities, or deactivate them — their open complaints go back to their
// department's queue for the head to reassign. Nobody deactivates or demotes themselves or the last
// administrator (the server refuses it, with the reason).
import type { StaffAdminEntry, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { me } from '../../../services/session';
import { ROLE_LABELS } from '../../../utils/labels';

type Entry = Wire<StaffAdminEntry> & { roleLabel: string; departmentLabel: string };
const ROLES = (Object.keys(ROLE_LABELS) as Array<keyof typeof ROLE_LABELS>).filter((r) => r !== 'owner').map((r) => ({ code: r, label: ROLE_LABELS[r] }));

Component({
  data: {
    state: 'loading',
    message: '',
    communities: [] as Array<{ id: string; name: string }>,
    departments: [] as Array<{ code: string; label: string }>,
    roles: ROLES,
    communityId: '',
    items: [] as Entry[],
    /** The member being edited; null when none is open. */
    editing: null as (Entry & { you: boolean }) | null,
    busy: false,
  },
  methods: {
    async onLoad() {
      try {
        const m = await me();
        this.setData({ communities: m.communities.map(({ id, name }) => ({ id, name })), departments: m.departments, communityId: m.communities[0]?.id ?? '' });
        await this.load();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async load() {
      try {
        const { items } = await call('admin.staff.list', { communityId: this.data.communityId });
        const department = (code: string | null) => this.data.departments.find((d) => d.code === code)?.label ?? '';
        this.setData({ state: 'ready', items: items.map((s) => ({ ...s, roleLabel: ROLE_LABELS[s.role], departmentLabel: department(s.department) })) });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onCommunity(e: { detail: string }) {
      this.setData({ communityId: e.detail, editing: null });
      this.load();
    },
    async onOpen(e: { currentTarget: { dataset: { id: string } } }) {
      const entry = this.data.items.find((s) => s.id === e.currentTarget.dataset.id)!;
      this.setData({ editing: { ...entry, you: entry.id === (await me()).openid } });
    },
    onClose() {
      this.setData({ editing: null });
    },
    onRole(e: { detail: string }) {
      this.setData({ 'editing.role': e.detail });
    },
    onDepartment(e: { detail: string }) {
      this.setData({ 'editing.department': e.detail });
    },
    onCommunities(e: { detail: string[] }) {
      this.setData({ 'editing.communityIds': e.detail });
    },
    async onSave() {
      const s = this.data.editing!;
      if (s.communityIds.length === 0) {
        wx.showToast({ title: '至少保留一个小区', icon: 'none' });
        return;
      }
      await this.update({ staffId: s.id, role: s.role as never, department: s.department ?? undefined, communityIds: s.communityIds }, '已保存');
    },
    async onActive() {
      const s = this.data.editing!;
      if (s.active) {
        const { confirm } = await wx.showModal({
          title: `停用 ${s.name}`,
          content: s.openTasks > 0 ? `${s.name} 手上的 ${s.openTasks} 件投诉将退回${s.departmentLabel || '部门'}，由部门主管重新分派。确定停用吗？` : '停用后不能再登录工作台，历史记录保留。确定停用吗？',
          confirmText: '停用',
          confirmColor: '#d9001b',
        });
        if (!confirm) return;
      }
      await this.update({ staffId: s.id, active: !s.active }, s.active ? '已停用' : '已启用');
    },
    async update(req: { staffId: string; role?: never; department?: string; communityIds?: string[]; active?: boolean }, done: string) {
      this.setData({ busy: true });
      try {
        const { released } = await call('admin.staff.update', req);
        wx.showToast({ title: released ? `${done}，${released} 件投诉已退回部门` : done, icon: 'none' });
        this.setData({ editing: null });
        await this.load();
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
