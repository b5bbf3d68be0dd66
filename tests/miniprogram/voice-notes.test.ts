/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Speak instead of type (issue 29.10), end to end on the real pages: an elderly owner holds 「按住说话」
// on 我要投诉, speaks, lets go, sees the note with its length and files it; staff play it on 工单详情
// through its short-lived link; the owner adds another by voice on 投诉详情. The recording is really
// uploaded to CloudBase Local and the complaint really filed by the api function. Also the voice-note
// component on its own: the 60 s cap, a tap too short, and recording refused when the guide lacks 麦克风.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { accessibilityProblems, byText, find, microphone, privacy, render, tap, text, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

type Voice = { file: string; seconds: number };
const data = (page: Rendered) => page.data as unknown as { state: string; step: string; done: { id: string } };
/** The recorder component's own state (components/voice-note). */
const voice = (page: Rendered) => find(page, '#voice').data as unknown as { file: string; seconds: number; recording: boolean; problem: string };

/** Press and hold the big button, speak for `seconds`, let go — as a person does. */
async function holdAndSpeak(page: Rendered, seconds: number): Promise<void> {
  const button = byText(page, 'button', '按住说话');
  button.dispatchEvent('touchstart');
  await until(() => microphone.active !== null, 'the recorder to start');
  expect(text(page)).toContain('松开结束');
  microphone.hold(seconds * 1000);
  byText(page, 'button', '松开结束').dispatchEvent('touchend');
}

async function openForm(): Promise<Rendered> {
  setLocalUser('demo-owner-1');
  const page = render('pages/new/index');
  await until(() => data(page).state === 'ready', 'the form to load');
  return page;
}

let filed = '';

it('an elderly owner files a complaint by voice: hold 按住说话, let go after 8 seconds, hear it, see 8 秒, submit', async () => {
  const page = await openForm();
  // A screen reader can name the big button (and, below, 播放 and 删除重录).
  expect(accessibilityProblems(page)).toEqual([]);
  await holdAndSpeak(page, 8);
  await until(() => voice(page).file !== '', 'the voice note to upload');
  const file = voice(page).file;
  expect(file).toMatch(/^cloud:\/\/.+\/complaint-voice\/demo-owner-1\/.+\.mp3$/);
  expect(text(page)).toContain('语音 8 秒');
  expect(wxLog.recorded).toEqual([expect.objectContaining({ duration: 60_000, format: 'mp3' })]);
  expect(accessibilityProblems(page)).toEqual([]);

  // She listens before sending: the recording on the phone plays.
  tap(byText(page, 'van-button', '播放'));
  await until(() => wxLog.played.length === 1, 'the note to play');

  // The description is still needed (a note alone does not say where); she types a few words.
  find(page, '#description').querySelectorAll('.van-field__control').forEach((c) => c.dispatchEvent('input', { detail: { value: '楼道灯坏了好几天' } }));
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => data(page).step === 'review', 'the read-back');
  expect(text(page)).toContain('语音');
  expect(text(page)).toContain('8 秒');
  tap(byText(page, 'van-button', '确认提交'));
  await until(() => data(page).step === 'done', 'the initial response');
  filed = data(page).done.id;

  const stored = await cloud().call<{ complaint: { voiceNote: Voice } }>('demo-owner-1', { action: 'complaint.detail', id: filed });
  expect(stored).toMatchObject({ ok: true, data: { complaint: { voiceNote: { file, seconds: 8 } } } });
});

it('staff play the owner’s voice note on 工单详情 by tapping 播放', async () => {
  setLocalUser('demo-reception-a');
  const page = render('staff/pages/task/index', { id: filed });
  await until(() => (page.data as { state: string }).state === 'ready', 'the task to load');
  expect(text(page)).toContain('业主的语音');
  expect(text(page)).toContain('投诉时的语音 8 秒');
  expect(accessibilityProblems(page)).toEqual([]);
  tap(byText(page, 'van-button', '播放'));
  // The harness fetches the link as the phone would: it must answer 200 with an audio type.
  await until(() => wxLog.played.length === 1, 'the note to play');
  expect(wxLog.played[0]).toMatch(/^http:\/\/.+\/local\/storage\/get\//);
});

it('the owner adds information by voice on 投诉详情 and hears both notes', async () => {
  setLocalUser('demo-owner-1');
  const page = render('pages/detail/index', { id: filed });
  await until(() => (page.data as { state: string }).state === 'ready', 'the detail to load');
  await holdAndSpeak(page, 15);
  await until(() => text(page).includes('发送语音补充'), 'the note to upload');
  tap(byText(page, 'van-button', '发送语音补充'));
  await until(() => wxLog.toasts.includes('已补充'), 'the supplement to be sent');
  await until(() => text(page).includes('补充的语音 15 秒'), 'the new note to show');
  expect(text(page)).toContain('投诉时的语音 8 秒');
});

describe('the voice-note component', () => {
  it('stops by itself at 60 seconds however long the button is held', async () => {
    const page = await openForm();
    byText(page, 'button', '按住说话').dispatchEvent('touchstart');
    await until(() => microphone.active !== null, 'the recorder to start');
    microphone.hold(75_000);
    await until(() => voice(page).file !== '', 'the capped note to upload');
    expect(voice(page).seconds).toBe(60);
    expect(text(page)).toContain('语音 60 秒');
    tap(byText(page, 'van-button', '删除重录'));
    await until(() => text(page).includes('按住说话'), 'the button back');
  });

  it('a tap too short to say anything is not a note', async () => {
    const page = await openForm();
    await holdAndSpeak(page, 0.3);
    await until(() => voice(page).problem !== '', 'the reason');
    expect(text(page)).toContain('说话时间太短');
    expect(voice(page).file).toBe('');
  });

  it('without 麦克风 in the privacy guide, WeChat refuses with errno 112 and the owner is told', async () => {
    privacy.declarations = privacy.declarations.filter((d) => d.scope !== 'Record');
    const page = await openForm();
    byText(page, 'button', '按住说话').dispatchEvent('touchstart');
    await until(() => voice(page).problem !== '', 'the refusal');
    expect(text(page)).toContain('暂时无法录音：小程序的隐私保护指引未声明这项功能');
    expect(microphone.active).toBeNull();
  });
});
