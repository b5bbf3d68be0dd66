/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// WeChat's privacy check on the pages that had no popup (issue 26): 住户名册导入 (choosing a file),
// 家庭成员 (copying the invitation code), 提意见建议 and 发布公告 (choosing photos). The harness answers
// every guarded API as WeChat does: errno 112 when the guide does not declare its scope (it reads
// config/privacy-declarations.json; a test here publishes a copy without one scope), and, until the
// user agrees, the app's listener asks the popup of the page on screen.
import fs from 'fs';
import os from 'os';
import path from 'path';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { forgetMe } from '../../miniprogram/services/session';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, camera, chat, find, privacy, render, tap, text, until, wxLog, type Rendered } from './support/simulate';

useDemoCompany();

function open(openid: string, pagePath: string, query: Record<string, string> = {}): Rendered {
  setLocalUser(openid);
  forgetMe();
  return render(pagePath, query);
}

/** The guide as published without one scope: what the harness answers errno 112 for. */
function publishWithout(scope: string): void {
  privacy.declarations = privacy.declarations.filter((d) => d.scope !== scope);
}

/** The popup is up (vant keeps a closed popup's content in the page, hidden: its text alone proves nothing). */
const popupShown = (page: Rendered) => until(() => find(page, '#privacy').data?.show === true && text(page).includes('用户隐私保护提示'), 'the privacy popup');

let roll = { path: '', name: '' };
let photo = '';
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-'));
  const rows = [['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'], ['阳光花园', '9', '1', '901', '吴先生', '13900009001']];
  roll = { path: path.join(dir, '名册.xlsx'), name: '名册.xlsx' };
  fs.writeFileSync(roll.path, await writeExcelFile(rows.map((row) => row.map((value) => ({ value }))) as SheetData).toBuffer());
  photo = path.join(dir, 'notice.jpg');
  fs.writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7]));
});

describe('住户名册导入', () => {
  async function rollPage(): Promise<Rendered> {
    const page = open('demo-admin', 'manager/pages/households/index');
    await until(() => page.data.communityId === 'community-a', 'the page');
    chat.files = [roll];
    return page;
  }

  it('until the administrator agrees, 选择文件 opens the popup; refusing says why, agreeing on the next tap reads the file', async () => {
    const page = await rollPage();
    privacy.undecided = true;
    tap(byText(page, 'van-button', '从微信聊天中选择文件'));
    await popupShown(page);
    expect(text(page)).toContain('导入住户名册需要读取您从微信聊天中选择的文件。');
    tap(byText(page, 'van-button', '不同意'));
    await until(() => text(page).includes('需要您同意隐私保护指引后才能选择文件'), 'the refusal said');
    expect(privacy.answers).toEqual([{ event: 'disagree' }]);

    // WeChat asks again at the next guarded call.
    tap(byText(page, 'van-button', '从微信聊天中选择文件'));
    await popupShown(page);
    tap(byText(page, 'button', '同意并继续'));
    await until(() => text(page).includes('确认导入'), 'the preview of the chosen roll');
    expect(privacy.answers).toEqual([{ event: 'disagree' }, { event: 'agree', buttonId: 'agree-privacy' }]);
    expect(page.data.preview).toMatchObject({ add: 1 });
    expect(text(page)).not.toContain('需要您同意隐私保护指引');
  });

  it('a guide that does not declare 选中的文件: WeChat answers errno 112 and the page says the function is unavailable', async () => {
    publishWithout('MessageFile');
    await expect(wx.chooseMessageFile({ count: 1, type: 'file' })).rejects.toEqual(
      expect.objectContaining({ errno: 112, errMsg: 'chooseMessageFile:fail api scope is not declared in the privacy agreement' }),
    );
    const page = await rollPage();
    tap(byText(page, 'van-button', '从微信聊天中选择文件'));
    await until(() => text(page).includes('暂时无法选择文件：小程序的隐私保护指引未声明这项功能'), 'the message');
    expect(page.data.preview).toBeNull();
  });
});

describe('家庭成员', () => {
  async function invited(): Promise<Rendered> {
    const page = open('demo-owner-1', 'pages/household/index', { roomId: 'a-1-2-301' });
    await until(() => page.data.state === 'ready', 'the household');
    tap(byText(page, 'van-button', '邀请租户'));
    await until(() => text(page).includes('邀请码'), 'the code');
    return page;
  }

  it('copying the code asks first; after 同意并继续 the code is on the clipboard', async () => {
    const page = await invited();
    privacy.undecided = true;
    tap(byText(page, 'van-button', '复制邀请码'));
    await popupShown(page);
    expect(text(page)).toContain('复制邀请码需要写入剪切板');
    tap(byText(page, 'button', '同意并继续'));
    const code = (page.data.invitation as { code: string }).code;
    await until(() => wxLog.copied.length === 1, 'the copy');
    expect(wxLog.copied).toEqual([code]);
    expect(text(page)).not.toContain('需要您同意');
  });

  it('refusing says the code was not copied and that the invitation can still be sent', async () => {
    const page = await invited();
    privacy.undecided = true;
    tap(byText(page, 'van-button', '复制邀请码'));
    await popupShown(page);
    tap(byText(page, 'van-button', '不同意'));
    await until(() => text(page).includes('需要您同意隐私保护指引后才能复制邀请码；也可以用微信把邀请发送给对方'), 'the message');
    expect(wxLog.copied).toEqual([]);
  });

  it('without 剪切板 in the guide, the copy fails with errno 112 and the page says so', async () => {
    publishWithout('Clipboard');
    const page = await invited();
    tap(byText(page, 'van-button', '复制邀请码'));
    await until(() => text(page).includes('暂时无法复制邀请码'), 'the message');
    expect(wxLog.copied).toEqual([]);
  });
});

describe('the photo pages', () => {
  it('提意见建议: choosing photos asks on the page itself; agreeing uploads the photo', async () => {
    const page = open('demo-owner-1', 'pages/suggestion/index');
    await until(() => page.data.state === 'ready', 'the form');
    camera.files = [photo];
    privacy.undecided = true;
    tap(byText(page, 'van-button', '添加照片'));
    await popupShown(page);
    expect(text(page)).toContain('不同意时，您仍可只用文字提意见建议。');
    tap(byText(page, 'button', '同意并继续'));
    const files = () => (find(page, '#photos').data as unknown as { files: Array<{ status: string; fileID: string }> }).files;
    await until(() => files()[0]?.status === 'done', 'the upload');
    expect(privacy.answers).toEqual([{ event: 'agree', buttonId: 'agree-privacy' }]);
    expect(files()[0]!.fileID).toMatch(/complaint-photos\/demo-owner-1\//);
    expect(find(page, '#privacy').data?.show).toBe(false);
  });

  it('发布公告: refusing leaves the notice to be published in words, and says so under the photos', async () => {
    const page = open('demo-reception-a', 'staff/pages/notice/index');
    await until(() => page.data.state === 'ready', 'the form');
    camera.files = [photo];
    privacy.undecided = true;
    tap(byText(page, 'van-button', '添加照片'));
    await popupShown(page);
    tap(byText(page, 'van-button', '不同意'));
    await until(() => text(page).includes('未同意隐私保护指引，无法选择照片；公告仍可只用文字发布。'), 'the notice');
  });

  it('without 选中的照片或视频信息 in the guide, the photo button says the function is unavailable', async () => {
    publishWithout('Album');
    const page = open('demo-owner-1', 'pages/suggestion/index');
    await until(() => page.data.state === 'ready', 'the form');
    camera.files = [photo];
    tap(byText(page, 'van-button', '添加照片'));
    await until(() => text(page).includes('暂时无法选择照片：小程序的隐私保护指引未声明这项功能'), 'the message');
  });
});
