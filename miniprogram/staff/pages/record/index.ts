// 代业主登记 (seed 003 (2)(4)): a complaint that came by phone, in person or by letter, recorded by
// staff in the owner's words, then handled like any other.
import type { ActionInput } from '../../../../typings/api';
import { call, messageOf, newRequestId } from '../../../services/api';
import { me } from '../../../services/session';
import { instanceState } from '../../../utils/instance';
import { CHANNEL_LABELS, URGENCY_LABELS } from '../../../utils/labels';

type Input = ActionInput<'complaint.record'>;
type Channel = Input['channel'];

/** One request id per opened form, so a retried save (a lost reply) finds the complaint already recorded. */
const page = instanceState(() => ({ requestId: newRequestId() }));

Component({
  data: {
    channels: (['phone', 'walk_in', 'letter', 'other'] as const).map((value) => ({ value, label: CHANNEL_LABELS[value] })),
    urgencies: Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label })),
    communities: [] as Array<{ id: string; name: string }>,
    channel: 'phone' as Channel,
    communityId: '',
    name: '',
    phone: '',
    contactTime: '',
    locationKind: 'room',
    building: '',
    unit: '',
    room: '',
    publicArea: '',
    description: '',
    desiredOutcome: '',
    urgency: '',
    error: '',
    busy: false,
  },
  methods: {
    async onLoad() {
      page(this).requestId = newRequestId();
      try {
        const m = await me();
        this.setData({ communities: m.communities, communityId: m.communities[0]?.id ?? '' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },
    onValue(e: { currentTarget: { dataset: { key: string } }; detail: string }) {
      this.setData({ [e.currentTarget.dataset.key]: e.detail, error: '' });
    },
    input(): Input | string {
      const d = this.data;
      if (!d.name.trim()) return '请填写投诉人姓名';
      if (!/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(d.phone)) return '请填写正确的电话号码';
      if (d.locationKind === 'room' ? !d.building.trim() || !d.room.trim() : !d.publicArea.trim()) return '请填写位置';
      if (d.description.trim().length < 5) return '请至少用 5 个字记录投诉内容';
      return {
        requestId: page(this).requestId,
        channel: d.channel,
        complainant: { name: d.name.trim(), phone: d.phone },
        communityId: d.communityId,
        location: d.locationKind === 'room' ? { kind: 'room', building: d.building.trim(), unit: d.unit.trim() || undefined, room: d.room.trim() } : { kind: 'public_area', description: d.publicArea.trim() },
        description: d.description.trim(),
        desiredOutcome: d.desiredOutcome.trim(),
        contactTime: d.contactTime.trim(),
        suggestedUrgency: (d.urgency || null) as Input['suggestedUrgency'],
      };
    },
    async onSave() {
      const input = this.input();
      if (typeof input === 'string') return void this.setData({ error: input });
      this.setData({ busy: true });
      try {
        const r = await call('complaint.record', input);
        wx.showToast({ title: `已登记 ${r.number}`, icon: 'none' });
        wx.redirectTo({ url: `/staff/pages/task/index?id=${r.id}` });
      } catch (e) {
        this.setData({ busy: false, error: messageOf(e) });
      }
    },
  },
});
