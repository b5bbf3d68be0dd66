// 意见建议详情 for staff: the suggestion (its author only to managers when anonymous, seed 002 标准3),
// the reply to the owner, or — when it is really a complaint — turning it into one with a patient
// explanation (seed 002 要求 (13)).
import type { ActionInput } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { me, type Me } from '../../../services/session';
import { instanceState } from '../../../utils/instance';
import { suggestionItem, type SuggestionItem } from '../../../utils/notices';

const page = instanceState(() => ({ account: null as Me | null }));

Component({
  data: {
    state: 'loading',
    message: '',
    id: '',
    item: null as SuggestionItem | null,
    status: '',
    anonymous: false,
    photos: [] as string[],
    canAnswer: false,
    categories: [] as Array<{ code: string; label: string }>,
    replyText: '',
    mode: '' as '' | 'convert',
    category: '',
    explanation: '',
    place: '',
    busy: false,
    error: '',
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query.id ?? '' });
      this.load();
    },
    async load() {
      try {
        const [account, s] = await Promise.all([me(), call('suggestion.detail', { id: this.data.id })]);
        page(this).account = account;
        this.setData({
          state: 'ready',
          item: suggestionItem(s),
          status: s.status,
          anonymous: s.anonymous,
          photos: s.photos.map((p) => s.photoUrls[p]).filter((u): u is string => !!u),
          canAnswer: account.actions.includes('suggestion.reply'),
          categories: account.categories,
        });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    onReplyText(e: { detail: string }) {
      this.setData({ replyText: e.detail, error: '' });
    },
    async onReply() {
      if (!this.data.replyText.trim()) return this.setData({ error: '请填写答复内容' });
      this.setData({ busy: true });
      try {
        const s = await call('suggestion.reply', { id: this.data.id, text: this.data.replyText.trim() });
        this.setData({ busy: false, item: suggestionItem(s), status: s.status, replyText: '' });
        wx.showToast({ title: '已答复业主', icon: 'none' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onConvertMode() {
      this.setData({ mode: 'convert', explanation: '您反映的问题需要尽快处理，我们已转为投诉，由责任部门跟进，处理进度可在「我的投诉」查看。' });
    },
    onCategory(e: WechatMiniprogram.CustomEvent<object, object, { code: string }>) {
      this.setData({ category: e.currentTarget.dataset.code, error: '' });
    },
    onExplanation(e: { detail: string }) {
      this.setData({ explanation: e.detail });
    },
    onPlace(e: { detail: string }) {
      this.setData({ place: e.detail });
    },
    async onConvert() {
      const d = this.data;
      if (!d.category || !d.explanation.trim() || !d.place.trim()) return this.setData({ error: '请选择投诉类别，并填写位置和给业主的说明' });
      this.setData({ busy: true });
      const request: ActionInput<'suggestion.convert'> = { id: d.id, category: d.category, explanation: d.explanation.trim(), location: { kind: 'public_area', description: d.place.trim() } };
      try {
        const r = await call('suggestion.convert', request);
        this.setData({ busy: false, mode: '' });
        wx.showToast({ title: `已转为投诉 ${r.number}`, icon: 'none' });
        await this.load();
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
  },
});
