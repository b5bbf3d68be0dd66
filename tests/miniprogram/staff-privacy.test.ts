/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// WeChat's privacy check on a staff page: a handler adds photos to 记录进展 on a task, WeChat asks the
// app's one listener (registered by app.ts at launch), and the popup shows on the task page itself.
// Agreeing lets the photo through; refusing leaves the form working without photos.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, camera, privacy, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

type Task = { state: string; c: { status: string }; form: { open: boolean; values: { photos?: string[] }; privacyRefused: boolean } };
const task = (page: Rendered) => page.data as unknown as Task;

let photo = '';
let working = '';
beforeAll(async () => {
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-')), 'site.jpg');
  fs.writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 5, 6, 7]));
  // The demo company's 处理中 complaint, worked by the cleaner (scripts/seed.ts).
  const mine = await cloud().call<{ items: Array<{ id: string; description: string }> }>('demo-cleaner', { action: 'inbox.list', view: 'mine', limit: 20 });
  working = (mine.ok ? mine.data.items : []).find((c) => c.description.includes('东门绿化带'))!.id;
});

/** The cleaner's task page with the 记录进展 sheet open, choosing photos tapped, WeChat asking. */
async function askedWhileAddingPhotos(): Promise<Rendered> {
  setLocalUser('demo-cleaner');
  const page = render('staff/pages/task/index', { id: working });
  await until(() => task(page).state === 'ready', 'the task');
  tap(byText(page, 'van-button', '记录进展'));
  await until(() => task(page).form.open, 'the 记录进展 form');
  camera.files = [photo];
  privacy.undecided = true;
  tap(byText(page, 'van-button', '添加'));
  await until(() => text(page).includes('用户隐私保护提示'), 'the privacy popup on the task page');
  return page;
}

it('agreeing answers WeChat with the agree button and the photo is uploaded', async () => {
  const page = await askedWhileAddingPhotos();
  expect(text(page)).toContain('不同意时，不附照片也可以提交。');
  tap(byText(page, 'button', '同意并继续'));
  await until(() => (task(page).form.values.photos ?? []).length === 1, 'the upload');
  expect(privacy.answers).toEqual([{ event: 'agree', buttonId: 'agree-privacy' }]);
  expect(task(page).form.values.photos![0]).toMatch(/complaint-photos\/demo-cleaner\//);
  expect(text(page)).toContain('已上传 1 张');
  expect(text(page)).not.toContain('未同意隐私保护指引');
});

it('refusing answers WeChat, says so under the photos, and the progress note still goes without them', async () => {
  const page = await askedWhileAddingPhotos();
  tap(byText(page, 'van-button', '不同意'));
  await until(() => privacy.answers.length > 0, 'the answer');
  expect(privacy.answers).toEqual([{ event: 'disagree' }]);
  await until(() => text(page).includes('未同意隐私保护指引，无法选择照片'), 'the notice');
  expect(task(page).form.values.photos ?? []).toEqual([]);

  type(page, '#field-text', '已清运一车，明早再清一次');
  tap(byText(page, 'van-button', '提交'));
  await until(() => wxLog.toasts.includes('记录进展：已完成'), 'the note');
  const detail = await cloud().call<{ complaint: { timeline: Array<{ type: string; text?: string }> } }>('demo-cleaner', { action: 'complaint.detail', id: working });
  expect(JSON.stringify(detail)).toContain('已清运一车，明早再清一次');
});

it('a page without the popup answers WeChat “disagree” at once, so the guarded call fails instead of hanging', async () => {
  setLocalUser('demo-reception-a');
  const page = render('staff/pages/record/index');
  // Let the page finish loading, so nothing of it runs after this file's environment is gone.
  await until(() => page.data.communityId !== '', 'the form');
  const answers: object[] = [];
  privacy.listener!((r) => answers.push(r));
  expect(answers).toEqual([{ event: 'disagree' }]);
});
