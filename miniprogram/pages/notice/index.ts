// 公告详情: what the office announced, for when, where, with its photos (seed 002 要求 (1)(2)(3)(6)),
// and where it stands — staff may open one they withdrew, which then says 已撤回 (issue 28.4).
import { call, messageOf } from '../../services/api';
import { NOTICE_STATE_LABELS } from '../../utils/labels';
import { noticePeriod } from '../../utils/notices';

Component({
  data: {
    state: 'loading',
    message: '',
    id: '',
    notice: { title: '', kind: '', area: '', period: '', text: '', state: '', inForce: false, by: '' },
    photos: [] as string[],
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query.id ?? '' });
      this.load();
    },
    async load() {
      try {
        const n = await call('notice.detail', { id: this.data.id });
        this.setData({
          state: 'ready',
          notice: { title: n.title, kind: n.kindLabel, area: n.area, period: noticePeriod(n.validFrom, n.validTo), text: n.text, state: NOTICE_STATE_LABELS[n.state], inForce: n.state === 'in_force', by: n.publishedBy ?? '' },
          photos: n.photos.map((p) => n.photoUrls[p]).filter((u): u is string => !!u),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onPreview(e: WechatMiniprogram.CustomEvent<object, object, { url: string }>) {
      wx.previewImage({ urls: this.data.photos, current: e.currentTarget.dataset.url });
    },
  },
});
