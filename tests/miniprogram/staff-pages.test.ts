/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// The whole loop through the real pages and functions: an owner files with a photo → reception sees it
// in 待受理 and triages it → the handler accepts, investigates, plans, resolves (and calls the owner) →
// the owner rates it. Plus recording on an owner's behalf, and topping up task-alert credit.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany, workAsDemoStaff } from './support/demo';
import { pickRoom } from './support/rooms';
import { byText, camera, find, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

type Task = { state: string; busy: boolean; c: { status: string }; actions: Array<{ type: string }>; form: { open: boolean; fields: Array<{ key: string }>; error: string } };
const task = (page: Rendered) => page.data as unknown as Task;
const methods = (page: Rendered) => page.instance as unknown as Record<string, (e: object) => unknown>;

async function openTask(openid: string, id: string): Promise<Rendered> {
  setLocalUser(openid);
  const page = render('staff/pages/task/index', { id });
  await until(() => task(page).state === 'ready', 'the task');
  return page;
}

/** Tap a step's button, fill its form (text by typing, choices by picking), send, and wait for the new status. */
async function step(page: Rendered, type_: string, fill: (page: Rendered) => Promise<void> | void, status: string): Promise<void> {
  tap(page, `#action-${type_}`);
  if (task(page).actions.find((a) => a.type === type_) && type_ !== 'accept') {
    await until(() => task(page).form.open, `the ${type_} form`);
    await fill(page);
    tap(byText(page, 'van-button', '提交'));
  }
  await until(() => task(page).c.status === status || task(page).form.error !== '', `${type_} → ${status}`);
  expect(task(page).form.error).toBe('');
  expect(task(page).c.status).toBe(status);
}

function choose(page: Rendered, key: string, label: string): void {
  methods(page).onSelectOpen!({ currentTarget: { dataset: { key } } });
  const option = (page.data.select as { actions: Array<{ name: string; id: string }> }).actions.find((a) => a.name === label)!;
  methods(page).onSelectPick!({ detail: option });
}

/** A phone complaint reception recorded and gave to demo-handler-1, who accepted it and took `steps` (support/demo.ts). */
async function worked(requestId: string, description: string, steps: object[]): Promise<string> {
  const recorded = await cloud().call<{ id: string }>('demo-reception-a', { action: 'complaint.record', requestId, channel: 'phone', complainant: { name: '郑先生', phone: '13900009999' }, communityId: 'community-a', location: { kind: 'public_area', description: '8号楼' }, description, suggestedUrgency: 'normal' });
  const id = recorded.ok ? recorded.data.id : '';
  await workAsDemoStaff(cloud(), id, steps);
  return id;
}

const radio = (page: Rendered, key: string, value: string) => methods(page).onField!({ currentTarget: { dataset: { key } }, detail: value });

it('owner files with a photo → reception triages from 待受理 → the handler works it to resolution → the owner rates it', async () => {
  // The owner files through 我要投诉 with a photo.
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-')), 'pipe.jpg');
  fs.writeFileSync(photo, Buffer.from([0xff, 0xd8, 1, 2, 3]));
  setLocalUser('demo-owner-2');
  const form = render('pages/new/index');
  await until(() => form.data.state === 'ready', 'the form');
  type(form, '#description', '厨房水龙头下方墙体渗水，地面一直是湿的');
  camera.files = [photo];
  tap(byText(form, 'van-button', '添加照片'));
  await until(() => (find(form, '#photos').data as unknown as { files: Array<{ status: string }> }).files[0]?.status === 'done', 'the upload');
  tap(byText(form, 'van-button', '下一步：核对信息'));
  await until(() => form.data.step === 'review', 'the read-back');
  tap(byText(form, 'van-button', '确认提交'));
  await until(() => form.data.step === 'done', 'the filing');
  const id = (form.data.done as { id: string }).id;

  // Reception sees it in 待受理 with its count, and opens it.
  setLocalUser('demo-reception-a');
  const inbox = render('staff/pages/inbox/index');
  await until(() => inbox.data.state === 'ready', 'the inbox');
  expect((inbox.data.views as Array<{ name: string; count: number }>)[0]).toMatchObject({ name: 'to_triage', count: 2 });
  expect(text(inbox)).toContain('厨房水龙头下方墙体渗水');
  methods(inbox).onOpen!({ detail: { id } });
  expect(wxLog.navigateTo.at(-1)).toBe(`/staff/pages/task/index?id=${id}`);

  const triage = await openTask('demo-reception-a', id);
  expect(task(triage).actions.map((a) => a.type)).toEqual(['triage', 'merge']);
  expect(text(triage)).toContain('138****8002');
  expect((triage.data.owner as { canCall: boolean }).canCall).toBe(false);
  await step(
    triage,
    'triage',
    (p) => {
      radio(p, 'valid', 'yes');
      expect(task(p).form.fields.map((f) => f.key)).toEqual(['valid', 'category', 'urgency', 'complexity', 'department', 'handlerId']);
      choose(p, 'category', '工程维修');
      choose(p, 'handlerId', '工程部 钱师傅');
      radio(p, 'urgency', 'normal');
      radio(p, 'complexity', 'ordinary');
    },
    '待接单',
  );
  const assigned = await cloud().call<{ complaint: { handlerId: string } }>('demo-reception-a', { action: 'complaint.detail', id });
  const handler = assigned.ok ? assigned.data.complaint.handlerId : '';
  expect(handler).toBe('demo-handler-2');

  // The handler: accept, call the owner (the number revealed and logged), investigate, plan, resolve.
  const work = await openTask(handler, id);
  await step(work, 'accept', () => undefined, '已接单');
  // Found as the handler finds it: the 拨打 button beside the masked number, in the rendered page
  // (vant's cell drops its slot when it has a value — the button was in the tree but never shown).
  expect(text(work)).toContain('138****8002拨打');
  tap(byText(work, 'van-button', '拨打'));
  await until(() => wxLog.calls.length > 0, 'the call');
  expect(wxLog.calls).toEqual(['13800138002']);
  await step(
    work,
    'investigate',
    (p) => {
      type(p, '#field-findings', '水管接头老化渗漏');
      radio(p, 'responsibleParty', 'property');
    },
    '已调查',
  );
  await step(
    work,
    'plan',
    (p) => {
      type(p, '#field-description', '更换接头并修补墙面');
      methods(p).onDate!({ currentTarget: { dataset: { key: 'expectedCompletionAt' } }, detail: { value: '2030-01-10' } });
    },
    '处理中',
  );
  await step(work, 'resolve', (p) => type(p, '#field-result', '已更换接头，墙面晾干后修补完毕'), '待评价');

  // The owner sees the result and rates it.
  setLocalUser('demo-owner-2');
  const detail = render('pages/detail/index', { id });
  await until(() => detail.data.state === 'ready', 'the owner detail');
  expect(text(detail)).toContain('已更换接头，墙面晾干后修补完毕');
  expect((detail.data.photos as unknown[]).length).toBe(1);
  methods(detail).onScore!({ detail: 4 });
  tap(detail, '#submit-rating');
  await until(() => (detail.data.c as { status: string }).status === '已办结', 'the closing rating');
});

it('a required field left empty is named before anything is sent', async () => {
  const r = await cloud().call<{ id: string }>('demo-owner-3', { action: 'complaint.submit', requestId: 'staff-test-missing', communityId: 'community-b', location: { kind: 'public_area', description: '南门' }, description: '南门道闸坏了一直抬着' });
  const page = await openTask('demo-reception-b', r.ok ? r.data.id : '');
  tap(page, '#action-triage');
  await until(() => task(page).form.open, 'the triage form');
  radio(page, 'valid', 'no');
  expect(task(page).form.fields.map((f) => f.key)).toEqual(['valid', 'explanation']);
  tap(byText(page, 'van-button', '提交'));
  await until(() => task(page).form.error !== '', 'the missing field');
  expect(task(page).form.error).toBe('请填写：书面说明');
  expect(task(page).c.status).toBe('已提交，待受理');
});

it('reception records a phone complaint: the room picked as on 绑定房屋, each gap named at its field, the record read back before it is saved', async () => {
  setLocalUser('demo-reception-a');
  const page = render('staff/pages/record/index');
  // Her one community is chosen already; the room comes from the property's list, not typed.
  await until(() => text(page).includes('阳光花园'), 'the form');
  expect(() => find(page, '#building')).toThrow();
  tap(byText(page, 'van-button', '下一步：向来电人复述'));
  await until(() => text(page).includes('请填写投诉人姓名'), 'the field errors');
  expect(text(find(page, '#name'))).toContain('请填写投诉人姓名');
  expect(text(find(page, '#phone'))).toContain('请填写 11 位手机号，或带区号的座机号码');
  expect(text(find(page, '#room-picker'))).toContain('请选择房号');
  expect(text(find(page, '#description'))).toContain('请至少用 5 个字记录投诉内容');

  type(page, '#name', '孙阿姨');
  type(page, '#phone', '13900001234');
  await until(() => !text(find(page, '#name')).includes('请填写'), 'the name’s error to clear as it is typed');
  await pickRoom(page, '3栋', '1单元 1201');
  expect(text(find(page, '#room-picker'))).not.toContain('请选择房号');
  type(page, '#description', '楼上每天夜里十二点以后还在拖动家具');
  type(page, '#desired', '请物业上门劝导');
  tap(byText(page, 'van-button', '下一步：向来电人复述'));

  // Read back, nothing saved yet: what will be recorded, the urgency and when the first answer is due.
  await until(() => text(page).includes('请向来电人逐项复述'), 'the read-back');
  const readBack = text(page);
  for (const shown of ['电话', '孙阿姨', '13900001234', '阳光花园 3栋 1单元 1201', '楼上每天夜里十二点以后还在拖动家具', '请物业上门劝导', '一般（按描述判断）', '首次回应']) expect(readBack).toContain(shown);
  expect(readBack).not.toContain('紧急情况');
  expect(wxLog.redirectTo).toEqual([]);
  tap(byText(page, 'van-button', '确认登记'));
  await until(() => wxLog.redirectTo.length > 0, 'the task page');
  const id = /id=(\w+)/.exec(wxLog.redirectTo[0]!)![1]!;
  expect(await cloud().call(`demo-reception-a`, { action: 'complaint.detail', id })).toMatchObject({ ok: true, data: { complaint: { channel: 'phone', complainant: { name: '孙阿姨', phone: '139****1234' }, location: { kind: 'room', building: '3', unit: '1', room: '1201' }, recordedBy: 'demo-reception-a' } } });
});

it('an emergency on the phone: the read-back says 紧急, what the caller should do now, and the 24-hour number — or to call the duty manager while there is none', async () => {
  const record = async (): Promise<Rendered> => {
    setLocalUser('demo-reception-a');
    const page = render('staff/pages/record/index');
    await until(() => text(page).includes('阳光花园'), 'the form');
    tap(byText(page, 'van-radio', '公共区域'));
    await until(() => text(page).includes('具体位置'), 'the public-area field');
    type(page, '#name', '周先生');
    type(page, '#phone', '0571-88001234');
    type(page, '#public-area', '5号楼地下室');
    type(page, '#description', '地下室水管爆裂，水已经漫到配电箱了');
    tap(byText(page, 'van-button', '下一步：向来电人复述'));
    await until(() => text(page).includes('请向来电人逐项复述'), 'the read-back');
    return page;
  };
  const before = text(await record());
  expect(before).toContain('紧急（描述中有「水管爆裂」）');
  expect(before).toContain('先关闭入户总阀');
  expect(before).toContain('有人受伤或被困，请立即拨打 110、119 或 120');
  expect(before).toContain('尚无 24 小时电话：请立即致电值班经理');
  expect(before).toContain('公共区域：5号楼地下室');

  const got = await cloud().call<{ policy: { serviceDesk: object } }>('demo-admin', { action: 'admin.policy.get' });
  const policy = { ...(got.ok ? got.data.policy : {}), serviceDesk: { name: '物业服务中心', phone: '0571-88886666' } };
  expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy })).toMatchObject({ ok: true });
  const after = text(await record());
  expect(after).toContain('24 小时电话：物业服务中心 0571-88886666');
  expect(after).not.toContain('值班经理');
});

it('任务提醒 shows the credit left and one tap adds one', async () => {
  setLocalUser('demo-handler-1');
  const page = render('staff/pages/alerts/index');
  await until(() => page.data.state === 'ready', 'the page');
  expect(page.data.left).toBe(0);
  tap(page, '#top-up');
  await until(() => page.data.left === 1, 'the new credit');
  expect(wxLog.subscribe).toEqual([['TPL_STAFF_TASK']]);
});

it('a complaint taken on the phone and resolved: reception finds it under 待答复, answers by phone from the task page, and it leaves 待答复', async () => {
  const recorded = await cloud().call<{ id: string }>('demo-reception-a', { action: 'complaint.record', requestId: 'mp-reply-0001', channel: 'phone', complainant: { name: '孙阿姨', phone: '13900007777' }, communityId: 'community-a', location: { kind: 'public_area', description: '5号楼电梯' }, description: '电梯按钮不灵' });
  const id = recorded.ok ? recorded.data.id : '';
  await workAsDemoStaff(cloud(), id, [
    { type: 'investigate', findings: '按钮触点老化', photos: [], responsibleParty: 'property' },
    { type: 'plan', description: '更换按钮', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 0 },
    { type: 'resolve', result: '已更换按钮', photos: [] },
  ]);

  // 工作台 offers a 待答复 tab; opened on it (as the task alert's link does), the complaint is there.
  setLocalUser('demo-reception-a');
  const inbox = render('staff/pages/inbox/index', { view: 'awaiting_reply' });
  await until(() => inbox.data.state === 'ready', 'the inbox');
  expect(text(inbox)).toContain('待答复');
  await until(() => text(inbox).includes('电梯按钮不灵'), '待答复');
  // Resolved, what runs is the reply's deadline, and the card says so.
  expect(text(inbox)).toMatch(/距答复时限 \d+ (分钟|小时|天)/);

  const page = await openTask('demo-reception-a', id);
  tap(byText(page, 'van-button', '答复投诉人'));
  await until(() => task(page).form.open, 'the reply form');
  radio(page, 'way', 'phone');
  radio(page, 'outcome', 'satisfied');
  type(page, '#field-note', '已电话告知孙阿姨，她表示满意');
  tap(byText(page, 'van-button', '提交'));
  await until(() => text(page).includes('答复投诉人（打电话）：满意'), 'the reply on the timeline');
  const after = await cloud().call<{ items: Array<{ id: string }> }>('demo-reception-a', { action: 'inbox.list', view: 'awaiting_reply' });
  expect(after.ok && after.data.items.map((i) => i.id)).not.toContain(id);
});

it('受理分派 opens pre-filled with the owner’s category and the urgency the text suggests; reception confirms with one tap', async () => {
  const filed = await cloud().call<{ id: string }>('demo-owner-1', { action: 'complaint.submit', requestId: 'mp-prefill-0001', communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description: '车库水管爆裂，地上全是水', suggestedCategory: 'repair' });
  const id = filed.ok ? filed.data.id : '';
  const page = await openTask('demo-reception-a', id);
  tap(byText(page, 'van-button', '受理分派'));
  await until(() => task(page).form.open, 'the triage form');
  expect(page.data.form).toMatchObject({ values: { valid: 'yes', category: 'repair', urgency: 'urgent', complexity: 'ordinary' }, labels: { category: '工程维修' } });
  tap(byText(page, 'van-button', '提交'));
  await until(() => task(page).c.status === '待接单' || task(page).form.error !== '', 'the triage');
  expect(task(page).form.error).toBe('');
  const seen = await cloud().call<{ complaint: { category: string; urgency: string } }>('demo-reception-a', { action: 'complaint.detail', id });
  expect(seen).toMatchObject({ ok: true, data: { complaint: { category: 'repair', urgency: 'urgent' } } });
});

it('工作台 待受理 puts what the text says is urgent ahead of newer ordinary ones, tagged 紧急（待确认） until triage; the list ends clear of 代业主登记', async () => {
  const submit = (requestId: string, description: string) => cloud().call('demo-owner-1', { action: 'complaint.submit', requestId, communityId: 'community-a', location: { kind: 'public_area', description: '5号楼' }, description });
  expect(await submit('mp-urgent-first-0001', '5号楼电梯困人，有老人在里面')).toMatchObject({ ok: true });
  expect(await submit('mp-urgent-first-0002', '5号楼门口路灯不亮')).toMatchObject({ ok: true });
  setLocalUser('demo-reception-a');
  const inbox = render('staff/pages/inbox/index');
  await until(() => inbox.data.state === 'ready', 'the inbox');
  const list = text(find(inbox, '#tabs'));
  // Filed after it and ordinary, the 路灯 complaint comes second: newest first would put it on top.
  expect(list.indexOf('5号楼电梯困人')).toBeGreaterThanOrEqual(0);
  expect(list.indexOf('5号楼电梯困人')).toBeLessThan(list.indexOf('5号楼门口路灯不亮'));
  // One card carries the intake's judgement; the ordinary ones none.
  byText(inbox, 'van-tag', '紧急（待确认）');
  // The floating button sits 64rpx above the safe area; the list ends with that, its height and a gap.
  find(inbox, '.list-end');
  const css = fs.readFileSync(path.join(__dirname, '../../miniprogram/staff/pages/inbox/index.wxss'), 'utf8');
  const rule = (selector: string) => new RegExp(`\\${selector} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  expect(rule('.record')).toContain('bottom: calc(64rpx + env(safe-area-inset-bottom))');
  expect(rule('.list-end')).toContain('height: calc(64rpx + var(--tap-min) + 32rpx + env(safe-area-inset-bottom))');
});

it('the approver sees the plan, its cost and its date beside 批准方案 / 退回方案, and approves it', async () => {
  const id = await worked('mp-approve-0001', '顶楼屋面漏水，下雨天楼道积水', [
    { type: 'investigate', findings: '屋面防水层老化开裂', photos: [], responsibleParty: 'property' },
    { type: 'plan', description: '铲除旧防水层，重做 SBS 卷材防水', expectedCompletionAt: '2030-01-05T17:00:00+08:00', estimatedCost: 3000 },
  ]);

  const page = await openTask('demo-head-eng', id);
  const bar = text(find(page, '.action-bar'));
  expect(bar).toContain('待批准的方案');
  expect(bar).toContain('铲除旧防水层，重做 SBS 卷材防水');
  expect(bar).toContain('费用 3,000 元 · 预计 2030-01-05 17:00 完成');
  // The plan comes before the buttons it decides.
  expect(bar.indexOf('费用 3,000 元')).toBeLessThan(bar.indexOf('批准方案'));
  byText(page, 'van-button', '退回方案');
  tap(byText(page, 'van-button', '批准方案'));
  await until(() => task(page).form.open, 'the approval form');
  tap(byText(page, 'van-button', '提交'));
  await until(() => task(page).c.status === '处理中' || task(page).form.error !== '', 'the approval');
  expect(task(page).c.status).toBe('处理中');
  expect(text(page)).not.toContain('待批准的方案');
});

it('工作台 pages past a run of complaints filed at one instant: the next page carries on where the first stopped, none missed or shown twice', async () => {
  // 25 complaints waiting in 待受理 that share one submission time (copies of one the demo filed); pages of 20.
  const _ = cloud().db.command;
  const { data } = await cloud().db.collection('complaints').where({ communityId: 'community-a', status: 'submitted' }).limit(1).get();
  const tie = new Date(Date.now() + 30 * 86_400_000);
  const ids = Array.from({ length: 25 }, (_x, i) => `same-time-${String(i).padStart(2, '0')}`);
  await cloud().db.collection('complaints').add(ids.map((_id, i) => ({ ...(data[0] as object), _id, number: `same-time-${i}`, submittedAt: tie })));
  expect((await cloud().db.collection('complaints').where({ communityId: 'community-a', submittedAt: _.eq(tie) }).count()).total).toBe(25);

  setLocalUser('demo-reception-a');
  const inbox = render('staff/pages/inbox/index');
  await until(() => inbox.data.state === 'ready', 'the inbox');
  const shown = () => (inbox.data.items as Array<{ id: string }>).map((i) => i.id);
  expect(shown()).toHaveLength(20);
  expect(typeof inbox.data.next).toBe('string');
  (inbox.instance as unknown as { onReachBottom(): Promise<void> }).onReachBottom();
  await until(() => shown().length > 20 && !inbox.data.loadingMore, 'the next page');
  expect(new Set(shown()).size).toBe(shown().length);
  expect(shown().filter((id) => ids.includes(id)).sort()).toEqual(ids);
  // The copies would crowd the first page of the tests that follow.
  await cloud().db.collection('complaints').where({ _id: _.in(ids) }).remove();
});

it('工单详情 keeps the steps in a bar fixed at the bottom (更多 holds what does not fit), and every deadline says which it is', async () => {
  // Filed three days ago as 紧急 (15 minutes to respond): the response deadline has long passed.
  const now = new Date();
  await cloud().post('/local/clock', { set: new Date(now.getTime() - 3 * 24 * 3_600_000).toISOString() });
  const late = await cloud().call<{ id: string }>('demo-reception-a', { action: 'complaint.record', requestId: 'mp-deadline-0001', channel: 'phone', complainant: { name: '周先生', phone: '13900005555' }, communityId: 'community-a', location: { kind: 'public_area', description: '2号楼大堂' }, description: '大堂玻璃门碎了一地', suggestedUrgency: 'urgent' });
  await cloud().post('/local/clock', { set: now.toISOString() });
  const fresh = await cloud().call<{ id: string }>('demo-reception-a', { action: 'complaint.record', requestId: 'mp-deadline-0002', channel: 'phone', complainant: { name: '周先生', phone: '13900005555' }, communityId: 'community-a', location: { kind: 'public_area', description: '2号楼大堂' }, description: '大堂灯不亮了', suggestedUrgency: 'normal' });
  const lateId = late.ok ? late.data.id : '';
  const freshId = fresh.ok ? fresh.data.id : '';

  setLocalUser('demo-reception-a');
  const inbox = render('staff/pages/inbox/index');
  await until(() => inbox.data.state === 'ready', 'the inbox');
  expect(text(inbox)).toContain('大堂玻璃门碎了一地');
  expect(text(inbox)).toContain('已超过回应时限 3 天');
  expect(text(inbox)).toMatch(/距回应时限 \d+ (小时|天)/);
  // The list is inside van-tabs, so its sticky tab bar stays pinned while the list scrolls.
  expect(text(find(inbox, '#tabs'))).toContain('大堂玻璃门碎了一地');

  const overdue = await openTask('demo-reception-a', lateId);
  expect(text(overdue)).toContain('已超过回应时限 3 天');
  // The steps are in the bar, not after the history; the bar is fixed above the safe area and the
  // page ends with as much space, so the last record is not hidden behind it.
  expect(text(find(overdue, '.action-bar'))).toBe('受理分派合并到同类投诉');
  expect(text(find(overdue, '.action-bar'))).not.toContain('提交投诉');
  find(overdue, '.bar-space');
  const css = fs.readFileSync(path.join(__dirname, '../../miniprogram/staff/pages/task/index.wxss'), 'utf8');
  const rule = (selector: string) => new RegExp(`\\${selector} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  expect(rule('.action-bar')).toMatch(/position: fixed;.*bottom: 0;.*env\(safe-area-inset-bottom\)/);
  expect(rule('.bar-space')).toContain('env(safe-area-inset-bottom)');

  // Accepted, the resolution deadline runs; the handler's four steps fit as two and 更多.
  await cloud().call('demo-reception-a', { action: 'complaint.command', id: freshId, command: { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity: 'ordinary', handlerId: 'demo-handler-1' } });
  const assigned = await openTask('demo-reception-a', freshId);
  expect(text(assigned)).toContain('距回应时限');
  await cloud().call('demo-handler-1', { action: 'complaint.command', id: freshId, command: { type: 'accept' } });
  const work = await openTask('demo-handler-1', freshId);
  expect(text(work)).toContain('距办结时限');
  expect(text(find(work, '.action-bar'))).toBe('调查结果记录进展更多');
  tap(byText(work, 'van-button', '更多'));
  await until(() => text(work).includes('暂停计时'), 'the other steps');
  tap(byText(work, 'button', '暂停计时'));
  await until(() => task(work).form.open, 'the pause form');
  expect((work.data.form as { title: string }).title).toBe('暂停计时');
});

it('after 调查 the bar leads with 处理方案, the next step, and 记录进展 takes one tap; no label breaks at a large font', async () => {
  const id = await worked('mp-next-step-0001', '地下室排风扇不转，有异味', [{ type: 'investigate', findings: '排风扇电机烧毁', photos: [], responsibleParty: 'property' }]);

  const page = await openTask('demo-handler-1', id);
  expect(text(find(page, '.action-bar'))).toBe('处理方案记录进展更多');
  // The next step is the filled button; revising the findings waits under 更多.
  const drawn = (label: string) => find(byText(page, 'van-button', label), '.van-button').dom.getAttribute('class') ?? '';
  expect(drawn('处理方案')).not.toMatch(/--plain/);
  expect(drawn('记录进展')).toMatch(/--plain/);
  tap(byText(page, 'van-button', '更多'));
  await until(() => text(page).includes('调查结果'), 'the other steps');

  tap(byText(page, 'van-button', '记录进展'));
  await until(() => task(page).form.open, 'the progress form');
  type(page, '#field-text', '新电机已订货，明天上午安装');
  tap(byText(page, 'van-button', '提交'));
  await until(() => text(page).includes('新电机已订货，明天上午安装'), 'the progress in the record');

  // A label keeps to one line; a button that no longer fits takes a second row, and the page's end
  // leaves room for two.
  const css = fs.readFileSync(path.join(__dirname, '../../miniprogram/staff/pages/task/index.wxss'), 'utf8');
  const rule = (selector: string) => new RegExp(`\\${selector} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  expect(rule('.bar-button')).toContain('white-space: nowrap');
  expect(find(byText(page, 'van-button', '处理方案'), '.van-button').dom.getAttribute('class')).toContain('bar-button');
  expect(rule('.action-bar')).toContain('flex-wrap: wrap');
  expect(rule('.slot')).toContain('flex: 1 0 auto');
  expect(rule('.bar-space')).toContain('2 * var(--tap-min)');
});

it('工单详情 says an ordinary complaint is due the same day, 当日（今天 18:00 前）, and a special one within its 3 days (seed 003 (6))', async () => {
  // Monday 2026-11-16: the cloud accepts at 09:10 and the phone reads the page at 10:00 the same morning.
  await cloud().post('/local/clock', { set: '2026-11-16T09:10:00+08:00' });
  const accepted = async (requestId: string, complexity: string) => {
    const r = await cloud().call<{ id: string }>('demo-reception-a', { action: 'complaint.record', requestId, channel: 'phone', complainant: { name: '吴女士', phone: '13900006666' }, communityId: 'community-a', location: { kind: 'public_area', description: '3号楼电梯厅' }, description: '电梯厅的灯一闪一闪', suggestedUrgency: 'normal' });
    const id = r.ok ? r.data.id : '';
    await cloud().call('demo-reception-a', { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity, handlerId: 'demo-handler-1' } });
    await cloud().call('demo-handler-1', { action: 'complaint.command', id, command: { type: 'accept' } });
    return id;
  };
  const ordinary = await accepted('mp-same-day-0001', 'ordinary');
  const special = await accepted('mp-same-day-0002', 'special');
  jest.useFakeTimers({ now: new Date('2026-11-16T10:00:00+08:00'), doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  try {
    expect(text(await openTask('demo-handler-1', ordinary))).toContain('办结期限：当日（今天 18:00 前）');
    const within = text(await openTask('demo-handler-1', special));
    expect(within).toContain('办结期限：3 天内（11-19 09:10 前）');
    expect(within).not.toContain('当日');
  } finally {
    jest.useRealTimers();
    await cloud().post('/local/clock', { set: new Date().toISOString() });
  }
});

it('打开工单 asks for one more 工单任务提醒, recorded in the ledger; the alerts page says how 「总是保持以上选择」 saves the prompt (issue 27.4)', async () => {
  const TASK = 'TPL_STAFF_TASK';
  const credits = async () => {
    const r = await cloud().call<Record<string, number>>('demo-reception-a', { action: 'subscription.credits' });
    return r.ok ? (r.data[TASK] ?? 0) : -1;
  };
  const before = await credits();
  setLocalUser('demo-reception-a');
  const inbox = render('staff/pages/inbox/index');
  await until(() => inbox.data.state === 'ready' && (inbox.data.items as unknown[]).length > 0, 'the inbox', 20_000);
  const asked = wxLog.subscribe.length;
  const card = (inbox.data.items as Array<{ id: string; number: string }>)[0]!;
  byText(inbox, 'text', card.number).dispatchEvent('tap', { bubbles: true });
  await until(() => wxLog.subscribe.length === asked + 1, 'the prompt on 打开工单');
  expect(wxLog.subscribe.at(-1)).toEqual([TASK]);
  await until(() => wxLog.navigateTo.at(-1) === `/staff/pages/task/index?id=${card.id}`, 'the task');
  // 我的 shows what the ledger now holds.
  let left = before;
  for (let i = 0; i < 100 && left !== before + 1; i++) left = await credits();
  expect(left).toBe(before + 1);
  const alerts = render('staff/pages/alerts/index');
  await until(() => alerts.data.state === 'ready', 'the alerts page', 20_000);
  expect(text(alerts)).toContain('勾选「总是保持以上选择」');
  expect(text(alerts)).toContain(`剩余提醒次数${before + 1} 次`);
});
