// 设置 · 节假日与调休: the company's own holiday and make-up workday dates, over the public calendar
// (which may lack a year: the page warns of the gaps). The date being added is kept here; a complete one
// goes to the page (`add`), which puts it into the policy and shows the new list.

export interface OverrideView {
  date: string;
  text: string;
}

const EMPTY = { date: '', kind: 'holiday' as 'holiday' | 'workday', name: '' };

Component({
  properties: {
    overrides: { type: Array, value: [] as OverrideView[] },
  },
  data: { draft: EMPTY },
  methods: {
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'draft.date': e.detail.value });
    },
    onKind(e: { detail: 'holiday' | 'workday' }) {
      this.setData({ 'draft.kind': e.detail });
    },
    onName(e: { detail: string }) {
      this.setData({ 'draft.name': e.detail });
    },
    onAdd() {
      const { date, kind, name } = this.data.draft;
      if (!date) return void this.triggerEvent('error', { message: '请选择日期' });
      this.triggerEvent('add', { date, kind, ...(name.trim() ? { name: name.trim() } : {}) });
      this.setData({ draft: EMPTY });
    },
  },
});
