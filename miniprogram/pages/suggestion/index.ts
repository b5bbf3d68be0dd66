// 提意见建议 (seed 002 §3 沟通内容 1)–10)): a topic, the text, photos, and whether staff below manager
// may see who wrote it (seed 002 标准3 信息保密). The submit tap asks for the reply message.
import type { PhotosChange } from '../../components/photo-uploader/index';
import { call, messageOf, newRequestId } from '../../services/api';
import { me, type Me } from '../../services/session';
import { ask } from '../../services/subscriptions';
import { instanceState } from '../../utils/instance';
import { TOPIC_LABELS, TOPIC_ORDER } from '../../utils/labels';
import { formatTime } from '../../utils/time';
import type { Topic } from '../../../domain/model';

/** seed 002 §3 1)–10), in the handbook's order (domain/model.ts TOPICS). */
const TOPICS = TOPIC_ORDER.map((code) => ({ code, label: TOPIC_LABELS[code] }));

const page = instanceState(() => ({ account: null as Me | null, requestId: newRequestId(), photos: { fileIDs: [], uploading: 0, failed: 0 } as PhotosChange }));

Component({
  data: {
    state: 'loading',
    message: '',
    topics: TOPICS,
    topic: '' as Topic | '',
    text: '',
    anonymous: false,
    busy: false,
    privacyRefused: false,
    error: '',
    done: { number: '', replyDueBy: '' },
  },
  methods: {
    async onLoad() {
      page(this).requestId = newRequestId();
      try {
        const account = await me();
        page(this).account = account;
        if (account.kind !== 'owner') {
          wx.redirectTo({ url: '/pages/bind/index' });
          return;
        }
        this.setData({ state: 'ready' });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onTopic(e: WechatMiniprogram.CustomEvent<object, object, { code: Topic }>) {
      this.setData({ topic: e.currentTarget.dataset.code, error: '' });
    },
    onText(e: { detail: string }) {
      this.setData({ text: e.detail, error: '' });
    },
    onAnonymous(e: { detail: boolean }) {
      this.setData({ anonymous: e.detail });
    },
    onPhotos(e: WechatMiniprogram.CustomEvent<PhotosChange>) {
      page(this).photos = e.detail;
    },
    onPhotoPrivacy(e: WechatMiniprogram.CustomEvent<{ refused: boolean }>) {
      this.setData({ privacyRefused: e.detail.refused });
    },
    async onSubmit() {
      const { topic, text, anonymous } = this.data;
      const error = !topic ? '请选择意见建议的类别' : text.trim().length < 5 ? '请至少用 5 个字写下您的意见建议' : '';
      if (error) return this.setData({ error });
      if (page(this).photos.uploading > 0) return wx.showToast({ title: '照片上传中，请稍候', icon: 'none' });
      const { account, requestId, photos } = page(this);
      // The prompt must open inside the tap, before anything is awaited.
      const subscribed = ask([account!.templates.suggestion_reply]);
      this.setData({ busy: true });
      await subscribed;
      try {
        const r = await call('suggestion.submit', { requestId, topic: topic as Topic, text: text.trim(), anonymous, photos: photos.fileIDs, roomId: account!.rooms[0]?.id });
        this.setData({ busy: false, state: 'done', done: { number: r.number, replyDueBy: formatTime(r.replyDueBy) } });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onMine() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: '/pages/suggestions/index' }) });
    },
  },
});
