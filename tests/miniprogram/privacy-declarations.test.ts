// The 用户隐私保护指引 against the code (scripts/privacy-guide.js): the README's checklist is the
// declarations file, every guarded call's scope is declared, every declaration is still needed, and
// every page that reaches a guarded API — itself, through a component or through a service — carries
// the privacy popup. The scanner is also run on small projects written here, to see it catch each
// mistake. Regenerate the README section with `node scripts/privacy-guide.js`.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { guideMarkdown, loadGuide, pages, problems, readmeWithGuide, scan } from '../../scripts/privacy-guide';

const ROOT = path.resolve(__dirname, '../..');
const guide = loadGuide(ROOT);

it('the README lists exactly the declarations, as 公众平台 asks for them', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toBe(readmeWithGuide(readme, guide.declarations));
  expect(guideMarkdown(guide.declarations)).toContain('| 选中的文件 | 物业管理员从微信聊天中选择填好的住户名册');
  // Nothing in the app saves to the album: the old checklist's 相册（仅写入） is gone.
  expect(readme).not.toContain('相册（仅写入）');
});

it('the code and the declarations agree', () => {
  expect(problems(ROOT)).toEqual([]);
});

it('finds the guarded calls where they are made, and the pages that reach them through components and services', () => {
  expect(scan(ROOT).map((u) => `${u.file} ${u.api} ${u.scope}`).sort()).toEqual([
    'pages/household/index.ts wx.setClipboardData Clipboard',
    'services/chat-files.ts wx.chooseMessageFile MessageFile',
    'services/photos.ts wx.chooseMedia Album',
    'services/voice.ts wx.getRecorderManager Record',
  ]);
  const reaching = pages(ROOT).filter((p) => p.uses.length > 0);
  expect(reaching.map((p) => `${p.page} ${p.scopes.join(',')}`).sort()).toEqual([
    'manager/pages/households/index MessageFile',
    'pages/detail/index Record',
    'pages/household/index Clipboard',
    'pages/new/index Album,Record',
    'pages/suggestion/index Album',
    'staff/pages/notice/index Album',
    'staff/pages/task/index Album,Record',
  ]);
  // Each of them shows WeChat's question: a page without the popup would answer "disagree" unasked.
  expect(reaching.filter((p) => !p.hasPopup).map((p) => p.page)).toEqual([]);
  // 月度报表 only opens spreadsheets (services/files.ts): it needs no scope and no popup.
  expect(pages(ROOT).find((p) => p.page === 'manager/pages/report/index')?.uses).toEqual([]);
});

it('a guarded call whose scope is not declared is reported with its file and line (WeChat would answer errno 112)', () => {
  const without = { ...guide, declarations: guide.declarations.filter((d) => d.scope !== 'Clipboard') };
  expect(problems(ROOT, without)).toEqual([expect.stringMatching(/^pages\/household\/index\.ts:\d+ 调用 wx\.setClipboardData，它的隐私范围 Clipboard 未在 config\/privacy-declarations\.json 声明/)]);
});

it('a declaration nothing uses any more is reported, and so is a typed-in one whose field is gone', () => {
  const stale = { ...guide, declarations: [...guide.declarations, { scope: 'AlbumWriteOnly', name: '相册（仅写入）权限', purpose: '保存海报' }] };
  expect(problems(ROOT, stale)).toEqual(['声明了「相册（仅写入）权限」（AlbumWriteOnly），但 miniprogram/ 不再调用任何需要它的接口']);
  const moved = { ...guide, declarations: guide.declarations.map((d) => (d.typedIn ? { ...d, typedIn: ['pages/home/index'] } : d)) };
  expect(problems(ROOT, moved)).toEqual(['声明了「手机号」由用户在 pages/home/index 填写，但该页没有标为「手机号」的输入框']);
});

describe('on a small project', () => {
  let root = '';
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-guide-'));
    for (const file of ['config/privacy-guarded-apis.json', 'config/privacy-declarations.json']) write(file, fs.readFileSync(path.join(ROOT, file), 'utf8'));
    write('miniprogram/app.json', JSON.stringify({ pages: ['pages/a/index', 'pages/b/index'], subPackages: [{ root: 'staff', pages: ['pages/c/index'] }] }));
    write('miniprogram/services/pick.ts', "export const pick = () => wx.chooseMessageFile({ count: 1, type: 'file' });\nexport type Picked = string;\n");
    write('miniprogram/components/picker/index.json', JSON.stringify({ component: true }));
    write('miniprogram/components/picker/index.ts', "import { pick } from '../../services/pick';\nComponent({ methods: { onTap: pick } });\n");
    // a: through a component, with no popup. b: a type-only import and a comment name the API, nothing calls it.
    write('miniprogram/pages/a/index.json', JSON.stringify({ usingComponents: { picker: '/components/picker/index' } }));
    write('miniprogram/pages/a/index.wxml', '<picker />');
    write('miniprogram/pages/b/index.ts', "import type { Picked } from '../../services/pick';\n// wx.chooseMessageFile({}) is for 名册导入 only\nexport const none: Picked = '';\n");
    // c: saves to the album, a scope the guide does not declare, and carries the popup.
    write('miniprogram/staff/pages/c/index.json', JSON.stringify({ usingComponents: { 'privacy-popup': '/components/privacy-popup/index' } }));
    write('miniprogram/staff/pages/c/index.wxml', '<privacy-popup id="privacy" />');
    write('miniprogram/staff/pages/c/index.ts', "Component({ methods: { onSave() { wx.saveImageToPhotosAlbum({ filePath: 'x' }); } } });\n");
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('follows components and imports, skips type-only imports and comments, and names each mistake', () => {
    expect(pages(root).map((p) => [p.page, p.scopes, p.hasPopup])).toEqual([
      ['pages/a/index', ['MessageFile'], false],
      ['pages/b/index', [], false],
      ['staff/pages/c/index', ['AlbumWriteOnly'], true],
    ]);
    expect(problems(root)).toEqual([
      expect.stringMatching(/^staff\/pages\/c\/index\.ts:1 调用 wx\.saveImageToPhotosAlbum，它的隐私范围 AlbumWriteOnly 未在/),
      '声明了「选中的照片或视频信息」（Album），但 miniprogram/ 不再调用任何需要它的接口',
      '声明了「麦克风」（Record），但 miniprogram/ 不再调用任何需要它的接口',
      '声明了「剪切板」（Clipboard），但 miniprogram/ 不再调用任何需要它的接口',
      '声明了「手机号」由用户在 pages/bind/index 填写，但该页没有标为「手机号」的输入框',
      'pages/a/index 会调用 wx.chooseMessageFile，但没有放隐私弹窗 components/privacy-popup',
    ]);
  });
});
