/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 绑定房屋 and 我的 against the real functions: binding through the directory with a registered phone,
// redeeming a staff invitation, notification credits, and switching the demo user in local mode.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, modalAnswers, render, subscriptionAnswers, tap, text, type, until, wxLog, type Rendered } from './support/simulate';
import { ownerMember } from '../support/api';

const cloud = useDemoCompany();

type Sheet = { show: boolean; actions: Array<{ name: string; id: string }> };
const sheet = (page: Rendered) => page.data.sheet as Sheet;

async function pick(page: Rendered, cell: string, label: string): Promise<void> {
  tap(page, cell);
  await until(() => sheet(page).show, `the ${cell} choices`);
  const action = sheet(page).actions.find((a) => a.name === label);
  if (!action) throw new Error(`${label} not among ${sheet(page).actions.map((a) => a.name).join(', ')}`);
  (page.instance as unknown as { onSelect(e: object): void }).onSelect({ detail: action });
}

describe('绑定房屋', () => {
  it('a new owner picks 小区 → 楼栋 → 房号, proves it with the registered phone, and becomes an owner', async () => {
    setLocalUser('demo-guest-1');
    const page = render('pages/bind/index');
    await pick(page, '#pick-community', '阳光花园');
    await pick(page, '#pick-building', '2栋');
    await pick(page, '#pick-room', '1单元 502');
    expect(text(page)).toContain('1单元 502');
    type(page, '#name', '新业主');
    type(page, '#phone', '13800138008');
    tap(page, '#bind');
    await until(() => wxLog.toasts.length > 0, 'the refusal');
    expect(wxLog.toasts).toEqual(['该手机号未在此房屋登记，请核对或联系物业']);
    type(page, '#phone', '13800138009');
    tap(page, '#bind');
    await until(() => wxLog.switchTab.length > 0, 'the way home');
    expect(await cloud().call('demo-guest-1', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'owner', rooms: [{ id: 'a-2-1-502', relation: 'owner' }] } });
  });

  it('a company that is already open answers the setup code with who to ask instead', async () => {
    setLocalUser('demo-guest-setup');
    const page = render('pages/bind/index');
    tap(byText(page, 'van-cell', '使用开通码开通公司', 'part'));
    await until(() => text(page).includes('开通公司，成为管理员'), 'the setup fields');
    type(page, '#setup-code', 'some-setup-code-123');
    type(page, '#setup-name', '陈经理');
    type(page, '#setup-phone', '13700001111');
    tap(byText(page, 'van-button', '开通公司，成为管理员'));
    // The demo runs without a setup code (and has its administrator): setup stays closed.
    await until(() => wxLog.toasts.length > 0, 'the answer');
    expect(wxLog.toasts[0]).toContain('未启用');
    expect(await cloud().call('demo-guest-setup', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'guest' } });
  });

  it('choosing a new 小区 clears the building and room chosen before', async () => {
    setLocalUser('demo-guest-2');
    const page = render('pages/bind/index');
    await pick(page, '#pick-community', '阳光花园');
    await pick(page, '#pick-building', '1栋');
    await pick(page, '#pick-community', '翠湖苑');
    expect(page.data.building).toEqual({ id: '', label: '' });
  });

  it('a new staff member joins with the invitation code a manager created', async () => {
    const invite = await cloud().call<{ code: string }>('demo-admin', { action: 'admin.invite', role: 'handler', communityIds: ['community-a'], department: 'engineering', name: '新师傅', phone: '13700009999' });
    setLocalUser('demo-guest-3');
    const page = render('pages/bind/index');
    type(page, '#code', invite.ok ? invite.data.code.toLowerCase() : '');
    tap(page, '#join');
    await until(() => wxLog.switchTab.length > 0, 'the way home');
    expect(await cloud().call('demo-guest-3', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'staff', role: 'handler', name: '新师傅' } });
  });
});

describe('我的', () => {
  it('an owner sees the room and the credits left; 开启通知 adds one of each accepted template', async () => {
    setLocalUser('demo-owner-3');
    const page = render('pages/me/index');
    await until(() => page.data.state === 'ready', 'the page');
    expect(text(page)).toContain('翠湖苑 5栋2单元602');
    expect(page.data.credits).toEqual([
      { id: 'TPL_COMPLAINT_ACCEPTED', title: '受理通知', left: '剩余 0 次' },
      { id: 'TPL_COMPLAINT_PROGRESS', title: '进度通知', left: '剩余 0 次' },
      { id: 'TPL_COMPLAINT_RESULT', title: '处理结果通知', left: '剩余 0 次' },
    ]);
    subscriptionAnswers.TPL_COMPLAINT_RESULT = 'reject';
    tap(page, '#subscribe');
    await until(() => (page.data.credits as Array<{ left: string }>)[0]!.left === '剩余 1 次', 'the new credits');
    expect((page.data.credits as Array<{ left: string }>).map((c) => c.left)).toEqual(['剩余 1 次', '剩余 1 次', '剩余 0 次']);
  });

  it('an owner moving out taps 解除绑定, confirms, and is a guest again; cancelling changes nothing', async () => {
    await cloud().db.collection('members').add(ownerMember('openid-moving', '搬家的人', '13800138222', 'a-2-1-502'));
    setLocalUser('openid-moving');
    const page = render('pages/me/index');
    await until(() => page.data.state === 'ready', 'the page');
    modalAnswers.push({ confirm: false });
    tap(byText(page, 'van-cell', '解除绑定（搬离）'));
    await new Promise((r) => setTimeout(r, 50));
    expect(await cloud().call('openid-moving', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'owner' } });
    modalAnswers.push({ confirm: true });
    tap(byText(page, 'van-cell', '解除绑定（搬离）'));
    await until(() => text(page).includes('绑定房屋 / 员工加入'), 'the guest page');
    expect(await cloud().call('openid-moving', { action: 'account.me' })).toMatchObject({ ok: true, data: { kind: 'guest' } });
  });

  it('in local mode the demo user can be switched; a receptionist then sees the staff entries', async () => {
    setLocalUser('demo-owner-1');
    const page = render('pages/me/index');
    await until(() => page.data.state === 'ready', 'the page');
    expect(page.data.local).toEqual({ enabled: true, label: '业主 张先生（阳光花园 1栋）' });
    tap(page, '#switch-user');
    await until(() => page.data.picking === true, 'the picker');
    (page.instance as unknown as { onPickUser(e: object): void }).onPickUser({ detail: { id: 'demo-reception-a' } });
    await until(() => page.data.state === 'ready' && (page.data.who as { staff: boolean }).staff, 'the receptionist');
    expect(text(page)).toContain('客服 王敏');
    expect(text(page)).toContain('工作台');
    expect(page.data.credits).toEqual([{ id: 'TPL_STAFF_TASK', title: '工单任务提醒', left: '剩余 0 次' }]);
  });
});
