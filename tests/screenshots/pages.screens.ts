/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Pictures of every page and state a user meets (`npm run screenshots`), for the README and for
// review: each page rendered by miniprogram-simulate against the demo company, laid out by Chromium as
// a 375-pt phone (tests/screenshots/support/phone.ts), checked in the browser for contrast and tap
// sizes, photographed into docs/screenshots/ with an index (docs/screenshots/index.md).
// Not part of `npm test`: it needs Chromium, which scripts/ensure-chromium.sh installs.
import fs from 'fs';
import path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from '../miniprogram/support/demo';
import { byLabel, byText, render, tap, text, type, until, type Rendered } from '../miniprogram/support/simulate';
import { checkInBrowser, installPhone, onPhone, photograph, phoneSuffix, PHONES, type Phone, type Problem } from './support/phone';

const OUT = path.resolve(__dirname, '../../docs/screenshots');
const cloud = useDemoCompany();

let browser: Browser;
beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'] });
  await installPhone(browser);
});
afterAll(() => browser?.close());

interface Shot {
  file: string;
  who: string;
  page: string;
  state: string;
}
const shots: Shot[] = [];
const problems: string[] = [];
const totals = { pictures: 0, texts: 0, targets: 0, controls: 0, phones: 0 };

async function open(openid: string, pagePath: string, query: Record<string, string> = {}, check = (p: Rendered) => p.data.state === undefined || p.data.state === 'ready'): Promise<Rendered> {
  setLocalUser(openid);
  const page = render(pagePath, query);
  onPhone(page, pagePath);
  await until(() => check(page), pagePath, 20_000).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(page.data).slice(0, 300)}`);
  });
  return page;
}

/** Photographs the page as it is now on every phone (tests/screenshots/support/phone.ts PHONES). */
async function shoot(file: string, page: Rendered, pagePath: string, who: string, title: string, state: string): Promise<void> {
  for (const phone of PHONES) {
    const name = `${file}${phoneSuffix(phone)}`;
    const checked = await photograph(browser, page, pagePath, path.join(OUT, `${name}.png`), phone);
    problems.push(...checked.problems.map((p: Problem) => `${name} (${pagePath}, ${phone.width} pt, ${phone.font}× 字号) ${p.kind}: ${p.what}`));
    totals.texts += checked.texts;
    totals.targets += checked.targets;
    totals.controls += checked.controls;
    totals.phones += checked.phones;
    totals.pictures++;
  }
  shots.push({ file, who, page: title, state });
}

/**
 * A page broken in every way the check looks for, on the smallest phone at the largest font: each
 * problem must be reported (so an empty report means something), and the sound controls beside them
 * must not be.
 */
const BROKEN = `<style>
  html { font-size: 24px } body { margin: 0 } wx-view { display: block } wx-text { display: inline }
  .van-tabs--van-tab { flex: 1; min-width: 0; min-height: 44px; line-height: 44px; text-align: center }
  .van-tabs--van-ellipsis { overflow: hidden; white-space: nowrap; text-overflow: ellipsis }
  .van-button--van-button { display: inline-block; min-height: 44px; min-width: 44px; line-height: 1.2; background: #1a66cc; color: #fff }
</style><page>
  <wx-view style="color:#aaaaaa">浅灰色的字</wx-view>
  <wx-view data-tap style="width:30px;height:30px;background:#1a66cc;color:#fff">点</wx-view>
  <wx-view style="color:#323233">深色的字</wx-view>
  <wx-view class="van-cell--van-cell--clickable" style="height:30px;color:#323233">矮的单元格</wx-view>
  <wx-view style="display:flex;width:120px;color:#323233">
    <wx-view class="van-tabs--van-tab"><wx-view class="van-tabs--van-ellipsis">处理中</wx-view></wx-view>
    <wx-view class="van-tabs--van-tab"><wx-view class="van-tabs--van-ellipsis">已</wx-view></wx-view>
  </wx-view>
  <wx-view style="display:flex;width:320px;color:#323233">
    <wx-view style="flex:1">138****5678</wx-view>
    <wx-view class="van-button--van-button" style="width:44px;height:60px">拨打</wx-view>
  </wx-view>
  <wx-view style="width:140px;color:#323233">客服中心 0571-88886666</wx-view>
  <wx-view style="width:90px;overflow:hidden;white-space:nowrap;color:#323233">手机 13812345678</wx-view>
  <wx-view style="width:320px;color:#323233">客服中心 <wx-text style="white-space:nowrap">0571-88886666</wx-text></wx-view>
</page>`;

it('the check finds grey text, small tap targets, a cut-off tab, a split button and phone numbers wrapped or cut off (so an empty report means something)', async () => {
  const tab = await browser.newPage({ viewport: { width: 320, height: 667 } });
  await tab.setContent(BROKEN);
  const checked = await tab.evaluate(checkInBrowser);
  await tab.close();
  const found = checked.problems.map((p) => `${p.kind} ${p.what.replace(/ \(.*/, '')}`);
  expect(found.sort()).toEqual(
    [
      'contrast 「浅灰色的字」 #aaaaaa on #ffffff: 2.32:1 < 3:1',
      'tap-size 「点」 30 × 30 px',
      'tap-size 「矮的单元格」 320 × 30 px',
      'clipped 「处理中」 is cut off by wx-view.van-tabs--van-ellipsis',
      'split 「拨打」 is broken over 2 lines',
      'phone 0571-88886666 is broken over 2 lines',
      'phone 13812345678 is cut off by wx-view.',
    ].sort(),
  );
  // Checked but sound: the one-character tab, the masked number beside its button, the number kept whole.
  expect(checked.controls).toBe(3);
  expect(checked.phones).toBe(4);
});

it('renders every page a user meets on every phone, and none has a contrast, tap-size, clipped-word or phone-number problem', async () => {
  const ids = async (openid: string, request: object) => {
    const r = await cloud().call<{ items: Array<{ id: string; status: string; closureReason?: string | null }> }>(openid, request);
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data.items;
  };
  const resolved = (await ids('demo-owner-1', { action: 'complaint.mine', status: 'resolved' }))[0]!.id;
  const open3 = (await ids('demo-owner-3', { action: 'complaint.mine' }))[0]!.id;
  const owner2 = await ids('demo-owner-2', { action: 'complaint.mine', status: 'all' });
  const invalid = owner2.find((i) => i.status === 'closed')?.id ?? owner2[0]!.id;
  const toTriage = (await ids('demo-reception-a', { action: 'inbox.list', view: 'to_triage', limit: 5 }))[0]!.id;

  // 业主
  await shoot('owner-home', await open('demo-owner-1', 'pages/home/index'), 'pages/home/index', '业主', '首页', '已绑定房屋，有进行中的投诉');
  await shoot('owner-home-guest', await open('demo-stranger', 'pages/home/index'), 'pages/home/index', '新用户', '首页', '尚未绑定房屋');
  await shoot('owner-bind', await open('demo-stranger', 'pages/bind/index'), 'pages/bind/index', '新用户', '绑定房屋', '选择小区、楼栋、房号');
  const form = await open('demo-owner-1', 'pages/new/index');
  await shoot('owner-new', form, 'pages/new/index', '业主', '我要投诉', '填写');
  type(form, '#description', '地下室水管爆裂，水已经漫到车位');
  type(form, '#desired', '尽快关阀维修');
  tap(byText(form, 'van-button', '下一步：核对信息'));
  await until(() => form.data.step === 'review', 'the read-back');
  await shoot('owner-new-review', form, 'pages/new/index', '业主', '我要投诉', '核对（紧急：安全提示与电话）');
  tap(byText(form, 'van-button', '确认提交'));
  await until(() => form.data.step === 'done', 'the reply', 20_000);
  await shoot('owner-new-done', form, 'pages/new/index', '业主', '我要投诉', '已提交');
  await shoot('owner-mine', await open('demo-owner-1', 'pages/mine/index'), 'pages/mine/index', '业主', '我的投诉', '全部');
  await shoot('owner-detail-open', await open('demo-owner-3', 'pages/detail/index', { id: open3 }), 'pages/detail/index', '业主', '投诉详情', '处理中');
  const rating = await open('demo-owner-1', 'pages/detail/index', { id: resolved });
  await shoot('owner-detail', rating, 'pages/detail/index', '业主', '投诉详情', '已解决，待评价');
  tap(byLabel(rating, '4 星：满意'));
  await until(() => rating.data.score === 4, 'the chosen star');
  await shoot('owner-detail-rating', rating, 'pages/detail/index', '业主', '投诉详情', '评价：选了 4 星');
  await shoot('owner-detail-invalid', await open('demo-owner-2', 'pages/detail/index', { id: invalid }), 'pages/detail/index', '业主', '投诉详情', '不成立（附解释）');
  await shoot('owner-me', await open('demo-owner-1', 'pages/me/index'), 'pages/me/index', '业主', '我的', '房屋、通知、隐私');
  await shoot('owner-household', await open('demo-owner-1', 'pages/household/index', { roomId: 'a-1-2-301' }), 'pages/household/index', '业主', '家庭成员', '邀请与成员');

  // 员工
  await shoot('staff-inbox', await open('demo-reception-a', 'staff/pages/inbox/index'), 'staff/pages/inbox/index', '客服', '工作台', '待受理');
  await shoot('staff-task-triage', await open('demo-reception-a', 'staff/pages/task/index', { id: toTriage }), 'staff/pages/task/index', '客服', '工单详情', '待受理（受理分派）');
  const task = await open('demo-cleaner', 'staff/pages/task/index', { id: open3 });
  await shoot('staff-task', task, 'staff/pages/task/index', '处理人', '工单详情', '处理中');
  const record = await open('demo-reception-a', 'staff/pages/record/index', {}, (p) => text(p).includes('阳光花园'));
  await shoot('staff-record', record, 'staff/pages/record/index', '客服', '代业主登记', '填写');
  tap(byText(record, 'van-radio', '公共区域'));
  await until(() => text(record).includes('具体位置'), 'the public-area field');
  type(record, '#name', '周先生');
  type(record, '#phone', '0571-88001234');
  type(record, '#public-area', '5号楼地下室');
  type(record, '#description', '地下室水管爆裂，水已经漫到配电箱了');
  tap(byText(record, 'van-button', '下一步：向来电人复述'));
  await until(() => text(record).includes('请向来电人逐项复述'), 'the read-back');
  await shoot('staff-record-review', record, 'staff/pages/record/index', '客服', '代业主登记', '向来电人复述（紧急）');
  await shoot('staff-alerts', await open('demo-handler-1', 'staff/pages/alerts/index'), 'staff/pages/alerts/index', '处理人', '任务提醒', '额度用完');

  // 管理者
  await shoot('manager-company', await open('demo-gm', 'manager/pages/company/index'), 'manager/pages/company/index', '总经理', '集团看板', '本月各小区排名');
  await shoot('manager-dashboard', await open('demo-gm', 'manager/pages/dashboard/index'), 'manager/pages/dashboard/index', '总经理', '管理看板', '本月');
  await shoot('manager-report', await open('demo-gm', 'manager/pages/report/index'), 'manager/pages/report/index', '总经理', '月度报表', '选择小区与月份');
  await shoot('manager-settings', await open('demo-admin', 'manager/pages/settings/index'), 'manager/pages/settings/index', '管理员', '设置', '各部分');
  await shoot('manager-communities', await open('demo-admin', 'manager/pages/communities/index'), 'manager/pages/communities/index', '管理员', '小区与楼栋', '列表');
  await shoot('manager-households', await open('demo-admin', 'manager/pages/households/index'), 'manager/pages/households/index', '管理员', '住户名册导入', '下载模板、选择文件');
  await shoot('manager-staff', await open('demo-admin', 'manager/pages/staff/index'), 'manager/pages/staff/index', '管理员', '员工管理', '在职员工');

  console.log(`${shots.length} states, ${totals.pictures} pictures; checked ${totals.texts} texts, ${totals.targets} tap targets, ${totals.controls} controls' words and ${totals.phones} phone numbers: ${problems.length} problems\n${problems.join('\n')}`);
  // Pictures no longer taken are removed, so the folder is exactly what the index lists.
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png') && !shots.some((s) => PHONES.some((p) => `${s.file}${phoneSuffix(p)}.png` === f))) fs.unlinkSync(path.join(OUT, f));
  writeIndex();
  writeReadme();
  expect(problems).toEqual([]);
});

const PHONE_NAMES = (phone: Phone) => `${phone.width} pt${phone.font === 1 ? '' : '，1.5 倍字号'}`;

/** MB of the pictures in the folder (what a clone downloads). */
function megabytes(files: string[]): string {
  return (files.reduce((sum, f) => sum + fs.statSync(path.join(OUT, f)).size, 0) / 1024 / 1024).toFixed(2);
}

function writeIndex(): void {
  const header = `| 谁 | 页面 | 状态 | ${PHONES.map(PHONE_NAMES).join(' | ')} |\n|---|---|---|${PHONES.map(() => '---|').join('')}`;
  const rows = shots.map((s) => `| ${s.who} | ${s.page} | ${s.state} | ${PHONES.map((p) => `[![${s.page}：${s.state}（${PHONE_NAMES(p)}）](${s.file}${phoneSuffix(p)}.png)](${s.file}${phoneSuffix(p)}.png)`).join(' | ')} |`);
  const text = `# 页面截图\n\n由 \`npm run screenshots\` 生成（请勿手改）：每个页面用 miniprogram-simulate 渲染真实页面与 vant 组件、连到演示公司，\n再由 Chromium 按手机排版（微信内置组件的基础样式、app.wxss 与内嵌图标字体、vant 测量到的真实尺寸、每页一个文档）后截图：\n每个状态拍 ${PHONES.length} 张——${PHONES.map(PHONE_NAMES).join('、')}（1.5 倍字号即微信「字体大小」调大后 1rem = 24 px）。\n截图时同时检查：每段可见文字的对比度（WCAG AA：4.5:1，大字 3:1）、每个可点区域（不小于 44 × 44 px）、标签页与按钮上的文字不被截断或省略、不折成两行，电话号码不折行、不被截断；有问题则命令失败。\n\n共 ${shots.length} 个页面状态、${totals.pictures} 张截图。\n\n${header}\n${rows.join('\n')}\n`;
  fs.writeFileSync(path.join(OUT, 'index.md'), text);
}

/** The README's figures and picture table, between its markers: written from this run, never typed. */
function writeReadme(): void {
  const readme = path.resolve(__dirname, '../../README.md');
  const start = '<!-- screenshots:start (npm run screenshots writes this part) -->';
  const end = '<!-- screenshots:end -->';
  const old = fs.readFileSync(readme, 'utf8');
  if (!old.includes(start) || !old.includes(end)) throw new Error('README.md has lost its screenshot markers');
  const pngs = fs.readdirSync(OUT).filter((f) => f.endsWith('.png'));
  const standard = shots.map((s) => `${s.file}.png`);
  const found = problems.length === 0 ? '没有发现问题' : `发现 ${problems.length} 处问题（命令失败，见运行输出）`;
  const table = (files: string[], titles: string[]) => `| ${titles.join(' | ')} |\n|${titles.map(() => '---|').join('')}\n| ${files.map((f) => `![](docs/screenshots/${f})`).join(' | ')} |`;
  const pick = (file: string) => shots.find((s) => s.file === file)!;
  const main = ['owner-home', 'owner-new-review', 'owner-detail', 'staff-inbox', 'staff-task', 'staff-record-review', 'manager-dashboard'].map(pick);
  const large = ['owner-mine', 'owner-detail-rating', 'staff-inbox', 'staff-task'].map(pick);
  const largePhone = PHONES[PHONES.length - 1]!;
  const text = [
    start,
    `最近一次：${shots.length} 个页面状态 × ${PHONES.length} 种手机（${PHONES.map(PHONE_NAMES).join('、')}）共 ${totals.pictures} 张截图，检查了 ${totals.texts} 段文字、${totals.targets} 个可点区域、${totals.controls} 个标签页与按钮上的文字、${totals.phones} 个电话号码，${found}。`,
    `全部截图与说明见 [docs/screenshots/index.md](docs/screenshots/index.md)（经 optipng 压缩，${pngs.length} 张共 ${megabytes(pngs)} MB，其中 375 pt 标准字号 ${standard.length} 张 ${megabytes(standard.filter((f) => pngs.includes(f)))} MB）。`,
    '',
    table(main.map((s) => `${s.file}.png`), main.map((s) => `${s.page}（${s.state}）`)),
    '',
    `${PHONE_NAMES(largePhone)}：`,
    '',
    table(large.map((s) => `${s.file}${phoneSuffix(largePhone)}.png`), large.map((s) => `${s.page}（${s.state}）`)),
    end,
  ].join('\n');
  fs.writeFileSync(readme, old.slice(0, old.indexOf(start)) + text + old.slice(old.indexOf(end) + end.length));
}
