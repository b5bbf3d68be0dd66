/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 首页 against the real functions on CloudBase Local, as the demo company's people.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { render, tap, text, until, wxLog } from './support/simulate';

useDemoCompany();

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
