// 代业主登记 (seed 003 (2)(4)): a complaint that came by phone, in person or by letter, recorded by
// staff in the owner's words, then handled like any other. The room is picked from the property's own
// list (as on 绑定房屋), each missing field says so where it is, and before saving the clerk reads the
// record back to the caller (seed 000 §(一)) with the urgency and first-response deadline it will get —
// and, when the text names an emergency, what to do meanwhile and the number to call. With a category
// and a room, the notices in force that explain it are read to the caller first (seed 002 要求 (2)), as
// an owner filing in the mini-program is asked: 「业主确认是这个问题，不再登记」 records nothing but
// counts the deflection for the owner's room (notice.deflect); otherwise the complaint records them.
import type { ActionInput, PreviewResponse, Wire } from '../../../../typings/api';
import type { PickedRoom } from '../../../components/room-picker/index';
import { call, messageOf, newRequestId } from '../../../services/api';
import { me } from '../../../services/session';
import { instanceState } from '../../../utils/instance';
import { CHANNEL_LABELS, URGENCY_LABELS } from '../../../utils/labels';
import { noticeView, type NoticeView } from '../../../utils/notices';
import { emergencyContact, safetyAdvice } from '../../../utils/safety';
import { formatTime } from '../../../utils/time';

type Input = ActionInput<'complaint.record'>;
type Channel = Input['channel'];
type Urgency = NonNullable<Input['suggestedUrgency']>;
type FieldKey = 'name' | 'phone' | 'room' | 'publicArea' | 'description';

/**
 * One request id per opened form, so a retried save (a lost reply) finds the complaint already
 * recorded; the room picked, the company's desk and the notices read to the caller (`shown`, asked
 * once per form) stay off the view.
 */
const page = instanceState(() => ({ requestId: newRequestId(), room: null as PickedRoom | null, desk: { name: '', phone: '' }, shown: [] as string[] }));

const NO_ERRORS: Record<FieldKey, string> = { name: '', phone: '', room: '', publicArea: '', description: '' };

/** How the urgency came about, as the read-back says it. */
function urgencyText(chosen: Urgency | '', preview: Wire<PreviewResponse>): string {
  const named = preview.matchedKeywords.length ? `描述中有「${preview.matchedKeywords.join('」「')}」` : '';
  if (chosen) return `${URGENCY_LABELS[chosen]}（登记人判断${named ? `；${named}` : ''}）`;
  return `${URGENCY_LABELS[preview.suggestedUrgency]}（${named || '按描述判断'}）`;
}

Component({
  data: {
    step: 'form' as 'form' | 'notice' | 'review',
    /** The notices in force that may explain the problem (the 'notice' step). */
    notices: [] as NoticeView[],
    categories: [] as Array<{ code: string; label: string }>,
    /** The category the clerk heard, if any: it finds the notices; staff decide at triage. */
    category: '',
    channels: (['phone', 'walk_in', 'letter', 'other'] as const).map((value) => ({ value, label: CHANNEL_LABELS[value] })),
    urgencies: Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label })),
    communities: [] as Array<{ id: string; name: string }>,
    channel: 'phone' as Channel,
    communityId: '',
    name: '',
    phone: '',
    contactTime: '',
    locationKind: 'room',
    publicArea: '',
    description: '',
    desiredOutcome: '',
    urgency: '' as Urgency | '',
    errors: NO_ERRORS,
    review: { rows: [] as Array<{ label: string; value: string }>, urgent: false, advice: [] as string[], contact: '' },
    error: '',
    busy: false,
  },
  methods: {
    async onLoad() {
      page(this).requestId = newRequestId();
      try {
        const m = await me();
        page(this).desk = m.serviceDesk;
        // Categories first, on their own: with one community, room-picker's observer picks it and its
        // `change` runs onRoom's setData inside this one. A renderer that draws synchronously
        // (miniprogram-simulate) then inserts the chips' wx:if twice, once per pass, if they arrive together.
        this.setData({ categories: m.categories });
        this.setData({ communities: m.communities, communityId: m.communities[0]?.id ?? '' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },
    onValue(e: { currentTarget: { dataset: { key: string } }; detail: string }) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [key]: e.detail, [`errors.${key}`]: '', error: '' });
    },
    /** A second tap on the chosen category clears it (不确定). */
    onCategory(e: WechatMiniprogram.CustomEvent<object, object, { code: string }>) {
      const code = e.currentTarget.dataset.code;
      this.setData({ category: this.data.category === code ? '' : code });
    },
    onRoom(e: WechatMiniprogram.CustomEvent<{ communityId: string; room: PickedRoom | null }>) {
      page(this).room = e.detail.room;
      this.setData({ communityId: e.detail.communityId, 'errors.room': e.detail.room ? '' : this.data.errors.room });
    },
    /** What is missing or wrong, by field: shown under each one. */
    errorsOf(): Record<FieldKey, string> {
      const d = this.data;
      return {
        name: d.name.trim() ? '' : '请填写投诉人姓名',
        phone: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(d.phone) ? '' : '请填写 11 位手机号，或带区号的座机号码',
        room: d.locationKind === 'room' && !page(this).room ? '请选择房号' : '',
        publicArea: d.locationKind === 'public_area' && !d.publicArea.trim() ? '请填写具体位置' : '',
        description: d.description.trim().length >= 5 ? '' : '请至少用 5 个字记录投诉内容',
      };
    },
    input(): Input {
      const d = this.data;
      const room = page(this).room;
      return {
        requestId: page(this).requestId,
        channel: d.channel,
        complainant: { name: d.name.trim(), phone: d.phone },
        communityId: d.locationKind === 'room' && room ? room.communityId : d.communityId,
        location: d.locationKind === 'room' && room ? { kind: 'room', building: room.building, unit: room.unit || undefined, room: room.room } : { kind: 'public_area', description: d.publicArea.trim() },
        description: d.description.trim(),
        desiredOutcome: d.desiredOutcome.trim(),
        contactTime: d.contactTime.trim(),
        suggestedUrgency: d.urgency || null,
        suggestedCategory: d.category || null,
        noticesShown: page(this).shown,
      };
    },
    /** 核对: first the notices that may explain it (for a room and a category), then the read-back. */
    async onReview() {
      const errors = this.errorsOf();
      if (Object.values(errors).some(Boolean)) return void this.setData({ errors, error: '' });
      const room = page(this).room;
      const d = this.data;
      if (d.category && d.locationKind === 'room' && room && page(this).shown.length === 0) {
        this.setData({ busy: true, error: '' });
        const { items } = await call('notice.intake', { communityId: room.communityId, building: room.building, category: d.category }).catch(() => ({ items: [] }));
        if (items.length > 0) {
          page(this).shown = items.map((n) => n.id);
          return void this.setData({ busy: false, step: 'notice', notices: items.map((n) => noticeView(n)) });
        }
      }
      await this.readBack();
    },
    /**
     * The caller confirms it is the announced problem: nothing is recorded as a complaint, the
     * deflection is counted for their room as if they had answered in the mini-program.
     */
    async onNoticeIsIt() {
      this.setData({ busy: true, error: '' });
      try {
        await call('notice.deflect', { requestId: page(this).requestId, roomId: page(this).room!.roomId, noticeIds: page(this).shown, channel: this.data.channel });
        wx.showToast({ title: '已记录：业主看到公告，不再登记', icon: 'none' });
        wx.navigateBack();
      } catch (e) {
        this.setData({ busy: false, error: messageOf(e) });
      }
    },
    /** The read-back, with the urgency the text suggests (or the clerk chose) and its deadline. */
    async readBack() {
      const input = this.input();
      const d = this.data;
      this.setData({ busy: true, error: '' });
      try {
        const preview = await call('complaint.preview', { communityId: input.communityId, description: input.description, desiredOutcome: input.desiredOutcome, urgency: d.urgency || undefined });
        const urgent = preview.matchedKeywords.length > 0;
        const rows = [
          { label: '来源', value: CHANNEL_LABELS[d.channel] },
          { label: '投诉人', value: input.complainant.name },
          { label: '电话', value: input.complainant.phone },
          { label: '联系时间', value: d.contactTime.trim() },
          { label: '位置', value: d.locationKind === 'room' ? page(this).room!.label : `公共区域：${d.publicArea.trim()}` },
          { label: '类别', value: d.categories.find((c) => c.code === d.category)?.label ?? '' },
          { label: '投诉内容', value: input.description },
          { label: '诉求期望', value: d.desiredOutcome.trim() },
          { label: '紧急程度', value: urgencyText(d.urgency, preview) },
          { label: '首次回应', value: `${formatTime(preview.respondBy)} 前` },
        ].filter((r) => r.value);
        this.setData({ step: 'review', busy: false, review: { rows, urgent, advice: urgent ? safetyAdvice(preview.matchedKeywords) : [], contact: urgent ? emergencyContact(page(this).desk).text : '' } });
      } catch (e) {
        this.setData({ busy: false, error: messageOf(e) });
      }
    },
    onEdit() {
      this.setData({ step: 'form', error: '' });
    },
    async onSave() {
      this.setData({ busy: true, error: '' });
      try {
        const r = await call('complaint.record', this.input());
        wx.showToast({ title: `已登记 ${r.number}`, icon: 'none' });
        wx.redirectTo({ url: `/staff/pages/task/index?id=${r.id}` });
      } catch (e) {
        this.setData({ busy: false, error: messageOf(e) });
      }
    },
  },
});
