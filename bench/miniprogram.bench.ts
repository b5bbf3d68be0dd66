/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// The mini-program's rendering cost on its key pages, measured with miniprogram-simulate against the
// demo company (`npm run bench:miniprogram` → bench/miniprogram.json, summarised in RESULTS.md):
// setData calls and bytes per interaction (WeChat's audit: ≤ 256 KB per call, ≤ 20 calls a second),
// WXML nodes on screen (< 1,000) and the package sizes (≤ 2 MB each; our main budget 1.5 MB).
import fs from 'fs';
import path from 'path';
import { setLocalUser } from '../miniprogram/services/transport';
import { packageSizes } from '../scripts/package-size';
import { useDemoCompany } from '../tests/miniprogram/support/demo';
import { ownerMember } from '../tests/support/api';
import { nodeCount, render, setDataLog, tap, type, until, type Rendered } from '../tests/miniprogram/support/simulate';

const cloud = useDemoCompany();

interface Interaction {
  page: string;
  interaction: string;
  setDataCalls: number;
  totalBytes: number;
  largestBytes: number;
  nodes: number;
}

const results: Interaction[] = [];

/** Measure what `act` makes the page send to the view, and how many nodes it shows after. */
async function measure(page: Rendered, pagePath: string, interaction: string, act: () => Promise<void>): Promise<void> {
  const from = setDataLog.length;
  await act();
  await new Promise((r) => setTimeout(r, 50));
  const calls = setDataLog.slice(from).filter((c) => c.page === pagePath);
  results.push({ page: pagePath, interaction, setDataCalls: calls.length, totalBytes: calls.reduce((n, c) => n + c.bytes, 0), largestBytes: Math.max(0, ...calls.map((c) => c.bytes)), nodes: nodeCount(page) });
}

async function open(openid: string, pagePath: string, query: Record<string, string> = {}): Promise<Rendered> {
  setLocalUser(openid);
  let page: Rendered | null = null;
  const from = setDataLog.length;
  page = render(pagePath, query);
  await until(() => page!.data.state === 'ready' || page!.data.state === 'empty', pagePath, 30_000);
  await new Promise((r) => setTimeout(r, 50));
  const calls = setDataLog.slice(from).filter((c) => c.page === pagePath);
  results.push({ page: pagePath, interaction: 'open', setDataCalls: calls.length, totalBytes: calls.reduce((n, c) => n + c.bytes, 0), largestBytes: Math.max(0, ...calls.map((c) => c.bytes)), nodes: nodeCount(page) });
  return page;
}

it('measures the key pages', async () => {
  // A long list: 30 complaints for one owner, filed past the rate limit window.
  await cloud().db.collection('members').add(ownerMember('bench-owner', '测试业主', '13800138222', 'a-2-1-502'));
  for (let i = 0; i < 30; i++) {
    if (i > 0 && i % 5 === 0) await cloud().post('/local/clock', { advanceMs: 11 * 60_000 });
    await cloud().call('bench-owner', { action: 'complaint.submit', requestId: `bench-mp-${i}`, communityId: 'community-a', location: { kind: 'public_area', description: '2栋大堂' }, description: `第${i + 1}件：大堂灯忽明忽暗，晚上看不清台阶` });
  }
  await open('bench-owner', 'pages/home/index');
  const mine = await open('bench-owner', 'pages/mine/index');
  await measure(mine, 'pages/mine/index', 'scroll to the next page', () => (mine.instance as unknown as { onReachBottom(): Promise<void> }).onReachBottom());
  const id = (mine.data.items as Array<{ id: string }>)[0]!.id;
  await open('bench-owner', 'pages/detail/index', { id });
  const form = await open('demo-owner-1', 'pages/new/index');
  await measure(form, 'pages/new/index', 'type one keystroke in the description', async () => type(form, '#description', '卫'));
  await measure(form, 'pages/new/index', 'choose a category', async () => tap(form, '#category-repair'));
  await open('demo-reception-a', 'staff/pages/inbox/index');
  const task = await open('demo-reception-a', 'staff/pages/task/index', { id });
  await measure(task, 'staff/pages/task/index', 'open the triage form', async () => tap(task, '#action-triage'));
  await measure(task, 'staff/pages/task/index', 'answer 成立 (the form grows)', async () => (task.instance as unknown as { onField(e: object): void }).onField({ currentTarget: { dataset: { key: 'valid' } }, detail: 'yes' }));
  // The dashboards (issue 29.8): 12-month trends and a ranked table, each row and column a few numbers.
  await open('demo-gm', 'manager/pages/dashboard/index');
  await open('demo-gm', 'manager/pages/company/index');

  const { sizes } = packageSizes();
  fs.writeFileSync(path.join(__dirname, 'miniprogram.json'), JSON.stringify({ measuredAt: new Date().toISOString(), packages: sizes, interactions: results }, null, 2) + '\n');
  for (const r of results) {
    expect(r.largestBytes).toBeLessThanOrEqual(256 * 1024);
    expect(r.nodes).toBeLessThan(1000);
  }
});
