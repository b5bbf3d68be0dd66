/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 公告与意见建议 pages against the real functions (seed 002 沟通方式, 要求 (2)(13), §3): reception
// publishes a notice for building 1; the building-1 owner sees it on 首页 with its marker and, filing a
// repair complaint, is asked whether it is that problem — the building-3 owner is not; 「是这个问题」
// counts the deflection, and the notice's staff page, the dashboard and the month's summary show it;
// an owner sends an anonymous
// suggestion that reception answers without seeing who wrote it.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { pickRoom } from './support/rooms';
import { byLabel, byText, find, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

async function open(openid: string, path: string, query: Record<string, string> = {}): Promise<Rendered> {
  setLocalUser(openid);
  const page = render(path, query);
  await until(() => page.data.state !== 'loading', `${path} to load`);
  return page;
}

let noticeId = '';

it('reception publishes a water outage for building 1 from the staff page', async () => {
  const page = await open('demo-reception-a', 'staff/pages/notice/index');
  tap(byText(page, 'view', '停水'));
  tap(byText(page, 'view', '1栋'));
  type(page, '#title', '1号楼停水（二次供水水箱清洗）');
  type(page, '#text', '清洗二次供水水箱，1 号楼停水，请提前储水。');
  // In force from an hour ago (the page offers the next hour; staff move it as the work requires).
  const now = new Date((await cloud().get<{ now: string }>('/local/clock')).now);
  const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString();
  page.setData({ fromDate: local(new Date(now.getTime() - 3_600_000)).slice(0, 10), fromTime: local(new Date(now.getTime() - 3_600_000)).slice(11, 16) });
  tap(byText(page, 'van-button', '发布公告'));
  await until(() => page.data.state === 'done', 'the notice to be published');
  expect(text(page)).toContain('公告已发布');
  const { data } = await cloud().db.collection('notices').where({ communityId: 'community-a', validTo: cloud().db.command.gt(now) }).get();
  expect(data).toEqual([expect.objectContaining({ kind: 'water_outage', buildings: ['1'], title: '1号楼停水（二次供水水箱清洗）' })]);
  noticeId = (data[0] as { _id: string })._id;
});

it('the building-1 owner sees it on 首页 with the marker, and in the list; the building-3 owner does not', async () => {
  const home = await open('demo-owner-1', 'pages/home/index');
  expect(text(home)).toContain('1 条新公告');
  expect(text(home)).toContain('1号楼停水（二次供水水箱清洗）');
  const other = await open('demo-owner-2', 'pages/home/index');
  expect(text(other)).not.toContain('1号楼停水');
  expect(text(other)).toContain('查看全部公告');
  const list = await open('demo-owner-1', 'pages/notices/index');
  expect(text(list)).toContain('1号楼停水（二次供水水箱清洗）');
  expect(text(list)).toContain('生效中');
  // Opened: the marker is gone.
  const again = await open('demo-owner-1', 'pages/home/index');
  expect(text(again)).not.toContain('条新公告');
});

async function fileRepair(openid: string, description: string): Promise<Rendered> {
  const page = await open(openid, 'pages/new/index');
  tap(byText(page, 'van-grid-item', '工程维修'));
  await until(() => page.data.category === 'repair', 'the category');
  type(page, '#description', description);
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => page.data.step !== 'form', 'the next step');
  return page;
}

it('filing a repair in building 1: the notice is asked about first; 不是 files it and records the notice', async () => {
  const page = await fileRepair('demo-owner-1', '家里水龙头没有水了');
  expect(page.data.step).toBe('notice');
  expect(text(page)).toContain('物业已发布公告，您遇到的是不是这个问题？');
  expect(text(page)).toMatch(/1号楼 今日 \d+:\d\d–\d+:\d\d 停水/);
  // The two answers look alike: the same kind, fill and size, neither one pushed.
  // (vant's own classes say how a button is drawn; the second's spacing class is layout.)
  const drawn = (label: string) => (find(byText(page, 'van-button', label), '.van-button').dom.getAttribute('class') ?? '').split(/\s+/).filter((c) => c.startsWith('van-button'));
  expect(drawn('是这个问题，不用投诉了')).toEqual(drawn('不是，继续投诉'));
  expect(drawn('不是，继续投诉').some((c) => c.endsWith('--plain'))).toBe(true);
  tap(byText(page, 'van-button', '不是，继续投诉'));
  await until(() => page.data.step === 'review', 'the read-back');
  tap(byText(page, 'van-button', '确认提交'));
  await until(() => page.data.step === 'done', 'the filing');
  const id = (page.data as { done: { id: string } }).done.id;
  const { data } = await cloud().db.collection('complaints').doc(id).get();
  expect(data[0]).toMatchObject({ noticesShown: [noticeId] });
  // Reception sees that the owner filed knowing of the notice.
  const task = await open('demo-reception-a', 'staff/pages/task/index', { id });
  await until(() => text(task).includes('家里水龙头没有水了'), 'the task');
  expect(text(task)).toContain('业主提交前已看到相关公告，仍选择投诉');
});

type Deflection = { roomId: string; by: string; channel: string };
const deflections = async () => (await cloud().db.collection('notice_deflections').where({ noticeIds: noticeId }).get()).data as Deflection[];

it('是这个问题 files nothing but counts the deflection once, however often tapped; the building-3 owner goes straight to the read-back', async () => {
  const page = await fileRepair('demo-owner-1', '厨房也没有水');
  expect(page.data.step).toBe('notice');
  const complaints = async () => (await cloud().db.collection('complaints').where({ communityId: 'community-a', submittedAt: cloud().db.command.gt(new Date(0)) }).count()).total;
  const before = await complaints();
  tap(byText(page, 'van-button', '是这个问题，不用投诉了'));
  tap(byText(page, 'van-button', '是这个问题，不用投诉了'));
  await until(() => wxLog.switchTab.length > 0, 'back to 首页');
  expect(wxLog.switchTab).toEqual(['/pages/home/index']);
  expect(await complaints()).toBe(before);
  expect(await deflections()).toEqual([expect.objectContaining({ roomId: 'a-1-2-301', by: 'demo-owner-1', channel: 'mini_program' })]);
  const other = await fileRepair('demo-owner-2', '家里水龙头没有水了');
  expect(other.data.step).toBe('review');
});

it('an anonymous suggestion: sent from the form, answered by reception who does not see the author, the reply shown to the owner', async () => {
  const form = await open('demo-owner-2', 'pages/suggestion/index');
  tap(byText(form, 'view', '绿化'));
  type(form, '#text', '中心花园的草坪希望多浇水');
  // The switch is drawn at the app's 44-px tap size (vant's own is 30 px), and a tap turns it on.
  const anonymous = find(byLabel(form, '匿名提交'), '.van-switch');
  expect(anonymous.dom.getAttribute('style')).toMatch(/font-size: ?var\(--tap-min\)/);
  tap(anonymous);
  await until(() => form.data.anonymous === true, 'anonymous on');
  tap(byText(form, 'van-button', '提交'));
  await until(() => form.data.state === 'done', 'the suggestion to be sent');
  expect(text(form)).toMatch(/编号 JY\d{8}-\d{4}/);
  expect(wxLog.subscribe).toEqual([['TPL_SUGGESTION_REPLY']]);

  const inbox = await open('demo-reception-a', 'staff/pages/suggestions/index');
  expect(text(inbox)).toContain('绿化 · 中心花园的草坪希望多浇水');
  expect(text(inbox)).toContain('匿名');
  expect(text(inbox)).not.toContain('李女士');
  const { data } = await cloud().db.collection('suggestions').where({ reader: 'demo-owner-2' }).get();
  const id = (data[0] as { _id: string })._id;
  const detail = await open('demo-reception-a', 'staff/pages/suggestion/index', { id });
  expect(text(detail)).not.toContain('李女士');
  // Anonymous: no way to turn it into a complaint (that would name the owner).
  expect(text(detail)).not.toContain('转为投诉处理');
  type(detail, '#reply', '已安排绿化组每天傍晚浇水，感谢您的建议');
  tap(byText(detail, 'van-button', '答复'));
  await until(() => (detail.data as { status: string }).status === 'answered', 'the reply');

  const mine = await open('demo-owner-2', 'pages/suggestions/index');
  expect(text(mine)).toContain('物业答复');
  expect(text(mine)).toContain('已安排绿化组每天傍晚浇水，感谢您的建议');
});

it('the 管理看板 shows the month\'s 业户沟通: the notice, the complaint filed during it, the suggestion answered on time', async () => {
  const page = await open('demo-gm', 'manager/pages/dashboard/index');
  await until(() => page.data.state === 'ready', 'the figures');
  const shown = text(page);
  expect(shown).toContain('业户沟通');
  // Each row reads title, explanation, figure.
  expect(shown).toContain('发布公告订阅消息送达 0 人次1 条');
  expect(shown).toContain('看到公告后仍投诉提交前已看到同楼栋、同类别生效中的公告1 件');
  expect(shown).toContain('看到公告后未再投诉业主确认「是这个问题」，不再投诉或登记1 户次');
  expect(shown).toContain('意见建议按时答复 1 条1 条');
});

it('the month’s 业户沟通总结 shows the same 业户沟通 figures', async () => {
  const page = await open('demo-gm', 'manager/pages/summary/index', { communityId: 'community-a', offset: '0' });
  await until(() => page.data.state === 'ready', 'the summary');
  const shown = text(page);
  expect(shown).toContain('业户沟通（公告、意见建议）');
  expect(shown).toContain('看到公告后仍投诉提交前已看到同楼栋、同类别生效中的公告1 件');
  expect(shown).toContain('看到公告后未再投诉业主确认「是这个问题」，不再投诉或登记1 户次');
  expect(shown).toContain('意见建议按时答复 1 条1 条');
});

it('撤回 from the staff notice page, which says how many households the notice kept from filing: the row says 已撤回 and the notice leaves the owner’s 首页 at once', async () => {
  const page = await open('demo-reception-a', 'staff/pages/notice/index');
  expect(text(page)).toContain('正在公告');
  expect(text(page)).toContain('停水 · 1号楼停水（二次供水水箱清洗）');
  expect(text(page)).toContain('1 位业主看到公告后未再投诉');
  tap(byText(page, 'van-button', '撤回'));
  await until(() => wxLog.toasts.includes('已撤回'), 'the withdrawal');
  expect(wxLog.modals).toEqual([expect.stringContaining('撤回后业主将不再看到「停水 · 1号楼停水（二次供水水箱清洗）」')]);
  await until(() => text(page).includes('已撤回 · 1号楼'), 'the row to say 已撤回');
  // Nothing left to withdraw: its 撤回 button is gone.
  expect(() => byText(page, 'van-button', '撤回')).toThrow('0 <van-button>');
  const { data } = await cloud().db.collection('notices').doc(noticeId).get();
  expect(data[0]).toMatchObject({ withdrawn: { by: { id: 'demo-reception-a' } } });
  const home = await open('demo-owner-1', 'pages/home/index');
  expect(text(home)).not.toContain('1号楼停水');
});

// Last, as it publishes a second notice. 代业主登记 (seed 002 要求 (2)): the caller's household (the
// building-1 flat) is read the notices in force — the water notice is withdrawn by now, so a power cut
// is published here — and the caller's 是这个问题 credits it to the household, by phone.
it('代业主登记: the receptionist picks the room and 工程维修, is shown the notices to read to the caller, and 业主确认是这个问题 records the deflection, not a complaint', async () => {
  const now = new Date((await cloud().get<{ now: string }>('/local/clock')).now);
  const published = await cloud().call<{ id: string }>('demo-reception-a', {
    action: 'notice.publish',
    requestId: 'notice-power-outage-1',
    communityId: 'community-a',
    kind: 'power_outage',
    title: '1号楼停电（配电柜检修）',
    text: '配电柜检修，1 号楼停电两小时。',
    photos: [],
    buildings: ['1'],
    validFrom: new Date(now.getTime() - 3_600_000),
    validTo: new Date(now.getTime() + 86_400_000),
  });
  if (!published.ok) throw new Error(published.message);
  const credited = async () => (await cloud().db.collection('notice_deflections').where({ noticeIds: published.data.id }).get()).data as Deflection[];
  const page = await open('demo-reception-a', 'staff/pages/record/index');
  await until(() => text(page).includes('工程维修'), 'the categories');
  type(page, '#name', '王先生');
  type(page, '#phone', '13800138000');
  await pickRoom(page, '1栋', '2单元 301');
  tap(byText(page, 'view', '工程维修'));
  type(page, '#description', '家里水龙头一滴水都没有');
  expect(await credited()).toEqual([]);
  const filed = async () => (await cloud().db.collection('complaints').where({ communityId: 'community-a' }).count()).total;
  const filedBefore = await filed();
  tap(byText(page, 'van-button', '下一步：向来电人复述'));
  await until(() => text(page).includes('物业已发布公告，请向来电人说明并确认是不是这个问题'), 'the notice question');
  // The water notice was withdrawn above: the notice in force is the power one.
  expect(text(page)).toContain('1号楼停电（配电柜检修）');
  expect(text(page)).not.toContain('1号楼停水');
  expect(text(page)).not.toContain('请向来电人逐项复述');
  tap(byText(page, 'van-button', '业主确认是这个问题，不再登记'));
  await until(() => wxLog.toasts.includes('已记录：业主看到公告，不再登记'), 'the deflection to be recorded');
  expect(await credited()).toEqual([expect.objectContaining({ roomId: 'a-1-2-301', by: 'demo-reception-a', channel: 'phone', noticeIds: [published.data.id] })]);
  expect(await filed()).toBe(filedBefore);
});
