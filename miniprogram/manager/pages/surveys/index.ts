// 满意度调查 (seed 002 标准4, 要求(11)): a community's surveys; a new one on the ten topics of seed 002
// §3; a survey's results per question with the response rate, beside the previous survey's; and
// publishing them to the owners in one action (要求(5)).
import type { SurveyEntry, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { me } from '../../../services/session';
import { TOPIC_LABELS } from '../../../utils/labels';

const STATUS_TEXT: Record<SurveyEntry['status'], string> = { upcoming: '未开始', open: '进行中', closed: '已结束', published: '已公布' };
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

Component({
  data: {
    state: 'loading',
    message: '',
    communityId: '',
    surveys: [] as Array<{ id: string; title: string; period: string; anonymous: boolean; statusText: string }>,
    results: null as null | Record<string, unknown>,
    form: { title: '', opensOn: today(), closesOn: '', anonymous: 'yes' },
    busy: false,
    error: '',
  },
  methods: {
    async onLoad(query: { communityId?: string } = {}) {
      try {
        const m = await me();
        this.setData({ communityId: m.communities.find((c) => c.id === query.communityId)?.id ?? m.communities[0]?.id ?? '' });
        await this.load();
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async load() {
      try {
        const { items } = await call('survey.list', { communityId: this.data.communityId });
        this.setData({
          state: 'ready',
          surveys: items.map((s: Wire<SurveyEntry>) => ({ id: s.id, title: s.title, period: `${s.opensOn} 至 ${s.closesOn}`, anonymous: s.anonymous, statusText: STATUS_TEXT[s.status] })),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onValue(e: { currentTarget: { dataset: { key: string } }; detail: string }) {
      this.setData({ [`form.${e.currentTarget.dataset.key}`]: e.detail });
    },
    async onOpen(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ error: '' });
      try {
        const r = await call('survey.results', { surveyId: e.currentTarget.dataset.id });
        const before = new Map((r.previous?.results.topics ?? []).map((t) => [t.topic, t.average]));
        this.setData({
          results: {
            id: r.survey.id,
            title: r.survey.title,
            responses: r.results.responses,
            rate: pct(r.results.responseRate),
            average: r.results.average ?? '—',
            canPublish: r.survey.status === 'closed',
            published: r.survey.status === 'published',
            topics: r.results.topics.map((t) => {
              const was = before.get(t.topic);
              const change = t.average !== null && was !== undefined && was !== null ? `（上次 ${was}）` : '';
              return { topic: t.topic, label: t.label, answered: t.answered, satisfied: pct(t.satisfiedRate), average: t.average ?? '—', change };
            }),
            comments: r.comments.map((c) => ({ label: TOPIC_LABELS[c.topic], text: c.text, room: c.room ?? '匿名' })),
          },
        });
      } catch (err) {
        this.setData({ error: messageOf(err) });
      }
    },
    async onPublish() {
      const results = this.data.results as { id: string } | null;
      if (!results) return;
      this.setData({ busy: true, error: '' });
      try {
        await call('survey.publish', { surveyId: results.id });
        await this.onOpen({ currentTarget: { dataset: { id: results.id } } });
        await this.load();
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onCreate() {
      const f = this.data.form;
      if (f.title.trim() === '' || !/^\d{4}-\d{2}-\d{2}$/.test(f.opensOn) || !/^\d{4}-\d{2}-\d{2}$/.test(f.closesOn)) {
        this.setData({ error: '请填写标题，并按 2026-11-30 的格式填写开始和结束日期' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        await call('survey.create', { communityId: this.data.communityId, title: f.title.trim(), opensOn: f.opensOn, closesOn: f.closesOn, anonymous: f.anonymous === 'yes' });
        this.setData({ form: { title: '', opensOn: today(), closesOn: '', anonymous: 'yes' } });
        wx.showToast({ title: '调查已发起', icon: 'success' });
        await this.load();
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
