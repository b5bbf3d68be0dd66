// 绑定房屋: an owner picks 小区 → 楼栋 → 房屋 and proves it with the phone the property registered;
// family and tenants redeem the owner's invitation (a share card opens this page with its code); a
// new staff member redeems the invitation code a manager gave them; a new company's first
// administrator opens it with the setup code.
import type { DirectoryResponse, Wire } from '../../../typings/api';
import { call, messageOf } from '../../services/api';
import { forgetMe } from '../../services/session';
import { largeText } from '../../utils/font';

type Level = DirectoryResponse['level'];
type Choice = { id: string; label: string };
const TITLES: Record<Level, string> = { communities: '选择小区', buildings: '选择楼栋', rooms: '选择房号' };
const NONE: Choice = { id: '', label: '' };

Component({
  data: {
    busy: false,
    /** Each field's label above its input: the person reads at a large font (utils/font.ts). */
    stacked: false,
    community: NONE,
    building: NONE,
    room: NONE,
    name: '',
    phone: '',
    phoneError: '',
    code: '',
    family: { code: '', name: '', phone: '', error: '' },
    setup: { open: false, code: '', name: '', phone: '', error: '' },
    sheet: { show: false, level: 'communities' as Level, title: '', actions: [] as Array<{ name: string; id: string }> },
  },
  methods: {
    onLoad(query: { code?: string }) {
      this.setData({ stacked: largeText() });
      if (query.code) this.setData({ 'family.code': query.code.toUpperCase() });
    },
    onFamily(e: { currentTarget: { dataset: { field: 'code' | 'name' | 'phone' } }; detail: string }) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`family.${field}`]: field === 'code' ? e.detail.toUpperCase() : e.detail, 'family.error': '' });
    },
    onSetupOpen() {
      this.setData({ 'setup.open': true });
    },
    onSetup(e: { currentTarget: { dataset: { field: 'code' | 'name' | 'phone' } }; detail: string }) {
      this.setData({ [`setup.${e.currentTarget.dataset.field}`]: e.detail, 'setup.error': '' });
    },
    /** The company's first administrator (the setup code was set at deploy); then 设置 → 小区与楼栋. */
    async onSetupCompany() {
      const { code, name, phone } = this.data.setup;
      if (!code.trim() || !name.trim()) {
        wx.showToast({ title: '请填写开通码和姓名', icon: 'none' });
        return;
      }
      if (!/^1\d{10}$/.test(phone)) {
        this.setData({ 'setup.error': '请输入 11 位手机号' });
        return;
      }
      await this.finish(() => call('company.setup', { code: code.trim(), name: name.trim(), phone }), '开通成功');
    },
    async onJoinHousehold() {
      const { code, name, phone } = this.data.family;
      if (!/^[A-Z0-9]{8}$/.test(code) || !name.trim()) {
        wx.showToast({ title: '请填写 8 位邀请码和姓名', icon: 'none' });
        return;
      }
      if (!/^1\d{10}$/.test(phone)) {
        this.setData({ 'family.error': '请输入 11 位手机号' });
        return;
      }
      await this.finish(() => call('household.join', { code, name: name.trim(), phone }), '已加入');
    },
    async onPick(e: { currentTarget: { dataset: { level: Level } } }) {
      const level = e.currentTarget.dataset.level;
      const { community, building } = this.data;
      if ((level === 'buildings' && !community.id) || (level === 'rooms' && !building.id)) {
        wx.showToast({ title: level === 'buildings' ? '请先选择小区' : '请先选择楼栋', icon: 'none' });
        return;
      }
      try {
        const list: Wire<DirectoryResponse> = await call('directory.list', level === 'communities' ? {} : level === 'buildings' ? { communityId: community.id } : { communityId: community.id, building: building.id });
        if (list.items.length === 0) {
          wx.showToast({ title: '暂无可选项，请联系物业', icon: 'none' });
          return;
        }
        this.setData({ sheet: { show: true, level, title: TITLES[level], actions: list.items.map((i) => ({ name: i.label, id: i.id })) } });
      } catch (err) {
        wx.showToast({ title: messageOf(err), icon: 'none' });
      }
    },
    onSelect(e: { detail: { name: string; id: string } }) {
      const choice = { id: e.detail.id, label: e.detail.name };
      // Choosing a higher level clears the levels below it.
      const level = this.data.sheet.level;
      if (level === 'communities') this.setData({ community: choice, building: NONE, room: NONE });
      else if (level === 'buildings') this.setData({ building: choice, room: NONE });
      else this.setData({ room: choice });
      this.onCloseSheet();
    },
    onCloseSheet() {
      this.setData({ 'sheet.show': false });
    },
    onName(e: { detail: string }) {
      this.setData({ name: e.detail });
    },
    onPhone(e: { detail: string }) {
      this.setData({ phone: e.detail, phoneError: '' });
    },
    onCode(e: { detail: string }) {
      this.setData({ code: e.detail.toUpperCase() });
    },
    async onBind() {
      const { community, room, name, phone } = this.data;
      if (!room.id || !name.trim()) {
        wx.showToast({ title: '请选择房屋并填写姓名', icon: 'none' });
        return;
      }
      if (!/^1\d{10}$/.test(phone)) {
        this.setData({ phoneError: '请输入 11 位手机号' });
        return;
      }
      await this.finish(() => call('owner.bind', { communityId: community.id, roomId: room.id, name: name.trim(), phone }), '绑定成功');
    },
    async onJoin() {
      if (!/^[A-Z0-9]{8}$/.test(this.data.code)) {
        wx.showToast({ title: '邀请码是 8 位字母或数字', icon: 'none' });
        return;
      }
      await this.finish(() => call('staff.join', { code: this.data.code }), '已加入');
    },
    async finish(action: () => Promise<unknown>, done: string) {
      this.setData({ busy: true });
      try {
        await action();
        forgetMe();
        wx.showToast({ title: done, icon: 'success' });
        wx.switchTab({ url: '/pages/home/index' });
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
