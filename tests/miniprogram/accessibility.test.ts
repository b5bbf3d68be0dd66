/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Every page as a screen reader meets it: each control a person can tap has a name — the text on it,
// or an aria-label where it shows only an icon (WeChat reads aria-label aloud; issue 16 §3).
import fs from 'fs';
import path from 'path';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { accessibilityProblems, byLabel, find, render, text, until, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

async function ready(openid: string, pagePath: string, query: Record<string, string> = {}): Promise<Rendered> {
  setLocalUser(openid);
  const page = render(pagePath, query);
  await until(() => page.data.state === undefined || page.data.state === 'ready', pagePath);
  await new Promise((r) => setTimeout(r, 50));
  return page;
}

it('every tappable element on every page has a name a screen reader can say', async () => {
  const resolved = await cloud().call<{ items: Array<{ id: string }> }>('demo-owner-1', { action: 'complaint.mine', status: 'resolved' });
  const inProgress = await cloud().call<{ items: Array<{ id: string }> }>('demo-owner-3', { action: 'complaint.mine' });
  // A notice in force and a suggestion, so their pages show content rather than an empty state.
  const now = Date.parse((await cloud().get<{ now: string }>('/local/clock')).now);
  const notice = await cloud().call<{ id: string }>('demo-reception-a', { action: 'notice.publish', requestId: 'a11y-notice-1', communityId: 'community-a', kind: 'lift_repair', title: '电梯维修', text: '电梯年检维修，请走楼梯', validFrom: new Date(now - 3_600_000).toISOString(), validTo: new Date(now + 3_600_000).toISOString() });
  const suggestion = await cloud().call<{ id: string }>('demo-owner-1', { action: 'suggestion.submit', requestId: 'a11y-suggestion-1', topic: 'facilities', text: '儿童游乐设施需要维护' });
  const pages: Array<[string, string, Record<string, string>?]> = [
    ['demo-owner-1', 'pages/home/index'],
    ['demo-gm', 'pages/home/index'],
    ['demo-owner-1', 'pages/mine/index'],
    ['demo-owner-1', 'pages/me/index'],
    ['demo-owner-1', 'pages/new/index'],
    ['demo-owner-1', 'pages/detail/index', { id: resolved.ok ? resolved.data.items[0]!.id : '' }],
    ['demo-guest-1', 'pages/bind/index'],
    ['demo-reception-a', 'staff/pages/inbox/index'],
    ['demo-cleaner', 'staff/pages/task/index', { id: inProgress.ok ? inProgress.data.items[0]!.id : '' }],
    ['demo-reception-a', 'staff/pages/record/index'],
    ['demo-reception-a', 'staff/pages/alerts/index'],
    ['demo-gm', 'manager/pages/dashboard/index'],
    ['demo-gm', 'manager/pages/report/index'],
    ['demo-gm', 'manager/pages/company/index'],
    ['demo-admin', 'manager/pages/settings/index'],
    ['demo-admin', 'manager/pages/communities/index'],
    ['demo-admin', 'manager/pages/households/index'],
    ['demo-admin', 'manager/pages/staff/index'],
    ['demo-owner-1', 'pages/household/index', { roomId: 'a-1-2-301' }],
    ['demo-reception-a', 'staff/pages/visit/index'],
    ['demo-gm', 'manager/pages/surveys/index'],
    ['demo-gm', 'manager/pages/summary/index'],
    ['demo-owner-1', 'pages/survey/index', { id: 'none' }],
    ['demo-owner-1', 'pages/notices/index'],
    ['demo-owner-1', 'pages/notice/index', { id: notice.ok ? notice.data.id : '' }],
    ['demo-owner-1', 'pages/suggestions/index'],
    ['demo-owner-1', 'pages/suggestion/index'],
    ['demo-reception-a', 'staff/pages/notice/index'],
    ['demo-reception-a', 'staff/pages/suggestions/index'],
    ['demo-reception-a', 'staff/pages/suggestion/index', { id: suggestion.ok ? suggestion.data.id : '' }],
  ];
  const unnamed: string[] = [];
  for (const [openid, pagePath, query] of pages) {
    const page = await ready(openid, pagePath, query);
    unnamed.push(...accessibilityProblems(page).map((what) => `${pagePath}: ${what}`));
  }
  expect(unnamed).toEqual([]);
});

it('an owner rates by tapping the star a screen reader calls 「4 星：满意」, and reads the word back', async () => {
  const resolved = await cloud().call<{ items: Array<{ id: string }> }>('demo-owner-1', { action: 'complaint.mine', status: 'resolved' });
  const page = await ready('demo-owner-1', 'pages/detail/index', { id: resolved.ok ? resolved.data.items[0]!.id : '' });
  byLabel(page, '4 星：满意').dispatchEvent('tap');
  await until(() => page.data.score === 4, 'the score');
  expect(text(find(page, '#rate'))).toBe('满意');
});

it('the timeline reads at body size: 16 px at WeChat\'s standard font, growing with the owner\'s setting', () => {
  const css = fs.readFileSync(path.join(__dirname, '../../miniprogram/app.wxss'), 'utf8');
  const variable = (name: string) => new RegExp(`${name}: ([^;]+);`).exec(css)?.[1];
  expect(variable('--step-font-size')).toBe('var(--font-body)');
  expect(variable('--font-body')).toBe('1rem');
});
