/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Words match states (issue 28.4): every screen that names a complaint's or a notice's state reads the
// word of its table (miniprogram/utils/labels.ts), as a person sees it, against the real functions. A
// just-submitted complaint is 「已提交，待受理」 (受理 is 客服 taking it on, seed 000 §(一)(二)); a
// closed one reads by how it ended — 不成立 (seed 001 第四节二), 已撤回, 已合并, 已办结, 已自动办结.
import { setLocalUser } from '../../miniprogram/services/transport';
import { NOTICE_STATE_LABELS, stateLabel } from '../../miniprogram/utils/labels';
import { ownerMember } from '../support/api';
import { EVERY_STATE, reach, stateName } from '../support/states';
import { useDemoCompany } from './support/demo';
import { byText, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();
const cast = (owner: string) => ({ owner, reception: 'demo-reception-a', handler: 'demo-handler-1', head: 'demo-head-eng', dutyManager: 'demo-duty-manager' });

async function open(openid: string, path: string, query: Record<string, string> = {}): Promise<Rendered> {
  setLocalUser(openid);
  const page = render(path, query);
  await until(() => page.data.state !== 'loading', `${path} to load`);
  return page;
}

/** An owner of 1栋2单元301 with nothing filed yet, so their 我的投诉 holds only what the test files. */
let owners = 0;
async function newOwner(): Promise<string> {
  const id = `words-owner-${owners}`;
  await cloud().db.collection('members').add(ownerMember(id, '周先生', `1391000${String(1000 + owners++)}`, 'a-1-2-301'));
  return id;
}

it('the reply to a filing says 已提交，待受理, as 我的投诉 and 投诉详情 then do', async () => {
  const owner = await newOwner();
  const page = await open(owner, 'pages/new/index');
  tap(byText(page, 'van-grid-item', '工程维修'));
  await until(() => page.data.category === 'repair', 'the category to be chosen');
  type(page, '#description', '单元门禁刷卡没反应');
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => page.data.step === 'review', 'the read-back');
  tap(byText(page, 'van-button', '确认提交'));
  await until(() => page.data.step === 'done', 'the initial response');
  expect(text(page)).toContain('状态已提交，待受理');
  expect(text(page)).not.toContain('已受理');
  const { id, number } = page.data.done as { id: string; number: string };
  const mine = await open(owner, 'pages/mine/index');
  expect(text(mine)).toContain(number);
  expect(text(mine)).toContain('已提交，待受理');
  expect(text(await open(owner, 'pages/detail/index', { id }))).toContain('已提交，待受理');
});

it('我的投诉 and 投诉详情 name every state, and every way a complaint closes, with the table’s word', async () => {
  const shown: Array<[string, string, string]> = [];
  for (const target of EVERY_STATE) {
    const owner = await newOwner();
    const { id, number } = await reach(cloud(), cast(owner), target);
    const word = stateLabel(target);
    const mine = await open(owner, 'pages/mine/index');
    await until(() => text(mine).includes(number), `${stateName(target)}: the card`);
    const detail = await open(owner, 'pages/detail/index', { id });
    shown.push([stateName(target), text(mine).includes(word) ? word : text(mine), text(detail).includes(word) ? word : text(detail)]);
  }
  // One assertion over the walk: what each state showed on the card and on the detail page.
  expect(shown).toEqual(EVERY_STATE.map((s) => [stateName(s), stateLabel(s), stateLabel(s)]));
  // 不成立 is never read as 办结 (the card of a complaint judged not the property's duty).
  expect(shown.find(([s]) => s === 'closed:invalid')![1]).not.toContain('已办结');
});

it('a notice reads 未开始, 生效中, 已撤回 on the staff notice page and on its detail page, and 已结束 once its period is over', async () => {
  const now = Date.parse((await cloud().get<{ now: string }>('/local/clock')).now);
  const publish = async (title: string, fromH: number, toH: number) => {
    const r = await cloud().call<{ id: string }>('demo-reception-a', { action: 'notice.publish', requestId: `words-notice-${fromH + 10}`, communityId: 'community-a', kind: 'lift_repair', title, text: '电梯年检，期间请走楼梯。', photos: [], buildings: ['1'], validFrom: new Date(now + fromH * 3_600_000).toISOString(), validTo: new Date(now + toH * 3_600_000).toISOString() });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data.id;
  };
  const later = await publish('1号楼电梯年检（明日）', 24, 26);
  const current = await publish('1号楼电梯维修', -1, 2);

  const staff = await open('demo-reception-a', 'staff/pages/notice/index');
  expect(text(staff)).toContain(`${NOTICE_STATE_LABELS.upcoming} · 1号楼`);
  expect(text(staff)).toContain(`${NOTICE_STATE_LABELS.in_force} · 1号楼`);
  const owner = await open('demo-owner-1', 'pages/notices/index');
  expect(text(owner)).toContain(NOTICE_STATE_LABELS.upcoming);
  expect(text(owner)).toContain(NOTICE_STATE_LABELS.in_force);
  expect(text(await open('demo-owner-1', 'pages/notice/index', { id: later }))).toContain(NOTICE_STATE_LABELS.upcoming);
  expect(text(await open('demo-owner-1', 'pages/notice/index', { id: current }))).toContain(NOTICE_STATE_LABELS.in_force);

  // 撤回 the current one from the staff page: its row says so, and so does its page when staff open it.
  setLocalUser('demo-reception-a');
  tap(staff, `#withdraw-${(staff.data.current as Array<{ id: string }>).findIndex((n) => n.id === current)}`);
  await until(() => wxLog.toasts.includes(NOTICE_STATE_LABELS.withdrawn), 'the withdrawal');
  await until(() => text(staff).includes(`${NOTICE_STATE_LABELS.withdrawn} · 1号楼`), 'the row to say 已撤回');
  expect(text(await open('demo-reception-a', 'pages/notice/index', { id: current }))).toContain(NOTICE_STATE_LABELS.withdrawn);

  // Past its period, the other one is over: its page (a message may still link there) says 已结束.
  await cloud().post('/local/clock', { advanceMs: 27 * 3_600_000 });
  expect(text(await open('demo-owner-1', 'pages/notice/index', { id: later }))).toContain(NOTICE_STATE_LABELS.ended);
});
