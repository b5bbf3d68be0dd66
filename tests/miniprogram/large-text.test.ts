/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Issue 29.4 and 29.9 as a person meets them, against the real functions: tabs that show their whole
// titles and counts, phone numbers that stay in one piece beside their 拨打, the 「当前进展」 box on
// 投诉详情, the survey's 1–5 scale with its words, the category chips and 位置 radios of 我要投诉, and
// labels above the inputs at a large font. Layout itself is photographed and measured by
// `npm run screenshots`; here each test checks what the page puts on screen and the class (with the
// rule it stands for) that keeps it whole.
import fs from 'fs';
import path from 'path';
import exparser from 'miniprogram-exparser';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany, workAsDemoStaff } from './support/demo';
import { byLabel, byText, find, MINIPROGRAM, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();
/** The machine these run on may be busy: a page's first load waits longer than until()'s default. */
const WAIT = 30_000;
// The survey test alone renders three pages, each with a real round trip: more than the default 30 s when busy.
jest.setTimeout(120_000);

type TreeNode = { $$?: HTMLElement; childNodes: TreeNode[]; shadowRoot?: TreeNode };

/**
 * Every element on the page (shadow trees included) whose class list has `className`: their texts.
 * j-component writes a class as `<owner>--<class>` (main--phone-number, van-cell--van-cell__title).
 */
function withClass(root: Rendered | ReturnType<typeof find>, className: string): Array<{ text: string; classes: string[] }> {
  const found: Array<{ text: string; classes: string[] }> = [];
  const walk = (node: TreeNode) => {
    const classes = (node.$$?.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
    if (classes.some((c) => c === className || c.endsWith(`--${className}`))) found.push({ text: node.$$?.textContent?.replace(/\s+/g, ' ').trim() ?? '', classes });
    if (node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot);
    for (const child of node.childNodes) if (child instanceof exparser.Element) walk(child);
  };
  walk((root as unknown as { _exparserNode: TreeNode })._exparserNode);
  return found;
}

/** The declarations of `selector` in a stylesheet under miniprogram/ (comments dropped). */
function rule(file: string, selector: string): Record<string, string> {
  const css = fs.readFileSync(path.join(MINIPROGRAM, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const m = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].find((r) => r[1]!.split(',').some((s) => s.trim() === selector));
  if (!m) throw new Error(`no ${selector} in ${file}`);
  return Object.fromEntries(
    m[2]!
      .split(';')
      .map((d) => d.split(/:(.*)/s).map((s) => s.trim().replace(/\s*!important$/, '')))
      .filter((d) => d[0] && d[1]),
  );
}

/** The tabs of a van-tabs as a person reads them, with the classes vant gave each title. */
function tabs(page: Rendered): Array<{ text: string; classes: string[] }> {
  return withClass(find(page, '#tabs'), 'van-tab');
}

/** A tab must show its whole title: vant's `van-ellipsis` (cut to 「处…」) on no title, every tab `--complete`. */
function expectWholeTabs(page: Rendered): void {
  expect(withClass(find(page, '#tabs'), 'van-ellipsis')).toEqual([]);
  for (const t of tabs(page)) expect(t.classes.some((c) => c.endsWith('van-tab--complete'))).toBe(true);
}

let seq = 0;
async function file(openid: string, description: string): Promise<string> {
  const submit = () => cloud().call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `large-text-${seq++}`, communityId: 'community-a', location: { kind: 'public_area', description: '3栋电梯厅' }, description, photos: [] });
  let r = await submit();
  // An owner may file a few an hour (the rate limit): past its window, as a patient owner would be.
  if (!r.ok && r.code === 'RATE_LIMITED') {
    await cloud().post('/local/clock', { advanceMs: 11 * 60_000 });
    r = await submit();
  }
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
}

/** WeChat's 字体大小 setting for the pages rendered next (px; 16 is the standard size). */
function fontSetting(px: number): void {
  const wx = (global as unknown as { wx: Record<string, unknown> }).wx;
  wx.getAppBaseInfo = () => ({ SDKVersion: '3.7.0', language: 'zh_CN', version: '8.0.50', theme: 'light', fontSizeSetting: px });
}

describe('tabs show their whole titles and counts (29.4)', () => {
  it('我的投诉: every status tab reads in full, and tapping 待评价 shows the complaint waiting for a rating', async () => {
    setLocalUser('demo-owner-1');
    const page = render('pages/mine/index');
    await until(() => page.data.state === 'ready', 'the list', WAIT);
    const titles = (page.data.tabs as Array<{ title: string }>).map((t) => t.title);
    expect(tabs(page).map((t) => t.text)).toEqual(titles);
    expect(titles).toContain('待评价');
    expectWholeTabs(page);
    // Tapped where a finger lands: the tab (vant listens on it) that reads 待评价.
    const toRate = find(page, '#tabs').querySelectorAll('.van-tab').filter((t) => text(t) === '待评价');
    expect(toRate).toHaveLength(1);
    toRate[0]!.dispatchEvent('tap');
    await until(() => page.data.state === 'ready' && (page.data.items as unknown[]).length === 1, 'the 待评价 tab', WAIT);
    expect(text(page)).toContain('楼道声控灯不亮');
    expectWholeTabs(page);
  });

  it('工作台: each tab shows its title with its count, none cut', async () => {
    await file('demo-owner-2', '地下车库入口的道闸一直开着');
    setLocalUser('demo-reception-a');
    const page = render('staff/pages/inbox/index');
    await until(() => page.data.state === 'ready' && (page.data.views as Array<{ count: number }>)[0]!.count > 0, 'the inbox with its counts', WAIT);
    const views = page.data.views as Array<{ title: string; count: number }>;
    expect(tabs(page).map((t) => t.text)).toEqual(views.map((v) => (v.count ? `${v.title} ${v.count}` : v.title)));
    expect(tabs(page)[0]!.text).toMatch(/^待受理 \d+$/);
    expectWholeTabs(page);
  });
});

describe('phone numbers stay in one piece (29.4)', () => {
  const setDesk = async (phone: string) => {
    const got = await cloud().call<{ policy: object }>('demo-admin', { action: 'admin.policy.get' });
    const before = got.ok ? got.data.policy : null;
    expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy: { ...before, serviceDesk: { name: '物业服务中心', phone } } })).toMatchObject({ ok: true });
    return async () => expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy: before })).toMatchObject({ ok: true });
  };

  it('首页 and 投诉详情: the service desk number is one no-wrap piece, and tapping the row calls it', async () => {
    const restore = await setDesk('0571-88886666');
    try {
      const id = await file('demo-owner-2', '楼道里堆满了杂物');
      setLocalUser('demo-owner-2');
      for (const [pagePath, wxss, query] of [
        ['pages/home/index', 'pages/home/index.wxss', {}],
        ['pages/detail/index', 'pages/detail/index.wxss', { id }],
      ] as const) {
        wxLog.calls.length = 0;
        const page = render(pagePath, query);
        await until(() => page.data.state === 'ready' && text(page).includes('0571-88886666'), `the desk on ${pagePath}`, WAIT);
        expect(withClass(page, 'phone-number').map((n) => n.text)).toEqual(['0571-88886666']);
        expect(rule(wxss, '.phone-number')).toMatchObject({ 'white-space': 'nowrap' });
        tap(byText(page, 'van-cell', '0571-88886666', 'part'));
        await until(() => wxLog.calls.length > 0, 'the call', WAIT);
        expect(wxLog.calls).toEqual(['0571-88886666']);
      }
    } finally {
      await restore();
    }
  });

  it('工单详情: the handler sees the masked number whole with 拨打 beside it, and 拨打 calls the owner', async () => {
    const id = await file('demo-owner-2', '楼下烧烤店油烟太大');
    await workAsDemoStaff(cloud(), id, []);
    setLocalUser('demo-handler-1');
    const page = render('staff/pages/task/index', { id });
    await until(() => page.data.state === 'ready', 'the task', WAIT);
    expect(withClass(page, 'phone-number').map((n) => n.text)).toEqual(['138****8002']);
    expect(rule('staff/pages/task/index.wxss', '.phone-number')).toMatchObject({ 'white-space': 'nowrap' });
    // The value cell (number and 拨打) takes the width it needs, never squeezed to 「拨/打」 by the name.
    const value = withClass(page, 'phone-value');
    expect(value.map((v) => v.text)).toEqual(['138****8002拨打']);
    expect(rule('staff/pages/task/index.wxss', '.phone-value')).toMatchObject({ flex: 'none' });
    expect(rule('staff/pages/task/index.wxss', '.phone .van-button')).toMatchObject({ flex: 'none', 'white-space': 'nowrap' });
    tap(byText(page, 'van-button', '拨打'));
    await until(() => wxLog.calls.length > 0, 'the call', WAIT);
    expect(wxLog.calls).toEqual(['13800138002']);
  });
});

describe('投诉详情 tells the owner where the complaint stands (29.9)', () => {
  const open = async (id: string) => {
    setLocalUser('demo-owner-2');
    const page = render('pages/detail/index', { id });
    await until(() => page.data.state === 'ready', 'the detail', WAIT);
    return page;
  };
  const progress = (page: Rendered) => text(find(page, '#progress'));

  it('「当前进展」 comes first and says who has it, what happens next and by when, as the complaint moves on', async () => {
    const id = await file('demo-owner-2', '电梯里的空调不制冷');
    const submitted = await open(id);
    expect(text(submitted).startsWith('当前进展')).toBe(true);
    expect(progress(submitted)).toContain('谁在处理：客服中心');
    expect(progress(submitted)).toContain('下一步：客服查看您的投诉');
    expect(progress(submitted)).toMatch(/什么时候：.+前回应（距回应时限/);

    await workAsDemoStaff(cloud(), id, []);
    const accepted = await open(id);
    expect(progress(accepted)).toContain('谁在处理：处理人员');
    expect(progress(accepted)).toContain('下一步：查看现场、了解原因');
    expect(progress(accepted)).toMatch(/什么时候：.+前办结（距办结时限/);

    for (const [openid, command] of [
      ['demo-handler-1', { type: 'investigate', findings: '压缩机故障', photos: [], responsibleParty: 'property' }],
      ['demo-handler-1', { type: 'plan', description: '更换压缩机', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 0 }],
      ['demo-handler-1', { type: 'resolve', result: '已更换压缩机', photos: [] }],
    ] as const) expect(await cloud().call(openid, { action: 'complaint.command', id, command })).toMatchObject({ ok: true });
    const resolved = await open(id);
    expect(progress(resolved)).toContain('谁在处理：您');
    expect(progress(resolved)).toContain('下一步：请评价处理结果');
    expect(progress(resolved)).not.toContain('什么时候');
  });

  it('a withdrawn complaint says so, with no one handling it and no deadline', async () => {
    const id = await file('demo-owner-2', '隔壁装修太吵');
    expect(await cloud().call('demo-owner-2', { action: 'complaint.command', id, command: { type: 'withdraw', reason: '已经协商好了' } })).toMatchObject({ ok: true });
    const page = await open(id);
    expect(progress(page)).toBe('当前进展您已撤回这件投诉');
  });
});

describe('the survey: 1–5 on one row, with words (29.9)', () => {
  it('each question shows its five scores in one row, the ends named, and the chosen score in words', async () => {
    setLocalUser('demo-gm');
    const manager = render('manager/pages/surveys/index');
    await until(() => manager.data.state === 'ready', 'the surveys', WAIT);
    type(manager, '#title', '年度满意度调查');
    type(manager, '#closes-on', new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    tap(byText(manager, 'van-button', '发起调查'));
    await until(() => text(manager).includes('年度满意度调查'), 'the new survey', WAIT);
    setLocalUser('demo-owner-1');
    const home = render('pages/home/index');
    await until(() => text(home).includes('年度满意度调查'), 'the invitation', WAIT);
    const surveyId = (home.data.surveys as Array<{ id: string }>)[0]!.id;
    const page = render('pages/survey/index', { id: surveyId });
    await until(() => page.data.state === 'ready' && (page.data.questions as unknown[]).length > 0, 'the questions', WAIT);
    const questions = page.data.questions as Array<{ label: string }>;
    // One row per question holding exactly its five scores, in five equal columns that never wrap.
    const rows = withClass(page, 'scale');
    expect(rows.map((r) => r.text)).toEqual(questions.map(() => '12345'));
    expect(rule('pages/survey/index.wxss', '.scale')).toEqual({ display: 'flex' });
    expect(rule('pages/survey/index.wxss', '.score-cell')).toMatchObject({ flex: '1', 'min-width': '0' });
    expect(withClass(page, 'ends').map((e) => e.text)).toEqual(questions.map(() => '1 很不满意5 非常满意'));
    const repair = questions.find((q) => q.label === '维修')!;
    expect(repair).toBeDefined();
    tap(byLabel(page, '维修 4 分'));
    await until(() => text(page).includes('4 分：满意'), 'the chosen score in words', WAIT);
    tap(byLabel(page, '维修 1 分'));
    await until(() => text(page).includes('1 分：很不满意'), 'the new choice in words', WAIT);
    expect(text(page)).not.toContain('4 分：满意');
  });
});

describe('我要投诉: chips and radios that stay whole (29.9)', () => {
  it('category chips never split a word; the 位置 radios sit in a padded row; choosing 公共区域 asks where', async () => {
    fontSetting(16);
    setLocalUser('demo-owner-1');
    const page = render('pages/new/index');
    await until(() => page.data.state === 'ready', 'the form', WAIT);
    const labels = (page.data.categories as Array<{ label: string }>).map((c) => c.label);
    expect(labels.length).toBeGreaterThan(0);
    expect(withClass(page, 'category').map((c) => c.text)).toEqual(labels);
    expect(rule('pages/new/index.wxss', '.category')).toMatchObject({ 'white-space': 'nowrap' });
    // Each grid cell at least a quarter of the row and as wide as its word (vant's own is a fixed 25%).
    expect(withClass(page, 'category-cell')).toHaveLength(labels.length);
    expect(rule('pages/new/index.wxss', '.category-cell')).toMatchObject({ 'min-width': '25%', width: 'auto' });
    tap(byText(page, 'van-grid-item', labels[0]!));
    await until(() => withClass(page, 'category--on').length === 1, 'the chosen chip', WAIT);
    expect(withClass(page, 'category--on')[0]!.text).toBe(labels[0]);

    const kinds = withClass(page, 'kinds').map((k) => k.text);
    expect(kinds).toContainEqual(expect.stringContaining('公共区域'));
    expect(rule('pages/new/index.wxss', '.kinds')).toMatchObject({ padding: '24rpx 32rpx' });
    tap(byText(page, 'van-radio', '公共区域'));
    await until(() => page.data.locationKind === 'public_area', 'the public area', WAIT);
    expect(text(find(page, '#public-area'))).toContain('具体位置');
  });
});

describe('labels above the inputs at a large font (29.9)', () => {
  afterEach(() => fontSetting(16));

  it('我要投诉: at 1.5× the 诉求期望 and 联系时间 labels sit above their inputs; at the standard size beside them', async () => {
    setLocalUser('demo-owner-1');
    for (const [px, stacked] of [
      [24, ['诉求期望', '联系时间']],
      [16, []],
    ] as const) {
      fontSetting(px);
      const page = render('pages/new/index');
      await until(() => page.data.state === 'ready', 'the form', WAIT);
      expect(withClass(page, 'field--stacked').map((f) => f.text.split(' ')[0])).toEqual(stacked);
      type(page, '#desired', '尽快修好');
      await until(() => page.data.desiredOutcome === '尽快修好', 'the typed outcome', WAIT);
    }
    expect(rule('app.wxss', '.field--stacked')).toMatchObject({ 'flex-direction': 'column' });
    expect(rule('app.wxss', '.field--stacked .van-cell__title')).toMatchObject({ 'max-width': 'none', 'min-width': '0' });
  });

  it('绑定房屋: at 1.5× every labelled field (姓名, 手机号, 邀请码) has its label above the input; at the standard size none', async () => {
    setLocalUser('openid-new-person');
    fontSetting(24);
    const page = render('pages/bind/index');
    const stacked = withClass(page, 'field--stacked').map((f) => f.text.split(' ')[0]);
    expect(stacked).toEqual(['姓名', '手机号', '邀请码', '姓名', '手机号', '邀请码']);
    fontSetting(16);
    expect(withClass(render('pages/bind/index'), 'field--stacked')).toEqual([]);
  });
});
