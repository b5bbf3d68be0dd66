/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// The shared components on their own (issue 30.7): each rendered by itself with real vant, tapped by
// the text a person sees, its events listened to as a page listens. The project keeps every
// mini-program test here in tests/miniprogram/ (none sit beside the components), so these do too.
// photo-uploader uploads for real to CloudBase Local; room-picker reads the demo's directory through
// the real api function; voice-note plays a real short-lived link (recording is in voice-notes.test.ts).
import fs from 'fs';
import os from 'os';
import path from 'path';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, camera, privacy, render, tap, text, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

/** Every `name` event the component triggers, as its page would receive them. */
function events<T>(component: Rendered, name: string): T[] {
  const seen: T[] = [];
  (component as unknown as { addEventListener(n: string, f: (e: { detail: T }) => void): void }).addEventListener(name, (e) => seen.push(e.detail));
  return seen;
}

describe('photo-uploader', () => {
  let photo = '';
  beforeAll(() => {
    photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-')), 'wall.jpg');
    fs.writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9]));
  });
  type Files = { files: Array<{ status: string; fileID: string }> };

  it('uploads a chosen photo into the user’s own folder and reports it; at `max` the add button goes', async () => {
    setLocalUser('demo-owner-1');
    const uploader = render('components/photo-uploader/index');
    uploader.setData({ max: 1 });
    const changes = events<{ fileIDs: string[]; uploading: number; failed: number }>(uploader, 'change');
    camera.files = [photo];
    tap(byText(uploader, 'van-button', '添加照片'));
    await until(() => (uploader.data as unknown as Files).files[0]?.status === 'done', 'the upload');
    const { fileID } = (uploader.data as unknown as Files).files[0]!;
    expect(fileID).toMatch(/^cloud:\/\/.+\/complaint-photos\/demo-owner-1\/.+\.jpg$/);
    expect(changes.at(-1)).toEqual({ fileIDs: [fileID], uploading: 0, failed: 0 });
    expect(changes[0]).toEqual({ fileIDs: [], uploading: 1, failed: 0 });
    expect(text(uploader)).not.toContain('添加照片');
    const stored = await cloud().get<Array<{ fileID: string; size: number }>>('/local/storage/files?openid=demo-owner-1');
    expect(stored.find((f) => f.fileID === fileID)?.size).toBe(7);
  });

  it('a refused privacy guide is reported to the page; an undeclared scope is said by the uploader itself', async () => {
    setLocalUser('demo-owner-1');
    const refused = render('components/photo-uploader/index');
    const answers = events<{ refused: boolean }>(refused, 'privacy');
    camera.privacyRefused = true;
    tap(byText(refused, 'van-button', '添加照片'));
    await until(() => answers.length === 1, 'the refusal');
    expect(answers).toEqual([{ refused: true }]);

    camera.privacyRefused = false;
    privacy.declarations = privacy.declarations.filter((d) => d.scope !== 'Album');
    const undeclared = render('components/photo-uploader/index');
    tap(byText(undeclared, 'van-button', '添加照片'));
    await until(() => text(undeclared).includes('暂时无法选择照片'), 'the notice');
    expect(text(undeclared)).toContain('隐私保护指引未声明这项功能');
  });
});

describe('room-picker', () => {
  type Picked = { communityId: string; room: { roomId: string; building: string; unit: string; room: string; label: string } | null };

  /** Open a level by tapping its cell and choose by the text shown in the sheet. */
  async function pick(picker: Rendered, cell: string, label: string): Promise<void> {
    tap(byText(picker, 'van-cell', cell, 'part'));
    await until(() => (picker.data.sheet as { show: boolean }).show, `the ${cell} choices`);
    tap(byText(picker, 'button', label));
    await until(() => !(picker.data.sheet as { show: boolean }).show, 'the sheet to close');
  }

  it('小区 → 楼栋 → 房号 one level at a time, reporting the room once one is chosen', async () => {
    setLocalUser('demo-guest-1');
    const picker = render('components/room-picker/index');
    const changes = events<Picked>(picker, 'change');
    tap(byText(picker, 'van-cell', '楼栋', 'part'));
    await until(() => wxLog.toasts.length === 1, 'the hint');
    expect(wxLog.toasts).toEqual(['请先选择小区']);

    await pick(picker, '小区', '阳光花园');
    await pick(picker, '楼栋', '2栋');
    expect(changes.at(-1)?.room).toBeNull();
    await pick(picker, '房号', '1单元 502');
    expect(text(picker)).toContain('1单元 502');
    expect(changes.at(-1)).toEqual({ communityId: 'community-a', room: { communityId: 'community-a', roomId: 'a-2-1-502', building: '2', unit: '1', room: '502', label: '阳光花园 2栋 1单元 502' } });

    // Choosing the building again clears the room below it.
    await pick(picker, '楼栋', '1栋');
    expect(changes.at(-1)?.room).toBeNull();
    expect(text(picker)).not.toContain('1单元 502');
  });

  it('a single community to choose from is chosen already', async () => {
    setLocalUser('demo-reception-a');
    const picker = render('components/room-picker/index');
    picker.setData({ communities: [{ id: 'community-a', name: '阳光花园' }] });
    await until(() => text(picker).includes('阳光花园'), 'the community chosen');
  });
});

describe('voice-note (playing)', () => {
  it('plays the note at its link by 播放, and shows its length', async () => {
    const { fileID } = await cloud().app.uploadFile({ cloudPath: 'complaint-voice/demo-owner-1/said.mp3', fileContent: Buffer.alloc(600, 3) });
    const { fileList } = await cloud().app.getTempFileURL({ fileList: [{ fileID: fileID!, maxAge: 600 }] });
    const note = render('components/voice-note/index');
    note.setData({ url: fileList[0]!.tempFileURL, seconds: 7, label: '投诉时的' });
    expect(text(note)).toContain('投诉时的语音 7 秒');
    expect(text(note)).not.toContain('按住说话');
    tap(byText(note, 'van-button', '播放'));
    await until(() => wxLog.played.length === 1, 'the note to play');
    expect(wxLog.played).toEqual([fileList[0]!.tempFileURL]);
    await until(() => text(note).includes('播放'), 'the end of the note');
  });
});
