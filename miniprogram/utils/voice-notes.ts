// The voice notes of a complaint as its detail shows them (issue 29.10): the intake's and each
// 补充信息's among the entries loaded, those this reader may hear (the server leaves out a note
// WeChat's check hid), each with its short-lived link from the detail's photoUrls.
import type { ComplaintDetail, Wire } from '../../typings/api';
import { formatTime } from './time';

export interface VoiceNoteView {
  key: string;
  /** What it is, before 「语音 N 秒」. */
  label: string;
  seconds: number;
  url: string;
}

export function voiceNotesOf(detail: Pick<Wire<ComplaintDetail>, 'complaint' | 'photoUrls'>): VoiceNoteView[] {
  const out: VoiceNoteView[] = [];
  const { voiceNote, timeline } = detail.complaint;
  if (voiceNote) out.push({ key: voiceNote.file, label: '投诉时的', seconds: voiceNote.seconds, url: detail.photoUrls[voiceNote.file] ?? '' });
  for (const e of timeline) {
    if (e.type === 'info_added' && e.voiceNote) out.push({ key: e.voiceNote.file, label: `${formatTime(e.at)} 补充的`, seconds: e.voiceNote.seconds, url: detail.photoUrls[e.voiceNote.file] ?? '' });
  }
  // A link may be missing (a file gone from storage): nothing to play then.
  return out.filter((v) => v.url);
}
