// 月度报表: a community-month exported as an .xlsx into cloud storage (stats.export), downloaded by
// its short-lived URL and opened with wx.openDocument, where it can be forwarded.
import { call, messageOf, ServiceError } from '../../../services/api';
import { openSpreadsheet } from '../../../services/files';
import { me } from '../../../services/session';
import { monthBefore } from '../../figures';

const MONTHS_BACK = 6;

Component({
  data: {
    communities: [] as Array<{ id: string; name: string }>,
    communityId: '',
    months: Array.from({ length: MONTHS_BACK }, (_, offset) => ({ offset, label: monthBefore(new Date(), offset).label })),
    offset: 0,
    busy: false,
    error: '',
  },
  methods: {
    async onLoad(query: { communityId?: string }) {
      try {
        const m = await me();
        this.setData({ communities: m.communities, communityId: query.communityId ?? m.communities[0]?.id ?? '' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },
    onCommunity(e: { detail: string }) {
      this.setData({ communityId: e.detail });
    },
    onMonth(e: { detail: number | string }) {
      this.setData({ offset: Number(e.detail) });
    },
    async onExport() {
      const month = monthBefore(new Date(), this.data.offset);
      this.setData({ busy: true, error: '' });
      try {
        const { url } = await call('stats.export', { communityId: this.data.communityId, year: month.year, month: month.month });
        await openSpreadsheet(url);
      } catch (e) {
        // The api's own failures carry their message; anything else failed downloading or opening.
        this.setData({ error: e instanceof ServiceError ? e.message : '报表下载失败，请重试' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
