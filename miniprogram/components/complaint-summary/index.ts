// The head of a complaint — number, status, what and where, the running deadline as a countdown —
// and its photos, which open in WeChat's previewer. Shared by the owner's detail and the staff task.
import type { PhotoView } from '../../utils/complaint-view';

Component({
  properties: {
    c: { type: Object, value: {} },
    photos: { type: Array, value: [] },
  },
  methods: {
    onPreview(e: { currentTarget: { dataset: { url: string } } }) {
      wx.previewImage({ current: e.currentTarget.dataset.url, urls: (this.data.photos as PhotoView[]).filter((p) => p.url).map((p) => p.url) });
    },
  },
});
