/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// The dashboards and the long work of the manager subpackage (issue 29 items 8 and 11), as a manager
// meets them against the real functions and the demo company: 管理看板 with what is overdue first and
// 12-month trends a screen reader reads as text, 集团看板 as a ranked table, the scheduler's warning in
// red, and the monthly report and the roll import with bars that move as each step is really done.
import fs from 'fs';
import os from 'os';
import path from 'path';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { forgetMe } from '../../miniprogram/services/session';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { accessibilityProblems, byText, chat, find, MINIPROGRAM, modalAnswers, render, tap, text, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

function open(openid: string, pagePath: string, query: Record<string, string> = {}): Rendered {
  setLocalUser(openid);
  forgetMe();
  return render(pagePath, query);
}

/** Every setData of `page` that touched `keys`, in order: the states a person saw go by. */
function watch(page: Rendered, keys: string[]): Array<Record<string, unknown>> {
  const seen: Array<Record<string, unknown>> = [];
  const instance = page.instance as unknown as { setData(data: Record<string, unknown>, cb?: () => void): void };
  const original = instance.setData.bind(instance);
  instance.setData = (data, cb) => {
    original(data, cb);
    if (keys.some((k) => k in data)) {
      // What is on screen right after: the bar's own text (vant's pivot) and the words under it.
      const bar = (page as unknown as { querySelector(s: string): { dom: HTMLElement } | null }).querySelector('#progress');
      seen.push({ ...Object.fromEntries(keys.map((k) => [k, page.data[k]])), shown: bar ? text(bar as never) : null });
    }
  };
  return seen;
}

const monthKey = (offset: number) => {
  const d = new Date();
  const m = new Date(d.getFullYear(), d.getMonth() - offset, 1);
  return { year: m.getFullYear(), month: m.getMonth() + 1, words: `${m.getFullYear()}年${m.getMonth() + 1}月` };
};

/**
 * The colour a stylesheet gives an element with `classes`, by the cascade's own rule for class
 * selectors: the most specific rule wins, and of equally specific ones the later. Only compound class
 * selectors (`.a.b`) are considered — what the page's stylesheet uses.
 */
function cascadeColour(wxss: string, classes: string[]): string | null {
  const css = wxss.replace(/\/\*[\s\S]*?\*\//g, '');
  let best: { specificity: number; colour: string } | null = null;
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const colour = /(?:^|;)\s*color\s*:\s*([^;]+)/.exec(m[2]!)?.[1]?.trim();
    if (!colour) continue;
    for (const selector of m[1]!.split(',').map((s) => s.trim())) {
      if (!/^(\.[\w-]+)+$/.test(selector)) continue;
      const needed = selector.slice(1).split('.');
      if (!needed.every((c) => classes.includes(c))) continue;
      if (!best || needed.length >= best.specificity) best = { specificity: needed.length, colour };
    }
  }
  return best?.colour ?? null;
}

describe('管理看板', () => {
  it('opens on what is overdue now, then draws 12 months of each figure with the change against last month, and reads them out as text', async () => {
    // Last month computed (an administrator's 重新统计 writes its totals); the months before it never were.
    const last = monthKey(1);
    expect(await cloud().call('demo-admin', { action: 'stats.rebuild', communityId: 'community-a', year: last.year, month: last.month })).toMatchObject({ ok: true });
    const page = open('demo-gm', 'manager/pages/dashboard/index');
    await until(() => page.data.state !== 'loading', 'the figures', 20_000);
    expect([page.data.state, page.data.message]).toEqual(['ready', '']);
    const shown = text(page);
    // 当前超时 comes before any figure of the month.
    expect(shown.indexOf('当前已超时（0）')).toBeGreaterThan(-1);
    expect(shown.indexOf('当前已超时（0）')).toBeLessThan(shown.indexOf('按时响应率'));
    expect(shown.indexOf('当前已超时（0）')).toBeLessThan(shown.indexOf('近 12 个月'));
    // Each trend says this month, the change against last month and the company's target.
    const chart = (title: string) => text(byText(page, 'trend-chart', title, 'part'));
    expect(chart('投诉量')).toContain('4 件');
    expect(chart('投诉量')).toContain('较上月 +4 件');
    expect(chart('按时办结率')).toContain('100%');
    expect(chart('按时办结率')).toContain('目标 ≥ 90%');
    // Last month had nothing to measure on time: no change is made up.
    expect(chart('按时办结率')).toContain('较上月：无可比数据');
    // What a screen reader gets: the drawing is hidden from it, the same figures are a text table, a line a month, newest first.
    const table = text(find(page, '#trend-table'));
    expect(table).toContain(`${monthKey(0).words}：投诉 4 件，按时响应率`);
    expect(table).toContain(`按时办结率 100%`);
    expect(table).toContain(`${last.words}：投诉 0 件，按时响应率 —，按时办结率 —，满意率 —`);
    // Never computed: missing, not zero — in the text and in the drawing.
    expect(table).toContain(`${monthKey(2).words}：无统计数据`);
    expect(table).toContain(`${monthKey(11).words}：无统计数据`);
    expect(table.indexOf(monthKey(0).words)).toBeLessThan(table.indexOf(last.words));
    const counts = (page.data.trends as Array<{ key: string; columns: Array<{ missing: boolean; height: number }> }>).find((t) => t.key === 'submitted')!.columns;
    expect(counts.map((c) => c.missing)).toEqual([...Array(10).fill(true), false, false]);
    expect(counts.slice(10).map((c) => c.height)).toEqual([0, 100]);
    // Every control on the page still has a name a screen reader can say.
    expect(accessibilityProblems(page)).toEqual([]);
  });

  it('says in red that the scheduler has never run: the warning rule comes last in the stylesheet, so it wins', async () => {
    const page = open('demo-gm', 'manager/pages/dashboard/index');
    await until(() => page.data.state === 'ready', 'the figures', 20_000);
    expect(text(page)).toContain('定时任务从未运行');
    const warning = find(page, '.scheduler');
    // The element as rendered carries both classes (simulate prefixes them with the component's name).
    const classes = (warning.dom.getAttribute('class') ?? '').split(/\s+/).map((c) => c.replace(/^.*--/, ''));
    expect(classes).toEqual(expect.arrayContaining(['scheduler', 'warn']));
    const wxss = fs.readFileSync(path.join(MINIPROGRAM, 'manager/pages/dashboard/index.wxss'), 'utf8');
    expect(cascadeColour(wxss, classes)).toBe('var(--danger)');
    // Without the warning the line stays grey.
    expect(cascadeColour(wxss, ['scheduler'])).toBe('#646566');
  });
});

describe('集团看板', () => {
  it('is a table ranked by on-time resolution, each row a bar against the target, read whole by a screen reader', async () => {
    // Both communities' totals, as the scheduler keeps them.
    await cloud().post('/local/functions/scheduler/invoke', { data: {} });
    const page = open('demo-gm', 'manager/pages/company/index');
    await until(() => page.data.state === 'ready', 'the table');
    const shown = text(page);
    expect(shown).toContain('排名');
    expect(shown).toContain('按时办结率（目标 ≥ 90%）');
    type Row = { rank: number; name: string; rate: string; bar: number; label: string };
    const rows = page.data.rows as Row[];
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
    // Ranked: the bars never grow down the table, and the rows on screen are in that order.
    expect(rows.map((r) => r.bar)).toEqual([...rows.map((r) => r.bar)].sort((a, b) => b - a));
    expect(shown.indexOf(rows[0]!.name)).toBeLessThan(shown.indexOf(rows[1]!.name));
    const first = find(page, '.row');
    expect(text(first)).toContain(rows[0]!.rate);
    // The first bar on the page is the first row's.
    expect((find(page, '.bar').dom.getAttribute('style') ?? '').replace(/\s/g, '')).toContain(`width:${rows[0]!.bar}%`);
    expect(rows[0]!.label).toMatch(/^第 1 名 /);
    expect(accessibilityProblems(page)).toEqual([]);
  });
});

describe('月度报表', () => {
  it('shows a bar that moves with each step the server really did, and what it is doing', async () => {
    setLocalUser('demo-gm');
    const page = render('manager/pages/report/index', { communityId: 'community-a' });
    await until(() => (page.data.communities as unknown[]).length > 0, 'the form');
    const seen = watch(page, ['progress', 'doing']);
    tap(byText(page, 'van-button', '生成并打开报表'));
    await until(() => wxLog.opened.length > 0 || page.data.error !== '', 'the document', 20_000);
    expect(page.data.error).toBe('');
    const states = seen.filter((s) => s.doing !== '');
    expect(states.map((s) => [s.progress, s.doing])).toEqual([
      [0, '正在开始…'],
      [0, '正在统计本月投诉（第 1/3 步）'],
      [33, '正在整理业户沟通总结（第 2/3 步）'],
      [67, '正在写入报表并上传（第 3/3 步）'],
      [100, '报表已生成，正在打开'],
    ]);
    // On screen: vant's bar with its percentage, and the words under it.
    expect(states[2]!.shown).toContain('33%');
    expect(states[2]!.shown).toContain('正在整理业户沟通总结（第 2/3 步）');
    // Done: the bar goes away.
    await until(() => page.data.busy === false, 'the end');
    expect(() => find(page, '#progress')).toThrow();
  });
});

describe('住户名册导入', () => {
  it('a roll of 700 rooms goes in over two calls, the bar showing the rooms each call wrote', async () => {
    // 翠湖苑's own room kept, 700 new ones: four batches of 200, three a call.
    const rows = [['翠湖苑', '5', '2', '602', '王阿姨', '13800138003'], ...Array.from({ length: 700 }, (_, i) => ['翠湖苑', String(20 + Math.floor(i / 100)), '1', String(101 + (i % 100)), `业主${i}`, `1391${String(i).padStart(7, '0')}`])];
    const data = [['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'], ...rows].map((row) => row.map((value) => ({ value }))) as SheetData;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roll-')), '翠湖苑名册.xlsx');
    fs.writeFileSync(file, await writeExcelFile(data).toBuffer());
    const page = open('demo-admin', 'manager/pages/households/index', { communityId: 'community-b' });
    await until(() => page.data.communityId === 'community-b', 'the page');
    chat.files = [{ path: file, name: '翠湖苑名册.xlsx' }];
    tap(byText(page, 'van-button', '从微信聊天中选择文件'));
    await until(() => text(page).includes('确认导入') || page.data.error !== '', 'the preview', 30_000);
    expect(page.data.error).toBe('');
    expect(page.data.preview).toMatchObject({ add: 700, remove: 0, batches: 4 });
    const p = page.data.preview as { add: number; change: number; remove: number };
    // 700 new rooms, and the kept room counted as changed if its row differs from the record.
    const total = p.add + p.change + p.remove;
    const seen = watch(page, ['percent', 'progress']);
    modalAnswers.push({ confirm: true });
    tap(byText(page, 'van-button', '确认导入'));
    await until(() => text(page).includes('导入完成') || page.data.error !== '', 'the import', 60_000);
    expect(page.data.error).toBe('');
    const states = seen.filter((s) => s.progress !== '');
    expect(states.map((s) => [s.percent, s.progress])).toEqual([
      [0, `正在导入，共 ${total} 户`],
      [Math.round((600 / total) * 100), `已导入 600 / ${total} 户`],
      [100, `已导入 ${total} / ${total} 户`],
    ]);
    expect(states[1]!.shown).toContain(`已导入 600 / ${total} 户`);
    expect(states[1]!.shown).toContain(`${Math.round((600 / total) * 100)}%`);
    expect((await cloud().db.collection('rooms').where({ communityId: 'community-b' }).count()).total).toBe(701);
  }, 120_000);
});
