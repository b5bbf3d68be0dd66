// 发布公告 / 通知单 (seed 002 要求 (1)(2)(3)(6)): before cutting water or power, disinfecting, repairing
// a lift, building or holding an event, the office tells the owners of the buildings concerned — for
// the period the work is in force. Owners see it on 首页, get a message if they subscribed, and are
// shown it when they file a complaint it explains. The community's current notices are listed above
// the form, each with 撤回 (withdraw): it is gone for owners at once and its unsent messages cancelled —
// and with how many households it kept from filing (「是这个问题，不用投诉了」, the point of a notice).
import dayjs from 'dayjs';
import type { ActionInput } from '../../../../typings/api';
import type { PhotosChange } from '../../../components/photo-uploader/index';
import { call, messageOf, newRequestId } from '../../../services/api';
import { me } from '../../../services/session';
import { instanceState } from '../../../utils/instance';
import { NOTICE_KIND_LABELS, NOTICE_STATE_LABELS } from '../../../utils/labels';

type Kind = ActionInput<'notice.publish'>['kind'];
const KINDS = (Object.entries(NOTICE_KIND_LABELS) as Array<[Kind, string]>).map(([code, label]) => ({ code, label }));

const page = instanceState(() => ({ requestId: newRequestId(), photos: { fileIDs: [], uploading: 0, failed: 0 } as PhotosChange }));

Component({
  data: {
    state: 'loading',
    message: '',
    kinds: KINDS,
    kind: 'water_outage' as Kind,
    communities: [] as Array<{ id: string; name: string }>,
    communityId: '',
    buildings: [] as Array<{ name: string; on: boolean }>,
    title: '',
    text: '',
    fromDate: '',
    fromTime: '',
    toDate: '',
    toTime: '',
    busy: false,
    privacyRefused: false,
    errors: { title: '', text: '' },
    /** The community's current notices, soonest ending first: what 撤回 applies to. */
    current: [] as Array<{ id: string; title: string; state: string; withdrawn: boolean; line: string; deflected: string }>,
  },
  methods: {
    async onLoad() {
      page(this).requestId = newRequestId();
      try {
        const m = await me();
        const start = dayjs().add(1, 'hour').startOf('hour');
        const end = start.add(8, 'hour');
        this.setData({
          communities: m.communities.map((c) => ({ id: c.id, name: c.name })),
          communityId: m.communities[0]?.id ?? '',
          fromDate: start.format('YYYY-MM-DD'),
          fromTime: start.format('HH:mm'),
          toDate: end.format('YYYY-MM-DD'),
          toTime: end.format('HH:mm'),
        });
        await this.loadBuildings();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async loadBuildings() {
      const [{ items }] = await Promise.all([call('directory.list', { communityId: this.data.communityId }), this.loadCurrent()]);
      this.setData({ state: 'ready', buildings: items.map((b) => ({ name: b.id, on: false })) });
    },
    async loadCurrent() {
      const { items } = await call('notice.list', { communityId: this.data.communityId, limit: 20 });
      const time = (d: Date | string) => dayjs(d).format('M月D日 HH:mm');
      this.setData({ current: items.map((n) => ({ id: n.id, title: `${n.kindLabel} · ${n.title}`, state: NOTICE_STATE_LABELS[n.state], withdrawn: false, line: `${n.area} · ${time(n.validFrom)}–${time(n.validTo)}`, deflected: `${n.deflected ?? 0} 位业主看到公告后未再投诉` })) });
    },
    async onWithdraw(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      const i = this.data.current.findIndex((x) => x.id === e.currentTarget.dataset.id);
      const n = this.data.current[i];
      if (!n) return;
      const { confirm } = await wx.showModal({ title: '撤回公告', content: `撤回后业主将不再看到「${n.title}」，尚未发出的微信通知不再发送。确定撤回吗？`, confirmText: '撤回', confirmColor: '#d9001b' });
      if (!confirm) return;
      this.setData({ busy: true });
      try {
        await call('notice.withdraw', { id: n.id });
        wx.showToast({ title: NOTICE_STATE_LABELS.withdrawn, icon: 'success' });
        // The row stays and says so until the page is opened again (the list reads notices not yet ended).
        this.setData({ [`current[${i}].state`]: NOTICE_STATE_LABELS.withdrawn, [`current[${i}].withdrawn`]: true });
      } catch (err) {
        wx.showToast({ title: messageOf(err), icon: 'none' });
      }
      this.setData({ busy: false });
    },
    async onCommunity(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      this.setData({ communityId: e.currentTarget.dataset.id });
      await this.loadBuildings().catch((err: unknown) => this.setData({ state: 'error', message: messageOf(err) }));
    },
    onKind(e: WechatMiniprogram.CustomEvent<object, object, { code: Kind }>) {
      this.setData({ kind: e.currentTarget.dataset.code });
    },
    onBuilding(e: WechatMiniprogram.CustomEvent<object, object, { index: number }>) {
      const i = e.currentTarget.dataset.index;
      this.setData({ [`buildings[${i}].on`]: !this.data.buildings[i]!.on });
    },
    onTitle(e: { detail: string }) {
      this.setData({ title: e.detail, 'errors.title': '' });
    },
    onText(e: { detail: string }) {
      this.setData({ text: e.detail, 'errors.text': '' });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }, object, { key: 'fromDate' | 'fromTime' | 'toDate' | 'toTime' }>) {
      this.setData({ [e.currentTarget.dataset.key]: e.detail.value });
    },
    onPhotos(e: WechatMiniprogram.CustomEvent<PhotosChange>) {
      page(this).photos = e.detail;
    },
    onPhotoPrivacy(e: WechatMiniprogram.CustomEvent<{ refused: boolean }>) {
      this.setData({ privacyRefused: e.detail.refused });
    },
    async onPublish() {
      const d = this.data;
      const errors = { title: d.title.trim() ? '' : '请填写公告标题', text: d.text.trim() ? '' : '请填写公告内容' };
      if (errors.title || errors.text) return this.setData({ errors });
      if (page(this).photos.uploading > 0) return wx.showToast({ title: '照片上传中，请稍候', icon: 'none' });
      this.setData({ busy: true });
      try {
        await call('notice.publish', {
          requestId: page(this).requestId,
          communityId: d.communityId,
          kind: d.kind,
          title: d.title.trim(),
          text: d.text.trim(),
          photos: page(this).photos.fileIDs,
          buildings: d.buildings.filter((b) => b.on).map((b) => b.name),
          validFrom: dayjs(`${d.fromDate} ${d.fromTime}`).toISOString(),
          validTo: dayjs(`${d.toDate} ${d.toTime}`).toISOString(),
        });
        this.setData({ busy: false, state: 'done' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onBack() {
      wx.navigateBack();
    },
  },
});
