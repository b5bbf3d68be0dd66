// 管理看板 (seed 000 §(六), seed 003 (10)): what is overdue right now first, then a community's month —
// on-time rates, satisfaction, reopen rate, handling time — with 12-month trends against the company's
// targets, its breakdowns as bars, recurring problems and who carries what.
import { call, messageOf } from '../../../services/api';
import { isAdmin, isCompany, isManager, me } from '../../../services/session';
import { cardView, type CardView } from '../../../utils/cards';
import { schedulerStatus } from '../../../utils/time';
import { bars, communicationFigures, figures, monthBefore, trendCharts, trendTable, type Bar, type CommunicationFigure, type Figure, type TrendChart } from '../../figures';
import { monthSteps } from '../../month-steps';

const OVERDUE_SHOWN = 10;

Component({
  behaviors: [monthSteps],
  data: {
    state: 'loading',
    message: '',
    admin: false,
    company: false,
    communities: [] as Array<{ id: string; name: string }>,
    communityId: '',
    month: '',
    figures: [] as Figure[],
    charts: [] as Array<{ title: string; bars: Bar[] }>,
    /** 投诉量, 按时响应率, 按时办结率, 满意率 over 12 months, drawn; `trendRows` the same figures as text for a screen reader. */
    trends: [] as TrendChart[],
    trendRows: [] as string[],
    recurring: [] as Array<{ title: string; count: number }>,
    workload: [] as Array<{ name: string; assigned: number; resolved: number; open: number; overdue: number }>,
    overdue: [] as CardView[],
    overdueCount: '0',
    scheduler: { text: '', warn: false },
    /** What stops the scheduler's messages (its heartbeat's alarms, e.g. 云调用权限未开通), in red. */
    schedulerAlarms: [] as string[],
    /** 业户走访 of the month (seed 002 §6): against the target, by staff member, who to visit next. */
    visits: { target: 0, done: 0, met: true, byStaff: [] as Array<{ staffId: string; name: string; visits: number }>, next: [] as Array<{ roomId: string; room: string; lastVisitedOn: string | null }> },
    communication: [] as CommunicationFigure[],
  },
  methods: {
    /** From 集团看板: `communityId` (one of the caller's) and the month's `offset` open that community's month. */
    async onLoad(query: { communityId?: string; offset?: string } = {}) {
      try {
        const m = await me();
        if (!isManager(m)) return void this.setData({ state: 'error', message: '仅部门主管、值班经理、总经理和管理员可查看' });
        const chosen = m.communities.find((c) => c.id === query.communityId)?.id ?? m.communities[0]?.id ?? '';
        const offset = Math.max(0, Math.min(24, Number(query.offset) || 0));
        this.setData({ admin: isAdmin(m), company: isCompany(m), communities: m.communities, communityId: chosen, offset, month: monthBefore(new Date(), offset).label });
        await this.load();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async load() {
      const { communityId, offset } = this.data;
      const month = monthBefore(new Date(), offset);
      // Opening, the page already says 加载中 for this month: no second setData to say it again.
      if (this.data.state !== 'loading' || this.data.month !== month.label) this.setData({ state: 'loading', month: month.label });
      try {
        const m = await me();
        const [stats, overdue, staff, visits] = await Promise.all([
          call('stats.monthly', { communityId, year: month.year, month: month.month }),
          call('inbox.list', { view: 'overdue', communityId, limit: OVERDUE_SHOWN }),
          call('staff.list', { communityId }),
          call('visit.month', { communityId, year: month.year, month: month.month }),
        ]);
        const label = (list: Array<{ code: string; label: string }>) => Object.fromEntries(list.map((x) => [x.code, x.label]));
        const names = Object.fromEntries(staff.items.map((s) => [s.id, s.name]));
        this.setData({
          state: 'ready',
          figures: figures(stats, stats.targets),
          trends: trendCharts(stats.trend, stats.targets),
          trendRows: trendTable(stats.trend),
          charts: [
            { title: '按类别', bars: bars(stats.byCategory, label(m.categories)) },
            { title: '按部门', bars: bars(stats.byDepartment, label(m.departments)) },
          ],
          recurring: stats.recurring.map((r) => ({ title: `${r.building}栋 · ${label(m.categories)[r.category] ?? r.category}`, count: r.count })),
          workload: stats.workload.map((w) => ({ name: names[w.handlerId] ?? w.handlerId, assigned: w.assigned, resolved: w.resolved, open: w.open, overdue: w.overdue })),
          overdue: overdue.items.map((c) => cardView(c)),
          // The page of overdue complaints tells whether there are more; no seven-query count for one number.
          overdueCount: overdue.next ? `${OVERDUE_SHOWN}+` : String(overdue.items.length),
          scheduler: schedulerStatus(stats.schedulerLastRunAt),
          schedulerAlarms: stats.schedulerAlarms,
          visits: { target: visits.target, done: visits.done, met: visits.met, byStaff: visits.byStaff, next: visits.next },
          // 业户沟通 (seed 002 每月的业户沟通总结): do notices reach people and prevent complaints, are suggestions answered?
          communication: communicationFigures(stats.communication),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    /** What the figure measures, in one line (seed 003 (10): figures a manager can trust). */
    onFigure(e: { currentTarget: { dataset: { index: number } } }) {
      const f = (this.data.figures as Figure[])[e.currentTarget.dataset.index];
      if (f) wx.showModal({ title: f.label, content: f.definition, showCancel: false, confirmText: '知道了' });
    },
    onCommunity(e: { detail: { name: string } }) {
      this.setData({ communityId: e.detail.name });
      this.load();
    },
    onOpen(e: { detail: { id: string } }) {
      wx.navigateTo({ url: `/staff/pages/task/index?id=${e.detail.id}` });
    },
    onReport() {
      wx.navigateTo({ url: `/manager/pages/report/index?communityId=${this.data.communityId}` });
    },
    onVisit() {
      wx.navigateTo({ url: '/staff/pages/visit/index' });
    },
    onSurveys() {
      wx.navigateTo({ url: `/manager/pages/surveys/index?communityId=${this.data.communityId}` });
    },
    onSummary() {
      wx.navigateTo({ url: `/manager/pages/summary/index?communityId=${this.data.communityId}&offset=${this.data.offset === 0 ? 1 : this.data.offset}` });
    },
    onCompany() {
      wx.navigateTo({ url: '/manager/pages/company/index' });
    },
    onSettings() {
      wx.navigateTo({ url: '/manager/pages/settings/index' });
    },
  },
});
