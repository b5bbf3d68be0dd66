// Voice notes (issue 29.10): many owners who complain are elderly and would rather speak than type.
// 「按住说话」 records with WeChat's recorder (mp3, at most MAX_VOICE_SECONDS — the recorder stops
// itself there), the file goes to the owner's own folder in cloud storage (the server accepts only
// `complaint-voice/<openid>/…`), and a note is played back with an inner audio context. Recording is a
// guarded API (麦克风, config/privacy-declarations.json): a refusal is reported, not thrown.
import { MAX_VOICE_SECONDS } from '../../domain/model';
import { privacyRefusal, type PrivacyRefusal } from './privacy';
import { transport } from './transport';

export { MAX_VOICE_SECONDS };

export interface Recording {
  path: string;
  seconds: number;
}

/** too_short: released before a whole second was said (a tap, not a note). */
export type RecordResult = { ok: true; recording: Recording } | { ok: false; reason: 'too_short' | 'failed' | PrivacyRefusal };

/**
 * Mono mp3 at 48 kbit/s: a minute is about 360 KB, well under the server's 1 MB (server/kernel/media.ts),
 * and speech stays clear. WeChat's recorder takes mp3 or aac; mp3 plays everywhere.
 */
const RECORDING = { duration: MAX_VOICE_SECONDS * 1000, format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 } as const;

/** Start recording now; `done` settles when it stops — on `stop()` (the finger lifted) or at the 60 s cap. */
export function startRecording(): { done: Promise<RecordResult>; stop: () => void } {
  const recorder = wx.getRecorderManager();
  const done = new Promise<RecordResult>((resolve) => {
    recorder.onStop(({ tempFilePath, duration }) => {
      const seconds = Math.min(MAX_VOICE_SECONDS, Math.round(duration / 1000));
      resolve(seconds < 1 ? { ok: false, reason: 'too_short' } : { ok: true, recording: { path: tempFilePath, seconds } });
    });
    recorder.onError((e) => resolve({ ok: false, reason: privacyRefusal(e) ?? 'failed' }));
  });
  recorder.start(RECORDING);
  return { done, stop: () => recorder.stop() };
}

/** Into the caller's own folder (their openid); the name is unique per upload so a retry never collides. */
export function uploadVoice(openid: string, filePath: string): Promise<string> {
  const ext = /\.(mp3|aac)$/.exec(filePath)?.[1] ?? 'mp3';
  return transport().uploadFile(`complaint-voice/${openid}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`, filePath, () => undefined);
}

/** Play `src` (a local path or a short-lived link); `ended` runs when it finishes or fails. Answers how to stop it. */
export function playVoice(src: string, ended: () => void): () => void {
  const audio = wx.createInnerAudioContext();
  let over = false;
  const finish = () => {
    if (over) return;
    over = true;
    audio.destroy();
    ended();
  };
  audio.onEnded(finish);
  audio.onError(finish);
  audio.src = src;
  audio.play();
  return () => {
    audio.stop();
    finish();
  };
}
