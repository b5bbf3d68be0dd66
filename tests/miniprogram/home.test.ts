/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 首页 against the real functions on CloudBase Local, as the demo company's people.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, find, render, setDataLog, tap, text, until, wxLog } from './support/simulate';

const cloud = useDemoCompany();

it("an owner sees a greeting, their room and their open complaints; 我要投诉 opens the form", async () => {
  setLocalUser('demo-owner-1');
  const page = render('pages/home/index');
  await until(() => page.data.state === 'ready', 'the home page to load');
  expect(text(page)).toContain('您好，张先生');
  expect(text(page)).toContain('阳光花园 1栋2单元301');
  expect(text(page)).toContain('卫生间天花板漏水');
  tap(page, '#file');
  await until(() => wxLog.navigateTo.length > 0);
  expect(wxLog.navigateTo).toEqual(['/pages/new/index']);
});

it('a resolved complaint waits under 待评价 with 去评价, which opens its detail', async () => {
  setLocalUser('demo-owner-1');
  const page = render('pages/home/index');
  await until(() => page.data.state === 'ready', 'the home page to load');
  expect(text(page)).toContain('待评价');
  tap(byText(page, 'van-button', '去评价'));
  await until(() => wxLog.navigateTo.length > 0);
  // It opens the resolved complaint on the card above it (the demo's 楼道声控灯不亮), not an open one.
  const resolved = await cloud().call<{ items: Array<{ id: string }> }>('demo-owner-1', { action: 'complaint.mine', status: 'resolved' });
  expect(resolved.ok && resolved.data.items).toHaveLength(1);
  expect(wxLog.navigateTo).toEqual([`/pages/detail/index?id=${resolved.ok ? resolved.data.items[0]!.id : ''}`]);
  expect(text(find(page, '.section'))).toContain('楼道声控灯不亮');
});

it('staff see their entries instead of a complaint list: reception the 工作台, the general manager also 管理看板', async () => {
  setLocalUser('demo-reception-a');
  const reception = render('pages/home/index');
  await until(() => reception.data.state === 'ready', 'the home page');
  expect(text(reception)).toContain('工作台');
  expect(text(reception)).not.toContain('管理看板');
  expect(text(reception)).not.toContain('我的进行中投诉');
  setLocalUser('demo-gm');
  const gm = render('pages/home/index');
  await until(() => gm.data.state === 'ready', 'the home page');
  expect(text(gm)).toContain('管理看板');
  tap(gm, '#file');
  await until(() => wxLog.navigateTo.length > 0);
  expect(wxLog.navigateTo).toEqual(['/staff/pages/record/index']);
});

it('without a network the page says so in Chinese and offers 重试, which loads again', async () => {
  setLocalUser('demo-owner-1');
  const page = render('pages/home/index', {}, { baseUrl: 'http://127.0.0.1:9' });
  await until(() => page.data.state === 'error', 'the error state');
  expect(text(page)).toContain('网络不太好，请检查网络后重试');
  const before = setDataLog.length;
  tap(page, '#state', '#retry');
  await until(() => setDataLog.length > before, 'the retry to load again');
  expect(page.data.state).toBe('error');
});
