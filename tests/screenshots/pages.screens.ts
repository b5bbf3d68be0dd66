/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Pictures of the key pages for the README and for review (`npm run screenshots`): each page rendered
// by miniprogram-simulate against the demo company, its DOM and simulate's styles put in a 375-px-wide
// HTML page (750 rpx = the screen, at twice the pixels), and photographed by Debian's Chromium through playwright-core.
// Not part of `npm test`: it needs Chromium, which scripts/ensure-chromium.sh installs.
import fs from 'fs';
import path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from '../miniprogram/support/demo';
import { render, until, type Rendered } from '../miniprogram/support/simulate';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

// simulate turns 1 rpx into 1 px; on a phone 750 rpx is the 375-px-wide screen vant's px sizes assume.
const simulateUtils = require('miniprogram-simulate/src/utils') as { transformRpx: (css: string) => string };
simulateUtils.transformRpx = (css) => css.replace(/(\d+(?:\.\d+)?)rpx/gi, (_, n: string) => `${Number(n) / 2}px`);
const cloud = useDemoCompany();

/** WeChat's built-in tags have no styles in jsdom: enough stand-ins to look like the phone. */
const BUILT_IN = `
  body { margin: 0; width: 375px; background: #f7f8fa; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 14px; color: #323233; }
  wx-view, wx-scroll-view, wx-swiper, wx-form, wx-label, wx-picker { display: block; }
  wx-text, wx-label { display: inline; }
  wx-image { display: inline-block; width: 160px; height: 120px; background: #ebedf0; }
  wx-button { display: block; box-sizing: border-box; padding: 0 12px; text-align: center; line-height: 44px; border-radius: 5px; background: #f8f8f8; }
  wx-input, wx-textarea { display: block; min-height: 22px; }
  van-icon, [class*="van-icon"] { font-style: normal; }
`;

let browser: Browser;
beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
});
afterAll(() => browser?.close());

async function shoot(name: string, page: Rendered): Promise<void> {
  const styles = [...document.head.querySelectorAll('style')].map((s) => s.innerHTML).join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${BUILT_IN}</style><style>${styles}</style></head><body>${(page.dom as HTMLElement).outerHTML}</body></html>`;
  const tab = await browser.newPage({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
  await tab.setContent(html);
  await tab.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  await tab.close();
}

async function ready(openid: string, pagePath: string, query: Record<string, string> = {}, check = (p: Rendered) => p.data.state === 'ready'): Promise<Rendered> {
  setLocalUser(openid);
  const page = render(pagePath, query);
  await until(() => check(page), pagePath);
  return page;
}

it('renders the key pages', async () => {
  const mine = await cloud().call<{ items: Array<{ id: string; status: string }> }>('demo-owner-1', { action: 'complaint.mine' });
  const resolved = mine.ok ? mine.data.items.find((i) => i.status === 'resolved')!.id : '';
  const inProgress = await cloud().call<{ items: Array<{ id: string }> }>('demo-owner-3', { action: 'complaint.mine' });
  await shoot('owner-home', await ready('demo-owner-1', 'pages/home/index'));
  await shoot('owner-new', await ready('demo-owner-1', 'pages/new/index'));
  await shoot('owner-mine', await ready('demo-owner-1', 'pages/mine/index'));
  await shoot('owner-detail', await ready('demo-owner-1', 'pages/detail/index', { id: resolved }));
  await shoot('staff-inbox', await ready('demo-reception-a', 'staff/pages/inbox/index'));
  await shoot('staff-task', await ready('demo-cleaner', 'staff/pages/task/index', { id: inProgress.ok ? inProgress.data.items[0]!.id : '' }));
  await shoot('manager-dashboard', await ready('demo-gm', 'manager/pages/dashboard/index'));
  expect(fs.readdirSync(OUT).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(7);
});
