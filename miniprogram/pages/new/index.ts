// 我要投诉: the form, a read-back of exactly what will be recorded (seed 000 §(一) 复述投诉内容), and
// the initial response after submitting (number, next step, deadline, whom to contact). The submit tap
// also asks for the 受理 / 进度 / 评价 subscription messages. Between the form and the read-back, the
// notices in force for the place and category (seed 002 要求 (2) 通知单) ask whether the problem is one
// already announced; the owner may still file, and the complaint records what was shown.
import type { ActionInput } from '../../../typings/api';
import { call, messageOf, newRequestId } from '../../services/api';
import type { PhotosChange } from '../../components/photo-uploader/index';
import type { VoiceChange } from '../../components/voice-note/index';
import { deskOf, fullRoomLabel, me, type Me } from '../../services/session';
import { ask } from '../../services/subscriptions';
import { instanceState } from '../../utils/instance';
import { largeText } from '../../utils/font';
import { roomLabel, stateLabel, URGENCY_LABELS } from '../../utils/labels';
import { ownerEmergencyContact, safetyAdvice } from '../../utils/safety';
import { noticeView, type NoticeView } from '../../utils/notices';
import { formatTime } from '../../utils/time';

type Input = ActionInput<'complaint.submit'>;

/**
 * `requestId`: one per form, so a retried submit (a lost reply) finds the complaint already filed.
 * `account`: who files, for the room and the subscription templates.
 * `photos`: the photo-uploader's last report (only uploaded ones are sent), off the view.
 */
/** `shown`: the notices the owner was asked about, recorded on the complaint (noticesShown). */
const page = instanceState(() => ({ account: null as Me | null, requestId: newRequestId(), photos: { fileIDs: [], uploading: 0, failed: 0 } as PhotosChange, voice: { voiceNote: null, uploading: false } as VoiceChange, shown: [] as string[] }));

Component({
  data: {
    state: 'loading',
    message: '',
    step: 'form' as 'form' | 'notice' | 'review' | 'done',
    /** The notices in force that may explain the problem (the 'notice' step). */
    notices: [] as NoticeView[],
    busy: false,
    /** Each field's label above its input: the owner reads at a large font (utils/font.ts). */
    stacked: false,
    categories: [] as Array<{ code: string; label: string }>,
    category: '',
    locationKind: 'room' as 'room' | 'public_area',
    roomText: '',
    /** The rooms the owner holds; with several, they pick which one the complaint is for. */
    rooms: [] as Array<{ id: string; label: string }>,
    roomId: '',
    publicArea: '',
    description: '',
    desiredOutcome: '',
    contactTime: '',
    privacyRefused: false,
    errors: { description: '', publicArea: '' },
    review: { category: '', location: '', description: '', desiredOutcome: '', contactTime: '', photos: '', voice: '', urgency: '', urgent: false, respondBy: '', why: '', advice: [] as string[], contact: '', emergencyPhone: '' },
    done: { id: '', number: '', state: '', nextStep: '', respondBy: '', contact: '', contactPhone: '' },
  },
  methods: {
    async onLoad() {
      const self = page(this);
      self.requestId = newRequestId();
      this.setData({ stacked: largeText() });
      try {
        const account = await me();
        self.account = account;
        const first = account.rooms[0];
        if (account.kind !== 'owner' || !first) {
          wx.redirectTo({ url: '/pages/bind/index' });
          return;
        }
        const rooms = account.rooms.map((r) => ({ id: r.id, label: fullRoomLabel(account, r) }));
        this.setData({ state: 'ready', categories: account.categories, rooms, roomId: first.id, roomText: roomLabel(first) });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onCategory(e: WechatMiniprogram.CustomEvent<object, object, { code: string }>) {
      const code = e.currentTarget.dataset.code;
      this.setData({ category: this.data.category === code ? '' : code });
    },
    onRoom(e: { detail: string }) {
      const room = page(this).account!.rooms.find((r) => r.id === e.detail)!;
      this.setData({ roomId: room.id, roomText: roomLabel(room) });
    },
    onLocationKind(e: { detail: 'room' | 'public_area' }) {
      this.setData({ locationKind: e.detail });
    },
    onPublicArea(e: { detail: string }) {
      this.setData({ publicArea: e.detail, 'errors.publicArea': '' });
    },
    onDescription(e: { detail: string }) {
      this.setData({ description: e.detail, 'errors.description': '' });
    },
    onDesiredOutcome(e: { detail: string }) {
      this.setData({ desiredOutcome: e.detail });
    },
    onContactTime(e: { detail: string }) {
      this.setData({ contactTime: e.detail });
    },

    onPhotos(e: WechatMiniprogram.CustomEvent<PhotosChange>) {
      page(this).photos = e.detail;
    },
    onVoice(e: WechatMiniprogram.CustomEvent<VoiceChange>) {
      page(this).voice = e.detail;
    },
    onPhotoPrivacy(e: WechatMiniprogram.CustomEvent<{ refused: boolean }>) {
      this.setData({ privacyRefused: e.detail.refused });
    },
    onPrivacyRefused() {
      this.setData({ privacyRefused: true });
    },

    /** The request exactly as it will be sent, so the read-back shows what is recorded. */
    input(): Input | null {
      const d = this.data;
      const errors = {
        description: d.description.trim().length < 5 ? '请至少用 5 个字描述问题' : '',
        publicArea: d.locationKind === 'public_area' && !d.publicArea.trim() ? '请填写具体位置' : '',
      };
      if (errors.description || errors.publicArea) {
        this.setData({ errors });
        return null;
      }
      const { account, requestId } = page(this);
      const room = account!.rooms.find((r) => r.id === d.roomId)!;
      return {
        requestId,
        roomId: room.id,
        communityId: room.communityId,
        location: d.locationKind === 'room' ? { kind: 'room', building: room.building, unit: room.unit || undefined, room: room.room } : { kind: 'public_area', description: d.publicArea.trim() },
        description: d.description.trim(),
        desiredOutcome: d.desiredOutcome.trim(),
        contactTime: d.contactTime.trim(),
        photos: page(this).photos.fileIDs,
        voiceNote: page(this).voice.voiceNote,
        suggestedCategory: d.category || null,
        noticesShown: page(this).shown,
      };
    },
    async onReview() {
      if (page(this).photos.uploading > 0 || page(this).voice.uploading) {
        wx.showToast({ title: page(this).voice.uploading ? '语音上传中，请稍候' : '照片上传中，请稍候', icon: 'none' });
        return;
      }
      const input = this.input();
      if (!input) return;
      this.setData({ busy: true });
      // Category and place known: is it what a notice already announced? Asked once per form.
      if (input.suggestedCategory && page(this).shown.length === 0) {
        const building = input.location.building;
        const { items } = await call('notice.intake', { communityId: input.communityId, building, category: input.suggestedCategory }).catch(() => ({ items: [] }));
        if (items.length > 0) {
          page(this).shown = items.map((n) => n.id);
          this.setData({ busy: false, step: 'notice', notices: items.map((n) => noticeView(n)) });
          return;
        }
      }
      await this.readBack(input);
    },
    /**
     * The owner's answer: it is the announced problem — nothing is filed, and the answer is counted
     * (notice.deflect) so the office knows what its notices prevented (seed 002 要求 (2)). The form's
     * request id makes a double tap one answer.
     */
    async onNoticeIsIt() {
      const { requestId, shown } = page(this);
      this.setData({ busy: true });
      try {
        await call('notice.deflect', { requestId, roomId: this.data.roomId, noticeIds: shown });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
        return;
      }
      this.setData({ busy: false });
      wx.showToast({ title: '好的，不用重复投诉了，请留意公告', icon: 'none' });
      wx.switchTab({ url: '/pages/home/index' });
    },
    /** Not this one: on to the read-back; the complaint records the notices shown. */
    async onNoticeNotIt() {
      const input = this.input();
      if (!input) return;
      this.setData({ busy: true });
      await this.readBack(input);
    },
    onOpenNotice(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/pages/notice/index?id=${e.currentTarget.dataset.id}` });
    },
    async readBack(input: Input) {
      try {
        const preview = await call('complaint.preview', { communityId: input.communityId, description: input.description, desiredOutcome: input.desiredOutcome });
        const d = this.data;
        const { failed } = page(this).photos;
        // An emergency in the text: what to do before help arrives, and a number to call now.
        const urgent = preview.matchedKeywords.length > 0;
        const account = page(this).account!;
        const emergency = urgent ? ownerEmergencyContact(account.serviceDesk, deskOf(account, input.communityId), new Date()) : { text: '', phone: '' };
        this.setData({
          busy: false,
          step: 'review',
          review: {
            category: d.categories.find((c) => c.code === d.category)?.label ?? '由客服判断',
            location: d.locationKind === 'room' ? `我家（${d.roomText}）` : d.publicArea.trim(),
            description: input.description,
            desiredOutcome: input.desiredOutcome || '未填写',
            contactTime: input.contactTime || '未填写',
            photos: `${input.photos?.length ?? 0} 张${failed ? `（${failed} 张上传失败，不会提交）` : ''}`,
            voice: input.voiceNote ? `${input.voiceNote.seconds} 秒` : '',
            urgency: URGENCY_LABELS[preview.suggestedUrgency],
            urgent: preview.suggestedUrgency === 'urgent',
            respondBy: formatTime(preview.respondBy),
            why: preview.matchedKeywords.length ? `含“${preview.matchedKeywords.join('、')}”，将按紧急立即处理` : '客服确认后可能调整',
            advice: urgent ? safetyAdvice(preview.matchedKeywords) : [],
            contact: emergency.text,
            emergencyPhone: emergency.phone,
          },
        });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onBack() {
      this.setData({ step: 'form' });
    },
    async onSubmit() {
      const input = this.input();
      const { account } = page(this);
      if (!input || !account) return;
      // The prompt must open inside the tap, before anything is awaited.
      const subscribed = ask([account.templates.accepted, account.templates.progress, account.templates.result]);
      this.setData({ busy: true });
      await subscribed;
      try {
        const r = await call('complaint.submit', input);
        this.setData({ busy: false, step: 'done', done: { id: r.id, number: r.number, state: stateLabel(r), nextStep: r.nextStep, respondBy: formatTime(r.respondBy), contact: r.contact, contactPhone: r.contactPhone ?? '' } });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    /** seed 000 §(一) 告知联系方式: a number to tap, not just a name. */
    onCallDesk() {
      if (this.data.done.contactPhone) wx.makePhoneCall({ phoneNumber: this.data.done.contactPhone });
    },
    /** The 24-hour number (or the desk) on the read-back of an emergency. */
    onCallEmergency() {
      if (this.data.review.emergencyPhone) wx.makePhoneCall({ phoneNumber: this.data.review.emergencyPhone });
    },
    onOpenDetail() {
      wx.redirectTo({ url: `/pages/detail/index?id=${this.data.done.id}` });
    },
    onHome() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
