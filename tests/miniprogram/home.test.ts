/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 首页 against the real functions on CloudBase Local, as the demo company's people.
import { config } from '../../miniprogram/config';
import { setLocalUser } from '../../miniprogram/services/transport';
import { forgetMe } from '../../miniprogram/services/session';
import { seedDemo } from '../../scripts/seed';
import { startApi, type ApiCloud } from '../support/api';
import { installWx, render, resetWx, tap, text, until, wxLog } from './support/simulate';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  process.env.CLOUDBASE_LOCAL_URL = c.url;
  await seedDemo();
  config.local.baseUrl = c.url;
  installWx();
});
afterAll(() => c.stop());
beforeEach(() => {
  resetWx();
  forgetMe();
});

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
