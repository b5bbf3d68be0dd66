// 月度报表: a community-month exported as an .xlsx into cloud storage (stats.export), downloaded by
// its short-lived URL and opened with wx.openDocument, where it can be forwarded. The server builds it
// a step per call; the page calls the steps in turn and its bar moves as each one is done.
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
    /** The bar (0–100) and, under it, what is being done now (「正在统计本月投诉（第 1/3 步）」). */
    progress: 0,
    doing: '',
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
      const request = { communityId: this.data.communityId, year: month.year, month: month.month };
      this.setData({ busy: true, error: '', progress: 0, doing: '正在开始…' });
      try {
        let r = await call('stats.export', request);
        while (!r.done) {
          this.setData({ progress: Math.round((r.step / r.steps) * 100), doing: `${r.next}（第 ${r.step + 1}/${r.steps} 步）` });
          r = await call('stats.export', { ...request, jobId: r.jobId });
        }
        this.setData({ progress: 100, doing: '报表已生成，正在打开' });
        await openSpreadsheet(r.url);
      } catch (e) {
        // The api's own failures carry their message; anything else failed downloading or opening.
        this.setData({ error: e instanceof ServiceError ? e.message : '报表下载失败，请重试' });
      } finally {
        this.setData({ busy: false, doing: '' });
      }
    },
  },
});
