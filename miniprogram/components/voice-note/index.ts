// A voice note, recorded or played (issue 29.10). With `record` (我要投诉, 补充信息): 「按住说话」
// records while held (services/voice.ts, at most 60 s), the note is uploaded to the owner's own folder
// at once and shown with its length, 播放 to hear it and 删除重录; the page gets the uploaded note
// through `change` ({ voiceNote, uploading }). Without `record` (投诉详情, 工单详情): 播放 a note given
// by `url` and `seconds`. A privacy refusal is reported to the page (`privacy`), whose own
// privacy-popup answers WeChat, as photo-uploader does.
import type { VoiceNote } from '../../../domain/model';
import { privacyMessage } from '../../services/privacy';
import { me } from '../../services/session';
import { playVoice, startRecording, uploadVoice } from '../../services/voice';
import { instanceState } from '../../utils/instance';

/** What `change` carries: the note to send (null: none, or not uploaded yet) and whether one is uploading. */
export interface VoiceChange {
  voiceNote: VoiceNote | null;
  uploading: boolean;
}

/** The recording under way and the playback, off the view (functions, not data). */
const live = instanceState(() => ({ stop: null as (() => void) | null, stopPlaying: null as (() => void) | null }));

Component({
  properties: {
    /** Record a note (else play the one given). */
    record: { type: Boolean, value: false },
    /** Playing: the note's short-lived link and its length. */
    url: { type: String, value: '' },
    seconds: { type: Number, value: 0 },
    /** Playing: what it is, before 「语音 N 秒」 (e.g. 补充信息的). */
    label: { type: String, value: '' },
    /** The page's privacy answer: true while the user has refused the guide. */
    refused: { type: Boolean, value: false },
  },
  /** `path`: the recording on the phone; `file`: its cloud file id once uploaded; `status`, `problem`: what to tell. */
  data: { recording: false, playing: false, path: '', file: '', status: '', problem: '' },
  lifetimes: {
    detached() {
      live(this).stop?.();
      live(this).stopPlaying?.();
    },
  },
  methods: {
    async onPress() {
      if (this.data.recording) return;
      const recording = startRecording();
      live(this).stop = recording.stop;
      this.setData({ recording: true, problem: '' });
      const result = await recording.done;
      live(this).stop = null;
      this.setData({ recording: false });
      if (!result.ok) {
        if (result.reason === 'refused') this.triggerEvent('privacy', { refused: true });
        const problem = result.reason === 'too_short' ? '说话时间太短，请按住按钮再说' : result.reason === 'failed' ? '录音失败，请再试一次' : privacyMessage(result.reason, '录音');
        this.setData({ problem: result.reason === 'refused' ? '' : problem });
        return;
      }
      this.triggerEvent('privacy', { refused: false });
      this.setData({ path: result.recording.path, seconds: result.recording.seconds, status: '上传中…' });
      await this.upload();
    },
    onRelease() {
      live(this).stop?.();
    },
    async upload() {
      this.changed(true);
      try {
        // Into the signed-in user's own folder: the server accepts no other (session.ts caches who).
        const { openid } = await me();
        const file = await uploadVoice(openid, this.data.path);
        if (!this.data.path) return; // deleted meanwhile
        this.setData({ file, status: '' });
      } catch {
        this.setData({ status: '上传失败，请删除后重录' });
      }
      this.changed(false);
    },
    onPlay() {
      if (this.data.playing) {
        live(this).stopPlaying?.();
        return;
      }
      const src = this.data.record ? this.data.path : this.data.url;
      if (!src) return;
      this.setData({ playing: true });
      live(this).stopPlaying = playVoice(src, () => {
        live(this).stopPlaying = null;
        this.setData({ playing: false });
      });
    },
    onDelete() {
      live(this).stopPlaying?.();
      this.setData({ path: '', file: '', seconds: 0, status: '' });
      this.changed(false);
    },
    changed(uploading: boolean) {
      const { file, seconds } = this.data;
      const detail: VoiceChange = { voiceNote: file ? { file, seconds } : null, uploading };
      this.triggerEvent('change', detail);
    },
  },
});
