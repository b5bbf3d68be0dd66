// Photos for a complaint or a staff step, the same way everywhere (owners on 我要投诉, staff on a
// task's forms): chosen and compressed, uploaded to the caller's own folder with progress, a failed one
// retried by a tap, at most `max`. The page gets the uploaded file ids through `change`.
// WeChat's privacy question is answered by the page's own privacy-popup (services/privacy.ts routes
// it to the page on screen), so the page also owns the answer: this component reports a refusal it
// meets (`privacy`) and shows the notice while the page's `refused` says so. A scope the guide does not
// declare is no answer of the user's: the component says so itself.
import { choosePhotos, MAX_PHOTOS, uploadPhoto } from '../../services/photos';
import { privacyMessage } from '../../services/privacy';
import { me } from '../../services/session';
import { instanceState } from '../../utils/instance';

/** van-uploader's file item: the thumbnail, its upload state and the cloud file id once uploaded. */
interface Photo {
  /** Which choice this is: temp paths can repeat (the same picture chosen twice). */
  key: number;
  url: string;
  status: 'uploading' | 'failed' | 'done';
  message: string;
  fileID: string;
}

/** What `change` carries: what would be sent now, and what is not ready (the page decides what to do). */
export interface PhotosChange {
  fileIDs: string[];
  uploading: number;
  failed: number;
}

/** Progress shows in quarter steps, so a photo's upload costs at most four setData calls. */
const PROGRESS_STEP = 25;

/** Numbers the photos this uploader has taken, for their keys. */
const counter = instanceState(() => ({ next: 0 }));

Component({
  properties: {
    /** How many photos at most, counting those already added. @default 9 (services/photos.ts) */
    max: { type: Number, value: MAX_PHOTOS },
    /** The page's privacy answer: true while the user has refused the guide. */
    refused: { type: Boolean, value: false },
    /** Shown under the photos while refused: what still works without them. */
    notice: { type: String, value: '未同意隐私保护指引，无法选择照片。' },
    /** The add button's text. @default 添加照片 */
    addText: { type: String, value: '添加照片' },
  },
  /** `undeclared`: the message for WeChat's errno 112, shown until photos can be chosen again. */
  data: { files: [] as Photo[], undeclared: '' },
  methods: {
    async onAdd() {
      const chosen = await choosePhotos(this.data.max - this.data.files.length);
      if (!chosen.ok) {
        if (chosen.reason === 'refused') this.triggerEvent('privacy', { refused: true });
        if (chosen.reason === 'undeclared') this.setData({ undeclared: privacyMessage('undeclared', '选择照片') });
        return;
      }
      this.triggerEvent('privacy', { refused: false });
      if (this.data.undeclared) this.setData({ undeclared: '' });
      const start = this.data.files.length;
      // Path keys: only the new thumbnails go through setData, not the whole list again.
      const added: Record<string, Photo> = {};
      const seq = counter(this);
      chosen.paths.forEach((url, i) => (added[`files[${start + i}]`] = { key: seq.next++, url, status: 'uploading', message: '0%', fileID: '' }));
      this.setData(added);
      this.changed();
      await Promise.all(chosen.paths.map((_, i) => this.upload(start + i)));
    },
    async upload(index: number) {
      const photo = this.data.files[index];
      if (!photo) return;
      // A thumbnail deleted meanwhile moves the ones after it: find this one again by its key before
      // each update, and drop the result if it is gone.
      const at = () => this.data.files.findIndex((p) => p.key === photo.key);
      let shown = 0;
      let result: Photo;
      try {
        // Into the signed-in user's own folder: the server accepts no other (session.ts caches who).
        const { openid } = await me();
        const fileID = await uploadPhoto(openid, photo.url, (percent) => {
          if (percent - shown < PROGRESS_STEP || percent >= 100 || at() < 0) return;
          shown = percent;
          this.setData({ [`files[${at()}].message`]: `${percent}%` });
        });
        result = { ...photo, status: 'done', message: '', fileID };
      } catch {
        result = { ...photo, status: 'failed', message: '点击重试' };
      }
      if (at() < 0) return;
      this.setData({ [`files[${at()}]`]: result });
      this.changed();
    },
    /** A tap on a failed thumbnail uploads it again; on an uploaded one, van-uploader previews it. */
    onTap(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const photo = this.data.files[e.detail.index];
      if (photo?.status !== 'failed') return;
      this.setData({ [`files[${e.detail.index}]`]: { ...photo, status: 'uploading', message: '0%' } });
      this.changed();
      void this.upload(e.detail.index);
    },
    onDelete(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ files: this.data.files.filter((_, i) => i !== e.detail.index) });
      this.changed();
    },
    changed() {
      const files = this.data.files;
      const detail: PhotosChange = {
        fileIDs: files.filter((p) => p.status === 'done').map((p) => p.fileID),
        uploading: files.filter((p) => p.status === 'uploading').length,
        failed: files.filter((p) => p.status === 'failed').length,
      };
      this.triggerEvent('change', detail);
    },
  },
});
