/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// The manager subpackage against the real functions and the demo company: the dashboard's figures
// per community and month, the monthly report opened as a document, and the settings an administrator
// changes (time targets, holidays, roster, invitations).
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, find, modalAnswers, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();
const methods = (page: Rendered) => page.instance as unknown as Record<string, (e?: object) => unknown>;
type Figure = { label: string; value: string };
const figure = (page: Rendered, label: string) => (page.data.figures as Figure[]).find((f) => f.label === label)?.value;

/** A section of 设置 (manager/components/): its data, and its methods for what a picker would send. */
function section(page: Rendered, id: string) {
  const node = find(page, id);
  return { node, data: () => node.data as Record<string, unknown>, methods: node.instance as unknown as Record<string, (e?: object) => unknown> };
}

function open(openid: string, pagePath: string, query: Record<string, string> = {}): Rendered {
  setLocalUser(openid);
  return render(pagePath, query);
}

describe('管理看板', () => {
  it("shows the community's month: counts, rates, bars and the overdue list; another community or month reloads", async () => {
    const page = open('demo-gm', 'manager/pages/dashboard/index');
    // The file's first call of the functions starts their containers: on a busy machine, more than 5 s.
    await until(() => page.data.state === 'ready', 'the figures', 20_000);
    // 阳光花园 in the demo: four complaints this month, one judged 不成立 of three decided, one resolved on time.
    expect(figure(page, '本月投诉')).toBe('4');
    expect(figure(page, '不成立占比')).toBe('33%');
    expect(figure(page, '按时办结率')).toBe('100%');
    expect(text(page)).toContain('按类别');
    expect(text(page)).toContain('工程维修');
    expect(text(page)).toContain('当前已超时（0）');
    methods(page).onCommunity!({ detail: { name: 'community-b' } });
    await until(() => page.data.state === 'ready' && figure(page, '本月投诉') === '1', '翠湖苑');
    methods(page).onPrevious!();
    await until(() => page.data.state === 'ready' && figure(page, '本月投诉') === '0', 'last month');
    expect(figure(page, '满意率')).toBe('—');
  });

  it('a manager taps a figure and reads what it measures', async () => {
    const page = open('demo-gm', 'manager/pages/dashboard/index');
    await until(() => page.data.state === 'ready', 'the figures');
    modalAnswers.push({ confirm: true });
    byText(page, 'view', '按时响应率').dispatchEvent('tap', { bubbles: true });
    await until(() => wxLog.modals.some((m) => m.includes('本月到期')), 'the definition');
    expect(wxLog.modals.at(-1)).toContain('按时响应率：本月到期（或已接单）的响应时限中，按时接单的比例');
  });

  it('says when the scheduler last ran, and warns when it has stopped', async () => {
    const stale = open('demo-gm', 'manager/pages/dashboard/index');
    await until(() => stale.data.state === 'ready', 'the figures');
    expect(text(stale)).toContain('定时任务从未运行');
    await cloud().post('/local/functions/scheduler/invoke', { data: {} });
    const fresh = open('demo-gm', 'manager/pages/dashboard/index');
    await until(() => fresh.data.state === 'ready', 'the figures');
    expect(text(fresh)).toMatch(/定时任务最后运行于 \d{2}-\d{2} \d{2}:\d{2}/);
    expect(fresh.data.scheduler).toMatchObject({ warn: false });
  });

  it('staff who are not managers are told so', async () => {
    const page = open('demo-reception-a', 'manager/pages/dashboard/index');
    await until(() => page.data.state === 'error', 'the refusal');
    expect(text(page)).toContain('仅部门主管、值班经理、总经理和管理员可查看');
  });
});

describe('集团看板', () => {
  it('the general manager sees every community side by side, ranked, and opens one on its dashboard', async () => {
    const home = open('demo-gm', 'pages/home/index');
    await until(() => text(home).includes('集团看板'), 'the way in from 首页');
    const page = open('demo-gm', 'manager/pages/company/index');
    await until(() => page.data.state === 'ready', 'the communities');
    // Both demo communities, each with its month's figures, ranked from 1; no visits recorded yet this month.
    const shown = text(page);
    // A ranked table: rank, name, then the bar's figure (tests/miniprogram/dashboard-pages.test.ts reads the ranking).
    expect(shown).toMatch(/排名小区按时办结率.*1(阳光花园|翠湖苑).*2(阳光花园|翠湖苑)/);
    expect(shown).toContain('投诉 4 · 按时响应');
    expect(shown).toContain('走访 0 / 12 户');
    expect(shown).toContain('同一户一个月只计一次，投诉回访不算走访');
    // The figures are totals the scheduler keeps: the page says when they were computed.
    expect(shown).toMatch(/数据截至 \d\d-\d\d \d\d:\d\d（每分钟更新）/);
    byText(page, 'text', '阳光花园').dispatchEvent('tap', { bubbles: true });
    await until(() => wxLog.navigateTo.length > 0, 'the drill-down');
    expect(wxLog.navigateTo.at(-1)).toBe('/manager/pages/dashboard/index?communityId=community-a&offset=0');
    // The drill-down opens that community's month.
    const dashboard = open('demo-gm', 'manager/pages/dashboard/index', { communityId: 'community-b' });
    await until(() => dashboard.data.state !== 'loading', 'the figures');
    expect([dashboard.data.state, dashboard.data.message]).toEqual(['ready', '']);
    expect(dashboard.data.communityId).toBe('community-b');
    expect(figure(dashboard, '本月投诉')).toBe('1');
    expect(text(dashboard)).toContain('集团看板');
  });

  it('a department head is told it is for the company level', async () => {
    const page = open('demo-head-eng', 'manager/pages/company/index');
    await until(() => page.data.state === 'error', 'the refusal');
    expect(text(page)).toContain('仅总经理和管理员可查看集团看板');
  });
});

describe('月度报表', () => {
  it('exports the month to storage, downloads it and opens it as a document', async () => {
    setLocalUser('demo-gm');
    const page = render('manager/pages/report/index', { communityId: 'community-a' });
    await until(() => (page.data.communities as unknown[]).length > 0, 'the form');
    tap(page, '#export');
    await until(() => wxLog.opened.length > 0 || page.data.error !== '', 'the document');
    expect(page.data.error).toBe('');
    expect(wxLog.opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/local\/storage\/get\//);
    const files = await cloud().get<Array<{ path: string }>>('/local/storage/files');
    expect(files.some((f) => f.path.startsWith('reports/community-a/'))).toBe(true);
  });
});

describe('设置', () => {
  it('提醒渠道: an administrator pastes the duty group robot and the SMS template, saves, and 「发送测试提醒」 says which rungs arrived', async () => {
    const page = open('demo-admin', 'manager/pages/settings/index');
    await until(() => page.data.state === 'ready', 'the settings');
    const alerts = find(page, '#alerts');
    await until(() => text(alerts).includes('值班群机器人'), 'the channels');
    // Not a 企业微信 robot: refused, in words, and nothing saved.
    type(alerts, '#robot-duty', 'https://example.com/hook?key=abcdefgh');
    tap(byText(page, 'van-button', '保存提醒渠道'));
    await until(() => String(page.data.error).includes('只接受企业微信群机器人的地址'), 'the refusal');
    type(alerts, '#robot-duty', `${cloud().url}/local/outbound/webhook/send?key=demo-duty-robot-7a1c`);
    type(alerts, '#sms-template', '2233445');
    tap(byText(page, 'van-button', '保存提醒渠道'));
    await until(() => wxLog.toasts.includes('提醒渠道已保存'), 'the save');
    await until(() => (alerts.data as { dutyHint: string }).dutyHint === '企业微信群机器人 …7a1c', 'the saved robot, its key masked');
    tap(byText(page, 'van-button', '发送测试提醒'));
    await until(() => text(alerts).includes('短信：'), 'the results');
    const said = text(alerts);
    expect(said).toContain('订阅消息：');
    // The administrator is in no department with a robot and on no duty roster: said so, not silently passed.
    expect(said).toContain('✗ 群机器人：没有设置群机器人');
    expect(said).toContain('✓ 短信：已发短信到尾号');
  });

  it('changing a deadline asks first, listing the change; 取消 saves nothing', async () => {
    const page = open('demo-admin', 'manager/pages/settings/index');
    await until(() => page.data.state === 'ready', 'the settings');
    type(find(page, '#targets'), '#target-urgent', '30');
    tap(byText(page, 'van-button', '保存政策'));
    await until(() => text(page).includes('确认修改公司政策'), 'the confirmation');
    expect(text(find(page, '#confirm-policy'))).toContain('时限 · 紧急 · 首次响应：15 分钟 → 30 分钟');
    tap(byText(page, 'van-button', '取消'));
    await until(() => !(page.data.confirm as { show: boolean }).show, 'the dialog to close');
    const kept = await cloud().call<{ policy: { urgencies: { urgent: { firstResponse: { amount: number } } } } }>('demo-admin', { action: 'admin.policy.get' });
    expect(kept.ok && kept.data.policy.urgencies.urgent.firstResponse.amount).toBe(15);
    expect(wxLog.toasts).not.toContain('已保存，立即生效');
  });

  it('ordinary complaints show 当日办结 with its rule; switching special complaints to it asks first (seed 003 (6))', async () => {
    const page = open('demo-admin', 'manager/pages/settings/index');
    await until(() => page.data.state === 'ready', 'the settings');
    const targets = text(find(page, '#targets'));
    expect(targets).toContain('一般问题 · 办结 · 当日办结');
    expect(targets).toContain('受理当日下班前；当日剩余不足 1 工作小时或在非工作时间受理的，下一工作日下班前');
    section(page, '#targets').methods.onSameDay!({ currentTarget: { dataset: { index: 4 } }, detail: true });
    await until(() => (page.data.targets as Array<{ sameDay: boolean | null }>)[4]!.sameDay === true, 'the switch');
    tap(byText(page, 'van-button', '保存政策'));
    await until(() => text(page).includes('确认修改公司政策'), 'the confirmation');
    expect(text(find(page, '#confirm-policy'))).toContain('时限 · 特殊问题 · 办结：3 天 → 当日办结');
    tap(byText(page, 'van-button', '取消'));
  });

  it('an administrator changes a time target and adds a holiday; the policy is saved as a whole', async () => {
    const page = open('demo-admin', 'manager/pages/settings/index');
    await until(() => page.data.state === 'ready', 'the settings');
    type(find(page, '#targets'), '#target-important', '2');
    const holidays = section(page, '#holidays');
    holidays.methods.onDate!({ detail: { value: '2027-02-05' } });
    type(holidays.node, '#override-name', '春节');
    tap(byText(page, 'van-button', '添加'));
    await until(() => text(page).includes('放假 · 春节'), 'the new holiday');
    const routing = section(page, '#routing');
    const moved = { ...(routing.data().routes as Array<{ code: string; label: string; departmentLabel: string }>).find((r) => r.departmentLabel !== '工程部')! };
    tap(routing.node, `#route-${moved.code}`);
    await until(() => (routing.data().sheet as { show: boolean }).show, 'the departments');
    routing.methods.onPick!({ detail: { name: '工程部', id: 'engineering' } });
    // The service desk's number, which every filing's reply then offers to call.
    type(find(page, '#desk'), '#desk-phone', '0571-88886666');
    tap(byText(page, 'van-button', '保存政策'));
    // Company-wide at once, so first what changes, old → new; only 确认 saves.
    await until(() => text(page).includes('确认修改公司政策'), 'the confirmation');
    const confirmation = text(find(page, '#confirm-policy'));
    expect(confirmation).toContain('时限 · 重要 · 首次响应：1 工作日 → 2 工作日');
    expect(confirmation).toContain(`分派 · ${moved.label}：${moved.departmentLabel} → 工程部`);
    expect(confirmation).toContain('客服电话：客服中心 （未设电话） → 客服中心 0571-88886666');
    expect(confirmation).toContain('日历 · 2027-02-05：按法定安排 → 放假 · 春节');
    expect(confirmation).not.toContain('紧急 · 首次响应');
    tap(byText(page, 'van-button', '确认'));
    await until(() => wxLog.toasts.includes('已保存，立即生效') || page.data.error !== '', 'the save');
    expect(page.data.error).toBe('');
    const saved = await cloud().call<{ policy: { urgencies: { important: { firstResponse: { amount: number } } }; calendar: { overrides: Array<{ date: string; name?: string }> }; categories: Array<{ code: string; department: string }> } }>('demo-admin', { action: 'admin.policy.get' });
    expect(saved.ok && saved.data.policy.urgencies.important.firstResponse.amount).toBe(2);
    expect(saved.ok && saved.data.policy.calendar.overrides).toContainEqual({ date: '2027-02-05', kind: 'holiday', name: '春节' });
    expect(saved.ok && saved.data.policy.categories).toContainEqual(expect.objectContaining({ code: moved.code, department: 'engineering' }));
    expect(saved.ok && (saved.data.policy as unknown as { serviceDesk: object }).serviceDesk).toEqual({ name: '客服中心', phone: '0571-88886666' });
  });

  it('adds a night shift for a chosen staff member and creates a one-time invitation code', async () => {
    const page = open('demo-admin', 'manager/pages/settings/index');
    await until(() => page.data.state === 'ready', 'the settings');
    const roster = section(page, '#roster');
    tap(roster.node, '#shift-staff');
    await until(() => (roster.data().sheet as { show: boolean }).show, 'the staff list');
    const guard = (roster.data().sheet as { actions: Array<{ name: string; id: string }> }).actions.find((a) => a.id === 'demo-security')!;
    roster.methods.onSheetPick!({ detail: guard });
    roster.methods.onTime!({ currentTarget: { dataset: { key: 'fromDate' } }, detail: { value: '2030-01-01' } });
    roster.methods.onTime!({ currentTarget: { dataset: { key: 'toDate' } }, detail: { value: '2030-01-02' } });
    tap(byText(page, 'van-button', '添加班次'));
    await until(() => (roster.data().shifts as Array<{ name: string }>).some((s) => s.name === guard.name && text(page).includes('01-01 18:00')), 'the new shift');

    const invitations = section(page, '#invitations');
    tap(invitations.node, '#invite-department');
    await until(() => (invitations.data().sheet as { show: boolean }).show, 'the departments');
    invitations.methods.onSheetPick!({ detail: { name: '工程部', id: 'engineering' } });
    type(invitations.node, '#invite-name', '新来的李师傅');
    type(invitations.node, '#invite-phone', '13700001111');
    tap(byText(page, 'van-button', '生成邀请码'));
    await until(() => (invitations.data().invite as { code: string }).code !== '' || page.data.error !== '', 'the code');
    expect(page.data.error).toBe('');
    const code = (invitations.data().invite as { code: string }).code;
    expect(text(page)).toContain(code);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(await cloud().call('demo-new-staff', { action: 'staff.join', code })).toMatchObject({ ok: true, data: { role: 'handler' } });
  });

  it('a department head may not change settings', async () => {
    const page = open('demo-head-eng', 'manager/pages/settings/index');
    await until(() => page.data.state === 'error', 'the refusal');
    expect(text(page)).toContain('仅管理员和总经理可修改设置');
  });
});
