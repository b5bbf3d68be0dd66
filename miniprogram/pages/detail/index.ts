// 投诉详情 for the owner: every step with its note and photos (the latest, and earlier ones on request), the running deadline as a countdown,
// and what the owner may do now — add information, withdraw, and after resolution rate or reopen.
// The buttons shown are exactly the `actions` the server allows for this caller and state.
import type { ActionInput } from '../../../typings/api';
import { call, messageOf } from '../../services/api';
import { deskOf, me } from '../../services/session';
import { instanceState } from '../../utils/instance';
import { STATE_LABELS } from '../../utils/labels';
import { earlierTimeline, timelineData } from '../../mixins/earlier-timeline';
import { summary, type PhotoView, type Step, type Summary } from '../../utils/complaint-view';
import { progressOf, type Progress } from '../../utils/progress';
import { voiceNotesOf, type VoiceNoteView } from '../../utils/voice-notes';
import type { VoiceChange } from '../../components/voice-note/index';

const OWNER_ACTIONS = ['add_info', 'withdraw', 'rate', 'reopen'] as const;
type OwnerAction = (typeof OWNER_ACTIONS)[number];

/** A one-line text from the owner through WeChat's own dialog; null when cancelled. */
async function askText(title: string, placeholderText: string): Promise<string | null> {
  const r = await wx.showModal({ title, editable: true, placeholderText });
  return r.confirm ? (r.content ?? '').trim() : null;
}

/** One rule a rating follows, for the stars `from`–`to`. */
interface Outcome {
  from: number;
  to: number;
  text: string;
}

/** What each score will do (domain/satisfaction.ts judgeRating): below `reopenBelow` it reopens, the rest close. */
function outcomesOf(reopenBelow: number): Outcome[] {
  const stars = (from: number, to: number) => (from === to ? `${from} 星` : `${from}–${to} 星`);
  const outcomes: Outcome[] = [];
  // The department head is told of every reopening (domain/notifications.ts).
  if (reopenBelow > 1) outcomes.push({ from: 1, to: reopenBelow - 1, text: `${stars(1, reopenBelow - 1)}：投诉将重新处理，主管会跟进` });
  if (reopenBelow <= 5) outcomes.push({ from: reopenBelow, to: 5, text: reopenBelow === 1 ? '评价后投诉将办结' : reopenBelow === 5 ? '5 星：投诉将办结' : `${reopenBelow} 星及以上：投诉将办结` });
  return outcomes;
}

/** Which complaint this copy of the page shows: two can be on the stack at once. */
const page = instanceState(() => ({ id: '', reopenBelow: 0, voiceNote: null as VoiceChange['voiceNote'] }));

Component({
  behaviors: [earlierTimeline],
  data: {
    state: 'loading',
    message: '',
    busy: false,
    c: {} as Summary,
    /** 当前进展: who has it, what next, by when (utils/progress.ts), from the detail already read. */
    progress: { who: '', next: '', by: '' } as Progress,
    steps: [] as Step[],
    photos: [] as PhotoView[],
    can: {} as Partial<Record<OwnerAction, boolean>>,
    /** What a rating does, shown under the stars while the owner may rate. */
    outcomes: [] as Outcome[],
    score: 0,
    comment: '',
    /** Whom to call about it: the community's 客服中心 (empty until the company set a number). */
    desk: { name: '', phone: '', hours: '' },
    voiceNotes: [] as VoiceNoteView[],
    /** A voice note recorded and uploaded for 补充信息, waiting for 发送; the privacy answer for recording. */
    voiceReady: false,
    voiceRefused: false,
  },
  methods: {
    onLoad(query: { id?: string }) {
      page(this).id = query.id ?? '';
      this.reload();
    },
    async reload() {
      try {
        this.show(await call('complaint.detail', { id: page(this).id }));
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    show(detail: Awaited<ReturnType<typeof call<'complaint.detail'>>>) {
      const can: Partial<Record<OwnerAction, boolean>> = {};
      for (const a of OWNER_ACTIONS) if (detail.actions.includes(a)) can[a] = true;
      page(this).reopenBelow = detail.rating?.reopenBelow ?? 0;
      this.setData({ state: 'ready', busy: false, c: summary(detail), progress: progressOf(detail.complaint), ...timelineData(this, page(this).id, detail), voiceNotes: voiceNotesOf(detail), can, outcomes: detail.rating ? outcomesOf(detail.rating.reopenBelow) : [] });
      // The account is cached from launch: the desk costs no call.
      me()
        .then((m) => this.setData({ desk: deskOf(m, detail.complaint.communityId) ?? { name: '', phone: '', hours: '' } }))
        .catch(() => undefined);
    },
    onCallDesk() {
      wx.makePhoneCall({ phoneNumber: this.data.desk.phone });
    },
    async send(command: ActionInput<'complaint.command'>['command'], done: string) {
      this.setData({ busy: true });
      try {
        this.show(await call('complaint.command', { id: page(this).id, command }));
        wx.showToast({ title: done, icon: 'success' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: messageOf(e), icon: 'none' });
      }
    },
    onScore(e: { detail: number }) {
      this.setData({ score: e.detail });
    },
    onComment(e: { detail: string }) {
      this.setData({ comment: e.detail });
    },
    onRate() {
      const { score } = this.data;
      void this.send({ type: 'rate', score, comment: this.data.comment.trim() }, score < page(this).reopenBelow ? '已要求重新处理' : '感谢您的评价');
    },
    async onReopen() {
      const reason = await askText('哪里还不满意？', '请说明原因，我们会重新处理');
      if (reason) void this.send({ type: 'reopen', reason }, '已要求重新处理');
    },
    async onAddInfo() {
      const text = await askText('补充信息', '补充说明或新的情况');
      if (text) void this.send({ type: 'add_info', text }, '已补充');
    },
    onVoice(e: WechatMiniprogram.CustomEvent<VoiceChange>) {
      page(this).voiceNote = e.detail.voiceNote;
      this.setData({ voiceReady: e.detail.voiceNote !== null });
    },
    onVoicePrivacy(e: WechatMiniprogram.CustomEvent<{ refused: boolean }>) {
      this.setData({ voiceRefused: e.detail.refused });
    },
    onVoiceRefused() {
      this.setData({ voiceRefused: true });
    },
    onSendVoice() {
      const voiceNote = page(this).voiceNote;
      if (!voiceNote) return;
      page(this).voiceNote = null;
      this.setData({ voiceReady: false });
      void this.send({ type: 'add_info', text: '', photos: [], voiceNote }, '已补充');
    },
    async onWithdraw() {
      const reason = await askText('确定撤回这条投诉？', '撤回原因（选填）');
      if (reason !== null) void this.send({ type: 'withdraw', reason }, STATE_LABELS.closed.withdrawn);
    },
  },
});
