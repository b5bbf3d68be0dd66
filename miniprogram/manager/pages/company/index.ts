// 集团看板: every community the general manager or an administrator oversees, side by side for a
// month, ranked (on-time resolution, then response, satisfaction, fewer overdue) as a table whose bars
// are the ranking's first figure against the company's target; a row opens that community's 管理看板.
import { call, messageOf } from '../../../services/api';
import { isCompany, me } from '../../../services/session';
import { asOfNote, companyRow, monthBefore, type CompanyRowView } from '../../figures';
import { monthSteps } from '../../month-steps';

Component({
  behaviors: [monthSteps],
  data: {
    state: 'loading',
    message: '',
    month: '',
    rows: [] as CompanyRowView[],
    visitsNote: '',
    /** The 按时办结率 target the bars are read against (「目标 ≥ 90%」). */
    target: '',
    asOf: '',
  },
  methods: {
    async onLoad() {
      try {
        if (!isCompany(await me())) return void this.setData({ state: 'error', message: '仅总经理和管理员可查看集团看板' });
        await this.load();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async load() {
      const month = monthBefore(new Date(), this.data.offset);
      this.setData({ state: 'loading', month: month.label });
      try {
        const r = await call('stats.company', { year: month.year, month: month.month });
        this.setData({
          state: r.items.length ? 'ready' : 'empty',
          message: r.items.length ? '' : '您还没有负责的小区',
          rows: r.items.map((item, i) => companyRow(item, i + 1, r.overdueComplete, r.targets)),
          visitsNote: r.definitions.visits,
          target: `目标 ≥ ${Math.round(r.targets.resolutionOnTimeRate * 100)}%`,
          asOf: asOfNote(r.items),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onOpen(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: `/manager/pages/dashboard/index?communityId=${e.currentTarget.dataset.id}&offset=${this.data.offset}` });
    },
  },
});
