// The console in a real browser (Debian's Chromium through playwright-core) against a running
// CloudBase Local with the demo company: the 演示 page files 电梯困人 through the functions, and the
// complaint then shows in 云函数 and 数据库, the owner's 受理 message in 订阅消息, and the clock's
// advance in the escalation. Not part of `npm test` (it needs Chromium): run it with
//   bash scripts/ensure-chromium.sh && TZ=Asia/Shanghai npx jest --testMatch '**/tests/cloudbase-local/*.browser.ts'
import os from 'os';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemo } from '../../scripts/seed';
import { consoleModule } from '@wuye/cloudbase-local';
import { functionsModule } from '@wuye/cloudbase-local';
import { openApiModule } from '@wuye/cloudbase-local';
import { storageModule } from '@wuye/cloudbase-local';
import { timersModule } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';
import { productPlugins } from '../../scripts/local-plugins';

// The product's calendar (「+1 工作日」) and demo, as `npm start` hands them to the console.
const { nextWorkingDay, demoScript } = productPlugins();
const consolePlugins = { nextWorkingDay, demoScript };

jest.setTimeout(120_000);
let c: LocalCloud;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const functions = functionsModule();
  c = await startLocal({ projectRoot: path.resolve(__dirname, '../..'), modules: [storageModule(), functions, openApiModule({ runner: () => functions.runner() }), timersModule({ runner: () => functions.runner() }), consoleModule({ ...consolePlugins, runner: () => functions.runner() })] });
  process.env.CLOUDBASE_LOCAL_URL = c.url;
  await c.post('/local/clock', { set: '2026-11-30T09:00:00+08:00' });
  await seedDemo();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${c.url}/`);
});
afterAll(async () => {
  await browser?.close();
  await c?.stop();
});

/** A full-page picture of the section in the system's temp folder, for a person to look at. */
const shot = (name: string) => page.screenshot({ path: path.join(os.tmpdir(), `console-${name}.png`), fullPage: true });

it('runs the 演示 and shows who was alerted, the escalation, and the complaint in every section', async () => {
  await page.getByRole('tab', { name: '演示' }).click();
  await page.getByRole('button', { name: /拨到周六 23:10/ }).click();
  await page.getByRole('button', { name: /提交「电梯困人」/ }).click({ timeout: 60_000 });
  await page.getByText('当值安全主管 何主管（安全主管）').first().waitFor({ timeout: 60_000 });
  await page.getByText('张先生（业主）').first().waitFor();
  await page.getByRole('button', { name: /前进 16 分钟/ }).click({ timeout: 60_000 });
  await page.getByRole('button', { name: /再前进 15 分钟/ }).click({ timeout: 60_000 });
  await page.getByText('超时升级 → 通知总经理').waitFor({ timeout: 60_000 });
  await page.getByText('时限提醒 → 通知安全主管、值班经理').first().waitFor();
  await page.getByText('总经理 刘总（总经理）').first().waitFor();
  await shot('demo');

  await page.getByRole('tab', { name: '云函数' }).click();
  await page.locator('#invocations tr', { hasText: 'complaint.submit' }).first().waitFor();
  await page.locator('#invocations tr', { hasText: 'complaint.submit' }).first().click();
  await page.locator('#invocation-detail').getByText('电梯困人', { exact: false }).first().waitFor();
  await shot('functions');
  // Each invocation once, however the page's polls and the first load interleave.
  const seqs = await page.$$eval('#invocations tr', (rows) => rows.map((r) => (r as unknown as { dataset: { seq: string } }).dataset.seq));
  expect(new Set(seqs).size).toBe(seqs.length);

  await page.getByRole('tab', { name: '数据库' }).click();
  await page.locator('#collections button', { hasText: 'complaints' }).click();
  await page.locator('#documents').getByText('1号楼2单元电梯困人', { exact: false }).first().waitFor();
  await page.fill('#query-where', '{"communityId": "community-a", "status": "submitted"}');
  await page.fill('#query-order', '[{"field": "submittedAt", "direction": "desc"}]');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByText(/有索引覆盖：community_status_submitted_id/).waitFor();
  await shot('database');

  await page.getByRole('tab', { name: '订阅消息' }).click();
  await page.locator('#message-people button', { hasText: '张先生' }).click();
  await page.locator('.wx-msg', { hasText: '投诉受理通知' }).first().waitFor();
  await shot('messages');

  await page.getByRole('tab', { name: '时钟与定时器' }).click();
  await page.locator('#timers tr', { hasText: 'scheduler' }).waitFor();
  await shot('clock');
  expect(errors).toEqual([]);
});
