// 工单详情 for staff: the complaint, the owner (phone masked; the assigned handler may reveal it to
// call, which the server logs), the record (the latest steps, earlier ones on request), and exactly the steps this caller may take now, each
// as its form (utils/action-forms.ts) in a bottom sheet.
import type { ComplaintDetail, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import type { PhotosChange } from '../../../components/photo-uploader/index';
import { me, type Me } from '../../../services/session';
import { askForTaskAlerts } from '../../../services/subscriptions';
import { actionForms, missingField, visibleFields, type ActionForm, type Choices, type Field, type StaffCommand, type Values } from '../../action-forms';
import { earlierTimeline, timelineData } from '../../../mixins/earlier-timeline';
import { summary, type PhotoView, type Step, type Summary } from '../../../utils/complaint-view';
import { instanceState } from '../../../utils/instance';
import { voiceNotesOf, type VoiceNoteView } from '../../../utils/voice-notes';
import { formatTime } from '../../../utils/time';
import { CHANNEL_LABELS } from '../../../utils/labels';

type Detail = Wire<ComplaintDetail>;

/**
 * What this task page works on, off the view: the complaint, who is looking, the forms this caller's
 * choices make, the one open in the sheet, and its photo-uploader's last report.
 */
const NO_PHOTOS: PhotosChange = { fileIDs: [], uploading: 0, failed: 0 };
const page = instanceState(() => ({ id: '', communityId: '', account: null as Me | null, forms: null as Record<StaffCommand, ActionForm> | null, current: null as ActionForm | null, photos: NO_PHOTOS, prefill: {} as Partial<Record<StaffCommand, Values>> }));

/**
 * What a form opens with, from the complaint: 受理分派 with the owner's category and the urgency the
 * text suggested (the system suggests, staff confirm — DESIGN.md §1 classification); 答复投诉人 with the
 * way the complaint came in (seed 003 (8)).
 */
function prefill(c: Detail['complaint']): Partial<Record<StaffCommand, Values>> {
  const way = { phone: 'phone', letter: 'letter', walk_in: 'visit', other: 'phone', mini_program: '' }[c.channel];
  return {
    triage: { valid: 'yes', category: c.suggestedCategory ?? '', urgency: c.suggestedUrgency ?? 'normal', complexity: 'ordinary' },
    record_reply: way ? { way } : {},
  };
}

/** Who can be named as the handler: the community's handlers and department heads. */
async function handlers(communityId: string): Promise<Choices['handlers']> {
  const { items } = await call('staff.list', { communityId });
  return items.filter((s) => s.role === 'handler' || s.role === 'department_head').map((s) => ({ value: s.id, label: s.name }));
}

/** `privacyRefused`: the privacy guide was refused, so photos can't be chosen; the form still sends. */
const EMPTY_FORM = { open: false, title: '', fields: [] as Field[], values: {} as Values, labels: {} as Record<string, string>, error: '', privacyRefused: false };

/**
 * The bottom bar: the step that moves the complaint on comes first (受理分派, 接单, 调查…; 批准 with its
 * alternative 退回), then 记录进展 — the handler's everyday step, one tap away — then the side steps;
 * what does not fit waits under 更多.
 */
const FORWARD: StaffCommand[] = ['triage', 'accept', 'investigate', 'plan', 'approve_plan', 'return_plan', 'resolve', 'record_reply', 'record_callback'];
/**
 * A forward step already taken, in the statuses it led to: offered again only to revise it, so it does
 * not stand first — after 调查, 处理方案 is the next step, not 调查结果 again.
 */
const TAKEN: Partial<Record<StaffCommand, Array<Detail['complaint']['status']>>> = { investigate: ['investigated'] };
const EVERYDAY: StaffCommand = 'note';
const BAR_SLOTS = 3;
function barOrder(allowed: StaffCommand[], status: Detail['complaint']['status']): StaffCommand[] {
  const rank = (t: StaffCommand) => {
    if (FORWARD.includes(t) && !TAKEN[t]?.includes(status)) return FORWARD.indexOf(t);
    return t === EVERYDAY ? FORWARD.length : FORWARD.length + 1;
  };
  return [...allowed].sort((a, b) => rank(a) - rank(b));
}

/** 3000 → 「3,000」: yuan as an approver reads an amount. */
function yuan(amount: number): string {
  const [whole, cents] = String(amount).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents ? `.${cents}` : ''}`;
}

/** The plan waiting for this caller's 批准 / 退回: what will be done, what it costs, when it will be done. */
function approvalOf(c: Detail['complaint'], allowed: StaffCommand[]): { plan: string; terms: string } {
  if (!c.plan || !allowed.includes('approve_plan')) return { plan: '', terms: '' };
  const parties = c.plan.externalParties.length ? ` · 涉及${c.plan.externalParties.join('、')}` : '';
  return { plan: c.plan.description, terms: `费用 ${yuan(c.plan.estimatedCost)} 元 · 预计 ${formatTime(c.plan.expectedCompletionAt)} 完成${parties}` };
}

/** Other complaints this one could be merged into: the community's untriaged ones (duplicates arrive together). */
async function mergeTargets(id: string): Promise<Choices['mergeTargets']> {
  const { items } = await call('inbox.list', { view: 'to_triage', limit: 20 });
  return items.filter((c) => c.id !== id).map((c) => ({ value: c.id, label: `${c.number} ${c.description.slice(0, 12)}` }));
}

Component({
  behaviors: [earlierTimeline],
  data: {
    voiceNotes: [] as VoiceNoteView[],
    state: 'loading',
    message: '',
    busy: false,
    c: {} as Summary,
    owner: { name: '', phone: '', channel: '', contactTime: '', canCall: false },
    steps: [] as Step[],
    photos: [] as PhotoView[],
    actions: [] as Array<{ type: StaffCommand; title: string; danger: boolean }>,
    /** How many of `actions` sit in the bottom bar; the rest are offered under 更多. */
    shown: 0,
    more: [] as Array<{ name: string; id: StaffCommand; color?: string }>,
    moreOpen: false,
    form: EMPTY_FORM,
    /** The plan an approver decides on, shown with 批准 / 退回 (empty otherwise). */
    approval: { plan: '', terms: '' },
    select: { show: false, key: '', title: '', actions: [] as Array<{ name: string; id: string }> },
  },
  methods: {
    onLoad(query: { id?: string }) {
      page(this).id = query.id ?? '';
      this.reload();
    },
    async reload() {
      try {
        const [detail, m] = await Promise.all([call('complaint.detail', { id: page(this).id }), me()]);
        page(this).account = m;
        this.show(detail);
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    show(detail: Detail) {
      const c = detail.complaint;
      const self = page(this);
      const account = self.account!;
      const forms = actionForms({ categories: toOptions(account.categories), departments: toOptions(account.departments), handlers: [], mergeTargets: [] });
      self.forms = forms;
      self.communityId = c.communityId;
      self.prefill = prefill(c);
      const allowed = barOrder(detail.actions.filter((a): a is StaffCommand => a in forms), c.status);
      const actions = allowed.map((type) => ({ type, title: forms[type].title, danger: forms[type].danger === true }));
      const shown = actions.length > BAR_SLOTS ? BAR_SLOTS - 1 : actions.length;
      this.setData({
        state: 'ready',
        busy: false,
        c: summary(detail),
        voiceNotes: voiceNotesOf(detail),
        owner: { name: c.complainant.name, phone: c.complainant.phone, channel: `${CHANNEL_LABELS[c.channel]}投诉`, contactTime: c.contactTime, canCall: c.handlerId === account.openid && c.status !== 'closed' },
        ...timelineData(this, self.id, detail),
        actions,
        shown,
        more: actions.slice(shown).map((a) => ({ name: a.title, id: a.type, ...(a.danger ? { color: '#ee0a24' } : {}) })),
        approval: approvalOf(c, allowed),
        form: EMPTY_FORM,
      });
    },

    async onCall() {
      try {
        const { phone } = await call('complaint.revealPhone', { id: page(this).id });
        wx.makePhoneCall({ phoneNumber: phone });
      } catch (e) {
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },

    onMore() {
      this.setData({ moreOpen: true });
    },
    onMoreClose() {
      this.setData({ moreOpen: false });
    },
    onMorePick(e: { detail: { id: StaffCommand } }) {
      this.setData({ moreOpen: false });
      return this.onAction({ currentTarget: { dataset: { type: e.detail.id } } });
    },
    async onAction(e: { currentTarget: { dataset: { type: StaffCommand } } }) {
      // 接单 and every other step: one more task-alert credit, asked inside the tap (issue 27.4).
      askForTaskAlerts();
      const self = page(this);
      const form = self.forms![e.currentTarget.dataset.type];
      if (form.fields.length === 0) return this.send(form, {});
      const named = form.fields.find((f) => f.key === 'handlerId');
      if (named) named.options = await handlers(self.communityId).catch(() => []);
      if (form.type === 'merge') {
        const targets = await mergeTargets(self.id).catch(() => []);
        if (targets.length === 0) return void wx.showToast({ title: '没有可合并的待受理投诉', icon: 'none' });
        form.fields[0]!.options = targets;
      }
      self.current = form;
      self.photos = NO_PHOTOS;
      const values = self.prefill[form.type] ?? {};
      // A pre-chosen select shows its label, as if picked.
      const labels = Object.fromEntries(form.fields.flatMap((f) => (f.kind === 'select' && typeof values[f.key] === 'string' ? (f.options ?? []).filter((o) => o.value === values[f.key]).map((o) => [f.key, o.label]) : [])));
      this.setData({ form: { ...EMPTY_FORM, open: true, title: form.title, values, labels, fields: visibleFields(form, values) } });
    },
    onCloseForm() {
      this.setData({ 'form.open': false });
    },
    setValue(key: string, value: string | string[]) {
      const update: Record<string, unknown> = { [`form.values.${key}`]: value, 'form.error': '' };
      // Only a value other fields depend on (成立 / 不成立) changes which fields show.
      const { current } = page(this);
      if (current!.fields.some((f) => f.when?.key === key)) update['form.fields'] = visibleFields(current!, { ...this.data.form.values, [key]: value });
      this.setData(update);
    },
    onField(e: { currentTarget: { dataset: { key: string } }; detail: string }) {
      this.setValue(e.currentTarget.dataset.key, e.detail);
    },
    onDate(e: { currentTarget: { dataset: { key: string } }; detail: { value: string } }) {
      this.setValue(e.currentTarget.dataset.key, e.detail.value);
    },
    onSelectOpen(e: { currentTarget: { dataset: { key: string } } }) {
      const field = this.data.form.fields.find((f) => f.key === e.currentTarget.dataset.key)!;
      this.setData({ select: { show: true, key: field.key, title: field.label, actions: (field.options ?? []).map((o) => ({ name: o.label, id: o.value })) } });
    },
    onSelectPick(e: { detail: { name: string; id: string } }) {
      const key = this.data.select.key;
      this.setData({ [`form.labels.${key}`]: e.detail.name, 'select.show': false });
      this.setValue(key, e.detail.id);
    },
    onSelectClose() {
      this.setData({ 'select.show': false });
    },
    /** The photo-uploader's report: its uploaded ids are the field's value; the rest waits in `photos`. */
    onPhotos(e: WechatMiniprogram.CustomEvent<PhotosChange, object, { key: string }>) {
      page(this).photos = e.detail;
      this.setValue(e.currentTarget.dataset.key, e.detail.fileIDs);
    },
    onPhotoPrivacy(e: WechatMiniprogram.CustomEvent<{ refused: boolean }>) {
      this.setData({ 'form.privacyRefused': e.detail.refused });
    },
    onPrivacyRefused() {
      this.setData({ 'form.privacyRefused': true });
    },
    onSend() {
      // 提交: one more task-alert credit, asked inside the tap (issue 27.4).
      askForTaskAlerts();
      const { current, photos } = page(this);
      // As on 我要投诉: a photo still uploading would otherwise be left out of the step without a word.
      if (photos.uploading > 0) return void wx.showToast({ title: '照片上传中，请稍候', icon: 'none' });
      const missing = missingField(current!, this.data.form.values);
      if (missing) return void this.setData({ 'form.error': `请填写：${missing.label}` });
      void this.send(current!, this.data.form.values);
    },
    async send(form: ActionForm, values: Values) {
      this.setData({ busy: true });
      try {
        this.show(await call('complaint.command', { id: page(this).id, command: form.build(values) }));
        wx.showToast({ title: `${form.title}：已完成`, icon: 'none' });
      } catch (e) {
        this.setData({ busy: false, 'form.error': messageOf(e) });
        if (!this.data.form.open) wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
  },
});

function toOptions(list: Array<{ code: string; label: string }>): Choices['categories'] {
  return list.map((x) => ({ value: x.code, label: x.label }));
}
