// 满意度调查 for owners (seed 002 标准4, 要求(5)(11)): answer a survey of their community — 1 to 5 on
// each topic with an optional comment, once per household — or read its results once published.
import type { Topic } from '../../../domain/model';
import { call, messageOf } from '../../services/api';
import { SCORE_WORDS, TOPIC_LABELS } from '../../utils/labels';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

Component({
  data: {
    state: 'loading',
    message: '',
    mode: 'answer' as 'answer' | 'done' | 'results',
    id: '',
    title: '',
    anonymous: false,
    roomId: '',
    scores: SCORE_WORDS.map((word, i) => ({ value: String(i + 1), label: `${i + 1} 分`, word })),
    /** The scale's two ends, under the row of five: the words that fit on one line at any font size. */
    ends: [SCORE_WORDS[0], SCORE_WORDS[4]],
    questions: [] as Array<{ topic: Topic; label: string; score: string; comment: string }>,
    results: [] as Array<{ topic: Topic; label: string; average: string; satisfied: string }>,
    responses: 0,
    rate: '—',
    average: '—',
    busy: false,
    error: '',
  },
  methods: {
    onLoad(query: { id?: string; results?: string }) {
      this.setData({ id: query.id ?? '', mode: query.results ? 'results' : 'answer' });
      return this.load();
    },
    async load() {
      this.setData({ state: 'loading' });
      try {
        if (this.data.mode === 'results') {
          const r = await call('survey.results', { surveyId: this.data.id });
          this.setData({
            state: 'ready',
            title: r.survey.title,
            responses: r.results.responses,
            rate: pct(r.results.responseRate),
            average: r.results.average === null ? '—' : String(r.results.average),
            results: r.results.topics.map((t) => ({ topic: t.topic, label: t.label, average: t.average === null ? '—' : String(t.average), satisfied: pct(t.satisfiedRate) })),
          });
          return;
        }
        const mine = await call('survey.mine', {});
        const survey = mine.open.find((s) => s.id === this.data.id);
        if (!survey) return void this.setData({ state: 'ready', mode: 'done' });
        this.setData({
          state: 'ready',
          title: survey.title,
          anonymous: survey.anonymous,
          roomId: survey.roomsToAnswer[0] ?? '',
          questions: survey.topics.map((topic) => ({ topic, label: TOPIC_LABELS[topic], score: '', comment: '' })),
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    indexOf(topic: Topic): number {
      return this.data.questions.findIndex((q) => q.topic === topic);
    },
    onScore(e: { currentTarget: { dataset: { topic: Topic } }; detail: string }) {
      this.setData({ [`questions[${this.indexOf(e.currentTarget.dataset.topic)}].score`]: String(e.detail), error: '' });
    },
    onComment(e: { currentTarget: { dataset: { topic: Topic } }; detail: string }) {
      this.setData({ [`questions[${this.indexOf(e.currentTarget.dataset.topic)}].comment`]: e.detail });
    },
    async onSubmit() {
      const missing = this.data.questions.find((q) => q.score === '');
      if (missing) return void this.setData({ error: `请为「${missing.label}」打分` });
      this.setData({ busy: true, error: '' });
      try {
        await call('survey.answer', {
          surveyId: this.data.id,
          roomId: this.data.roomId || undefined,
          answers: this.data.questions.map((q) => ({ topic: q.topic, score: Number(q.score), comment: q.comment.trim() })),
        });
        this.setData({ mode: 'done' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
