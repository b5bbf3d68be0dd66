// 小区与楼栋: each community's name, households (the monthly owner-visit target follows, seed 002
// §6) and the 客服中心 phone and hours its owners see and tap to call; its buildings with their rooms,
// added or renamed here (rooms themselves come from the households roll).
import type { CommunityEntry, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { forgetMe } from '../../../services/session';

type Form = { id: string; name: string; households: string; phone: string; hours: string; errors: { name: string; households: string; phone: string } };
const NO_ERRORS = { name: '', households: '', phone: '' };
const EMPTY: Form = { id: '', name: '', households: '', phone: '', hours: '', errors: NO_ERRORS };

Component({
  data: {
    state: 'loading',
    message: '',
    items: [] as Array<Wire<CommunityEntry>>,
    /** The community being edited ('' id: a new one); null when none is open. */
    form: null as Form | null,
    /** The open community's buildings with their rooms. */
    buildings: [] as Wire<CommunityEntry>['buildings'],
    buildingName: '',
    busy: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      try {
        const { items } = await call('admin.community.list', {});
        const open = items.find((c) => c.id === this.data.form?.id);
        this.setData({ state: 'ready', items, buildings: open?.buildings ?? [] });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onEdit(e: { currentTarget: { dataset: { id: string } } }) {
      const c = this.data.items.find((x) => x.id === e.currentTarget.dataset.id)!;
      this.setData({ form: { id: c.id, name: c.name, households: String(c.households), phone: c.serviceDesk.phone, hours: c.serviceDesk.hours, errors: NO_ERRORS }, buildings: c.buildings, buildingName: '' });
    },
    onNew() {
      this.setData({ form: { ...EMPTY } });
    },
    onCancel() {
      this.setData({ form: null });
    },
    onField(e: { currentTarget: { dataset: { field: 'name' | 'households' | 'phone' | 'hours' } }; detail: string }) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail, [`form.errors.${field}`]: '' });
    },
    async onSave() {
      const f = this.data.form!;
      const households = Number(f.households);
      const errors = {
        name: f.name.trim() ? '' : '请填写小区名称',
        households: /^\d+$/.test(f.households.trim()) && households <= 100_000 ? '' : '请填写入住户数（整数）',
        phone: !f.phone.trim() || /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(f.phone.trim()) ? '' : '请填写手机号或带区号的座机，如 0571-88886666',
      };
      if (errors.name || errors.households || errors.phone) {
        this.setData({ 'form.errors': errors });
        return;
      }
      this.setData({ busy: true });
      try {
        const r = await call('admin.community.upsert', { ...(f.id ? { id: f.id } : {}), name: f.name.trim(), households, serviceDesk: { phone: f.phone.trim(), hours: f.hours.trim() } });
        // A new community joins the administrator's own communities (account.me).
        if (!f.id) forgetMe();
        wx.showToast({ title: `已保存，每月走访目标 ${r.visitTarget} 户`, icon: 'none' });
        this.setData({ form: null });
        await this.load();
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
    onBuildingName(e: { detail: string }) {
      this.setData({ buildingName: e.detail });
    },
    async onAddBuilding() {
      const name = this.data.buildingName.trim().replace(/栋$/, '');
      if (!name) return;
      await this.saveBuilding({ communityId: this.data.form!.id, name });
      this.setData({ buildingName: '' });
    },
    async onRenameBuilding(e: { currentTarget: { dataset: { name: string } } }) {
      const from = e.currentTarget.dataset.name;
      const { confirm, content } = await wx.showModal({ title: `「${from}」栋改名为`, editable: true, placeholderText: '新的楼栋名称', content: from });
      const name = (content ?? '').trim().replace(/栋$/, '');
      if (!confirm || !name || name === from) return;
      await this.saveBuilding({ communityId: this.data.form!.id, name, renameFrom: from });
    },
    async saveBuilding(req: { communityId: string; name: string; renameFrom?: string }) {
      try {
        const { rooms } = await call('admin.building.save', req);
        wx.showToast({ title: req.renameFrom ? `已改名，${rooms} 户房屋随之更新` : '已添加楼栋', icon: 'none' });
        await this.load();
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
  },
});
