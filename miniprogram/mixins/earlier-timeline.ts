// 查看更早的记录 on both detail pages (投诉详情, 工单详情): the api sends a complaint's latest timeline
// entries (a long history would pass setData's 256 KB); each tap reads the page before the earliest
// shown (complaint.timeline) and sets only that page and its photos, by path keys.
import type { ComplaintDetail, Wire } from '../../typings/api';
import { call, messageOf } from '../services/api';
import { earlierPhotoViews, photoViews, timelineSteps, type PhotoView, type Step } from '../utils/complaint-view';
import { instanceState } from '../utils/instance';

/** Where the next earlier page starts, and the photo keys already on screen (each shown once). */
const timeline = instanceState(() => ({ id: '', before: 0, seen: new Set<string>(), photoCount: 0 }));

/**
 * What a page sets to show a complaint's detail: the latest steps and the photos, and room for the
 * earlier entries. `older[k]` is the page of entries that has k readable entries before it, so the
 * pages read from the latest backwards fill `older` from its end and it always reads oldest first
 * (slots not read yet are empty and render nothing).
 */
export function timelineData(instance: object, id: string, detail: Wire<ComplaintDetail>): { steps: Step[]; photos: PhotoView[]; older: Step[][]; earlier: number } {
  const state = timeline(instance);
  state.id = id;
  state.before = detail.complaint.timeline[0]?.seq ?? 0;
  state.seen = new Set();
  const photos = photoViews(detail, state.seen);
  state.photoCount = photos.length;
  return { steps: timelineSteps(detail.complaint.timeline), photos, older: Array.from({ length: detail.earlierEntries }, () => []), earlier: detail.earlierEntries };
}

export const earlierTimeline = Behavior({
  data: { older: [] as Step[][], earlier: 0, loadingEarlier: false },
  methods: {
    async onEarlier() {
      const state = timeline(this);
      if (this.data.loadingEarlier || this.data.earlier === 0) return;
      this.setData({ loadingEarlier: true });
      try {
        const page = await call('complaint.timeline', { id: state.id, before: state.before });
        const update: Record<string, unknown> = { [`older[${page.earlierEntries}]`]: timelineSteps(page.entries), earlier: page.earlierEntries, loadingEarlier: false };
        earlierPhotoViews(page, state.seen).forEach((photo) => (update[`photos[${state.photoCount++}]`] = photo));
        state.before = page.entries[0]?.seq ?? state.before;
        this.setData(update);
      } catch (e) {
        this.setData({ loadingEarlier: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
  },
});
