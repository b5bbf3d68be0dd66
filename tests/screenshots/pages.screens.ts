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
import { byText, render, tap, text, type, until, type Rendered } from '../miniprogram/support/simulate';
import { checkInBrowser, installPhone, onPhone, photograph, type Problem } from './support/phone';

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
const totals = { texts: 0, targets: 0 };

async function open(openid: string, pagePath: string, query: Record<string, string> = {}, check = (p: Rendered) => p.data.state === undefined || p.data.state === 'ready'): Promise<Rendered> {
  setLocalUser(openid);
  const page = render(pagePath, query);
  onPhone(page, pagePath);
  await until(() => check(page), pagePath, 20_000).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(page.data).slice(0, 300)}`);
  });
  return page;
}

async function shoot(file: string, page: Rendered, pagePath: string, who: string, title: string, state: string): Promise<void> {
  const checked = await photograph(browser, page, pagePath, path.join(OUT, `${file}.png`));
  problems.push(...checked.problems.map((p: Problem) => `${file} (${pagePath}) ${p.kind}: ${p.what}`));
  totals.texts += checked.texts;
  totals.targets += checked.targets;
  shots.push({ file, who, page: title, state });
}

it('the check finds grey text on white, a small tap target of ours and a low vant cell (so an empty report means something)', async () => {
  const tab = await browser.newPage({ viewport: { width: 375, height: 667 } });
  await tab.setContent('<style>body { margin: 0 } wx-view { display: block }</style><page><wx-view style="color:#aaaaaa">浅灰色的字</wx-view><wx-view data-tap style="width:30px;height:30px;background:#1a66cc;color:#fff">点</wx-view><wx-view style="color:#323233">深色的字</wx-view><wx-view class="van-cell--van-cell--clickable" style="height:30px;color:#323233">矮的单元格</wx-view></page>');
  const found = (await tab.evaluate(checkInBrowser)).problems;
  await tab.close();
  expect(found.map((p) => p.kind).sort()).toEqual(['contrast', 'tap-size', 'tap-size']);
  expect(found.find((p) => p.kind === 'contrast')!.what).toContain('浅灰色的字');
  expect(found.filter((p) => p.kind === 'tap-size').map((p) => p.what.replace(/ \(.*/, ''))).toEqual(['「点」 30 × 30 px', '「矮的单元格」 375 × 30 px']);
});

it('renders every page a user meets, and none has a contrast or tap-size problem', async () => {
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
  await shoot('owner-detail', await open('demo-owner-1', 'pages/detail/index', { id: resolved }), 'pages/detail/index', '业主', '投诉详情', '已解决，待评价');
  await shoot('owner-detail-invalid', await open('demo-owner-2', 'pages/detail/index', { id: invalid }), 'pages/detail/index', '业主', '投诉详情', '不成立（附解释）');
  await shoot('owner-me', await open('demo-owner-1', 'pages/me/index'), 'pages/me/index', '业主', '我的', '房屋、通知、隐私');
  await shoot('owner-household', await open('demo-owner-1', 'pages/household/index', { roomId: 'a-1-2-301' }), 'pages/household/index', '业主', '家庭成员', '邀请与成员');

  // 员工
  await shoot('staff-inbox', await open('demo-reception-a', 'staff/pages/inbox/index'), 'staff/pages/inbox/index', '客服', '工作台', '待受理');
  await shoot('staff-task-triage', await open('demo-reception-a', 'staff/pages/task/index', { id: toTriage }), 'staff/pages/task/index', '客服', '工单详情', '待受理（受理分派）');
  await shoot('staff-task', await open('demo-cleaner', 'staff/pages/task/index', { id: open3 }), 'staff/pages/task/index', '处理人', '工单详情', '处理中');
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

  writeIndex();
  console.log(`${shots.length} pictures; checked ${totals.texts} texts and ${totals.targets} tap targets: ${problems.length} problems\n${problems.join('\n')}`);
  // Pictures no longer taken are removed, so the folder is exactly what the index lists.
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png') && !shots.some((s) => `${s.file}.png` === f)) fs.unlinkSync(path.join(OUT, f));
  expect(problems).toEqual([]);
});

function writeIndex(): void {
  const rows = shots.map((s) => `| ${s.who} | ${s.page} | ${s.state} | [![${s.page}：${s.state}](${s.file}.png)](${s.file}.png) |`);
  const text = `# 页面截图\n\n由 \`npm run screenshots\` 生成（请勿手改）：每个页面用 miniprogram-simulate 渲染真实页面与 vant 组件、连到演示公司，\n再由 Chromium 按 375 pt 宽的手机排版（微信内置组件的基础样式、app.wxss 与内嵌图标字体、vant 测量到的真实尺寸、每页一个文档）后截图。\n截图时同时检查每段可见文字的对比度（WCAG AA：4.5:1，大字 3:1）与每个可点区域（不小于 44 × 44 px），有问题则命令失败。\n\n共 ${shots.length} 张。\n\n| 谁 | 页面 | 状态 | 截图 |\n|---|---|---|---|\n${rows.join('\n')}\n`;
  fs.writeFileSync(path.join(OUT, 'index.md'), text);
}
