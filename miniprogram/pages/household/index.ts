// 家庭成员与租户 of one room: the registered owner sees who holds it, invites family or a tenant
// (a one-time code, or a share card that opens 绑定房屋 with the code filled in) and removes whom they
// invited; anyone can move out of this room here.
import type { HouseholdPerson, Wire } from '../../../typings/api';
import { call, messageOf } from '../../services/api';
import { privacyMessage, privacyRefusal } from '../../services/privacy';
import { forgetMe, fullRoomLabel, me } from '../../services/session';
import { RELATION_LABELS } from '../../utils/labels';
import { formatTime } from '../../utils/time';

type Person = Wire<HouseholdPerson> & { label: string };

Component({
  data: {
    state: 'loading',
    message: '',
    roomId: '',
    room: '',
    owner: false,
    people: [] as Person[],
    invitation: null as { code: string; relation: string; expires: string } | null,
    /** Why the code could not be copied (the privacy guide), under the buttons; the share card still works. */
    copyError: '',
    busy: false,
  },
  methods: {
    onLoad(query: { roomId?: string }) {
      this.setData({ roomId: query.roomId ?? '' });
      this.load();
    },
    async load() {
      try {
        const m = await me();
        const room = m.rooms.find((r) => r.id === this.data.roomId);
        if (!room) throw new Error('您没有绑定这套房屋');
        const owner = room.relation === 'owner';
        const people = owner ? (await call('household.list', { roomId: room.id })).items : [];
        this.setData({
          state: 'ready',
          room: fullRoomLabel(m, room),
          owner,
          people: people.map((p) => ({ ...p, label: `${RELATION_LABELS[p.relation]}${p.you ? '（我）' : ''}` })),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onInvite(e: { currentTarget: { dataset: { relation: 'family' | 'tenant' } } }) {
      const relation = e.currentTarget.dataset.relation;
      this.setData({ busy: true });
      try {
        const { code, expiresAt } = await call('household.invite', { roomId: this.data.roomId, relation });
        this.setData({ invitation: { code, relation: RELATION_LABELS[relation], expires: formatTime(expiresAt) } });
      } catch (err) {
        wx.showToast({ title: messageOf(err), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onCopy() {
      try {
        // WeChat itself says 「内容已复制」.
        await wx.setClipboardData({ data: this.data.invitation!.code });
        this.setData({ copyError: '' });
      } catch (e) {
        const refusal = privacyRefusal(e);
        this.setData({ copyError: refusal ? `${privacyMessage(refusal, '复制邀请码')}；也可以用微信把邀请发送给对方` : '复制失败，请记下上面的邀请码' });
      }
    },
    /** The share card opens 绑定房屋 with the code filled in. */
    onShareAppMessage() {
      const inv = this.data.invitation;
      return inv ? { title: `邀请您以${inv.relation}身份加入 ${this.data.room}`, path: `/pages/bind/index?code=${inv.code}` } : { title: '物业投诉', path: '/pages/home/index' };
    },
    async onRemove(e: { currentTarget: { dataset: { id: string } } }) {
      const person = this.data.people.find((p) => p.personId === e.currentTarget.dataset.id)!;
      if (person.relation === 'owner') return;
      const { confirm } = await wx.showModal({ title: `移除${person.label} ${person.name}`, content: '移除后对方不能再以这套房屋投诉或查看您家的投诉，已提交的记录保留。', confirmText: '移除', confirmColor: '#d9001b' });
      if (!confirm) return;
      try {
        await call('household.remove', { roomId: this.data.roomId, personId: person.personId });
        wx.showToast({ title: '已移除', icon: 'success' });
        await this.load();
      } catch (err) {
        wx.showToast({ title: messageOf(err), icon: 'none' });
      }
    },
    async onLeave() {
      const { confirm } = await wx.showModal({ title: '解除这套房屋的绑定', content: `解除后不能再以 ${this.data.room} 投诉或查看进度${this.data.owner ? '，您邀请的家人和租户也一并解除' : ''}；已提交的投诉由物业保留。确定解除吗？`, confirmText: '解除', confirmColor: '#d9001b' });
      if (!confirm) return;
      try {
        await call('owner.unbind', { roomId: this.data.roomId });
        forgetMe();
        wx.showToast({ title: '已解除绑定', icon: 'success' });
        wx.switchTab({ url: '/pages/me/index' });
      } catch (err) {
        wx.showToast({ title: messageOf(err), icon: 'none' });
      }
    },
  },
});
