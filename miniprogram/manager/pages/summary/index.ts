// 业户沟通总结 (seed 002 职责): a community-month's summary — its figures (the statistics' every block,
// 业户沟通 included, the visits' and the surveys' own), the 客户服务主管's text, submitted to and approved or returned by the
// 管理处主任 (a duty manager or the general manager, never the author).
import type { SummaryView, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { me } from '../../../services/session';
import { communicationFigures, figures, monthBefore, type CommunicationFigure } from '../../figures';
import { monthSteps } from '../../month-steps';

const STATUS_TEXT: Record<SummaryView['status'], string> = {
  scheduled: '本月尚未结束，月末自动生成草稿',
  draft: '草稿：待客户服务主管编写并提交',
  submitted: '已提交，待管理处主任审阅',
  approved: '已审阅通过',
  returned: '已退回，待客户服务主管修改',
};
const ACTION_TEXT: Record<SummaryView['history'][number]['action'], string> = { drafted: '生成草稿', edited: '保存', submitted: '提交审阅', approved: '审阅通过', returned: '退回修改' };
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/**
 * The month's figures as submitted (or live while a draft): every figure of the 管理看板 — the
 * complaints', the recurring problems, 业户沟通 — then the visits and the surveys.
 */
function figuresOf(v: Wire<SummaryView>, categories: Record<string, string>): Array<{ label: string; value: string }> {
  const f = v.figures;
  return [
    ...figures(f.statistics).map(({ label, value }) => ({ label, value })),
    ...f.statistics.recurring.map((r) => ({ label: `反复出现：${r.building}栋 ${categories[r.category] ?? r.category}`, value: `${r.count} 次` })),
    { label: '业户走访', value: `${f.visits.done} / ${f.visits.target} 户` },
    ...f.surveys.map((s) => ({ label: `调查：${s.title}`, value: `${s.responses} 份 · ${pct(s.responseRate)}` })),
  ];
}

Component({
  behaviors: [monthSteps],
  data: {
    state: 'loading',
    message: '',
    communityId: '',
    month: '',
    statusText: '',
    figures: [] as Array<{ label: string; value: string }>,
    /** 业户沟通: notices, what they prevented, suggestions (seed 002 职责: what the summary summarises). */
    communication: [] as CommunicationFigure[],
    text: { overview: '', problems: '', plans: '' },
    authorName: '',
    canEdit: false,
    canReview: false,
    history: [] as Array<{ title: string; comment: string }>,
    comment: '',
    busy: false,
    error: '',
  },
  methods: {
    async onLoad(query: { communityId?: string; offset?: string } = {}) {
      try {
        const m = await me();
        const offset = Math.max(0, Math.min(24, Number(query.offset ?? 1) || 0));
        this.setData({ communityId: m.communities.find((c) => c.id === query.communityId)?.id ?? m.communities[0]?.id ?? '', offset });
        await this.load();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async show(v: Wire<SummaryView>) {
      const categories = Object.fromEntries((await me()).categories.map((c) => [c.code, c.label]));
      this.setData({
        state: 'ready',
        statusText: STATUS_TEXT[v.status],
        figures: figuresOf(v, categories),
        communication: communicationFigures(v.figures.statistics.communication),
        text: v.text,
        authorName: v.authorName,
        canEdit: v.canEdit,
        canReview: v.canReview,
        history: v.history.map((h) => ({ title: `${h.at.slice(0, 10)} ${h.byName} ${ACTION_TEXT[h.action]}`, comment: h.comment })),
      });
    },
    async load() {
      const month = monthBefore(new Date(), this.data.offset);
      this.setData({ state: 'loading', month: month.label, error: '' });
      try {
        await this.show(await call('summary.get', { communityId: this.data.communityId, year: month.year, month: month.month }));
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onText(e: { currentTarget: { dataset: { key: string } }; detail: string }) {
      this.setData({ [`text.${e.currentTarget.dataset.key}`]: e.detail });
    },
    onComment(e: { detail: string }) {
      this.setData({ comment: e.detail });
    },
    async send(run: (m: { communityId: string; year: number; month: number }) => Promise<Wire<SummaryView>>) {
      const month = monthBefore(new Date(), this.data.offset);
      this.setData({ busy: true, error: '' });
      try {
        await this.show(await run({ communityId: this.data.communityId, year: month.year, month: month.month }));
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onSave() {
      return this.send((m) => call('summary.save', { ...m, text: this.data.text }));
    },
    onSubmit() {
      return this.send((m) => call('summary.save', { ...m, text: this.data.text, submit: true }));
    },
    onApprove() {
      return this.send((m) => call('summary.review', { ...m, decision: 'approve', comment: this.data.comment }));
    },
    onReturn() {
      if (this.data.comment.trim() === '') return void this.setData({ error: '退回总结时请写明原因' });
      return this.send((m) => call('summary.review', { ...m, decision: 'return', comment: this.data.comment }));
    },
  },
});
