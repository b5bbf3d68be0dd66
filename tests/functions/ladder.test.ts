// The delivery ladder of staff alerts (issue 27), through the real api and scheduler functions on
// CloudBase Local: the subscription message while the ledger says there is credit; else the group
// robot of the duty roster or department naming the person, and an SMS for emergencies — each rung
// recorded, retried and never sent twice; a robot that refuses for good is an alarm.
import { admin, ownerMember, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const supervisor = { _id: 'openid-ladder-security', kind: 'staff', name: '夜班安全主管', phone: '13700000021', role: 'security_supervisor', communityIds: ['community-a'], department: 'security', active: true };
const dutyManager = { _id: 'openid-ladder-duty', kind: 'staff', name: '值班经理', phone: '13700000022', role: 'duty_manager', communityIds: ['community-a'], department: 'customer_service', active: true };
const generalManager = { _id: 'openid-ladder-gm', kind: 'staff', name: '总经理', phone: '13700000023', role: 'general_manager', communityIds: ['community-a'], department: 'customer_service', active: true };
const trapped = ownerMember('openid-ladder-owner', '欧阳娜娜', '13911112222', 'room-1-2-301');
const robot = (key: string) => `${c.url}/local/outbound/webhook/send?key=${key}`;
type Outbound = { kind: 'webhook' | 'sms'; target: string; content: string; phones: string[]; params: string[]; errcode: number };
const outbound = (kind?: 'webhook' | 'sms') => c.get<Outbound[]>(`/local/outbound${kind ? `?kind=${kind}` : ''}`);
type Report = { sent: number; noCredit: number; notAttempted: number; alarms: string[]; rungs: Record<'webhook' | 'sms', { sent: number; retried: number; dead: number }> };
const runScheduler = () => c.post<{ result: Report }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);
/** The staff task template (config/subscription-templates.json). */
const TASK = 'TPL_STAFF_TASK';
const grant = (openid: string, times = 1) => Promise.all(Array.from({ length: times }, () => c.post('/local/openapi/subscriptions', { openid, results: { [TASK]: 'accept' } })));
/** The ledger (subscription.record writes it as the mini-program reports acceptances): count 0 = no credit known. */
const ledger = (openid: string, count: number) => c.db.collection('credits').doc(`${openid}:${TASK}`).set({ openid, templateId: TASK, count });
const staffOutbox = async (id: string) => ((await c.db.collection('complaints').doc(id).get()).data[0] as { outbox: Array<{ key: string; touser?: string; channel?: string; status: string; attempts: number; lastError: string | null }> }).outbox;

/** Nothing an owner wrote or is reached by may reach a staff group or an SMS: no owner's name or phone in any post or parameter. */
async function expectNoOwnerData(): Promise<void> {
  const all = await outbound();
  const owners = [trapped, people.owner, people.otherOwner];
  for (const r of all) {
    const text = [r.content, ...r.params, ...r.phones].join('|');
    for (const o of owners) {
      expect(text).not.toContain(o.name);
      expect(text).not.toContain(o.phone);
    }
  }
}

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([supervisor, dutyManager, generalManager, { ...admin }, { ...trapped }]);
  // Saturday 21 November 2026: the night's roster.
  const from = new Date('2026-11-21T18:00:00+08:00');
  const to = new Date('2026-11-22T08:30:00+08:00');
  await c.db.collection('duty_roster').add([
    { communityId: 'community-a', role: 'security_supervisor', staffId: supervisor._id, from, to },
    { communityId: 'community-a', role: 'duty_manager', staffId: dutyManager._id, from, to },
    { communityId: 'community-a', role: 'general_manager', staffId: generalManager._id, from, to },
  ]);
  await c.post('/local/clock', { set: '2026-11-21T20:00:00+08:00' });
  const set = await c.call(admin._id, { action: 'admin.alerts.set', duty: robot('duty-robot-0001'), departments: { security: robot('security-robot-0001') }, smsTemplateId: '2233445' });
  expect(set).toMatchObject({ ok: true, data: { duty: '企业微信群机器人 …0001', smsTemplateId: '2233445' } });
});
afterAll(() => c.stop());

let liftId = '';
it('23:10 Saturday, 电梯困人: within one tick the supervisor without credit is named by the duty robot and gets an SMS; the duty manager with credit gets the subscription message', async () => {
  await c.post('/local/clock', { set: '2026-11-21T23:10:00+08:00' });
  await c.tick(0); // the clock was moved: this tick starts the timer's schedule from here
  await ledger(supervisor._id, 0);
  await ledger(dutyManager._id, 3);
  await grant(dutyManager._id, 3);
  const filed = await c.call<{ id: string; number: string }>(trapped._id, { action: 'complaint.submit', requestId: 'ladder-lift-0001', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '电梯困人，我是欧阳娜娜 13911112222，快来' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  liftId = filed.data.id;
  expect(await c.tick()).toEqual(['scheduler/sweep']);
  const { data } = await c.db.collection('heartbeats').doc('scheduler').get();
  const report = (data[0] as { report: Report }).report;
  // The ledger said 0: no futile subscribeMessage.send for the supervisor — straight to the next rungs.
  expect(report.notAttempted).toBeGreaterThanOrEqual(1);
  expect(report.rungs.webhook.sent).toBeGreaterThanOrEqual(1);
  expect(report.rungs.sms.sent).toBe(1);
  const posts = await outbound('webhook');
  expect(posts).toEqual([expect.objectContaining({ target: 'duty-robot-0001', phones: [supervisor.phone], errcode: 0, content: expect.stringContaining(filed.data.number) })]);
  expect(posts[0]!.content).toContain('紧急');
  expect(await outbound('sms')).toEqual([expect.objectContaining({ phones: [`+86${supervisor.phone}`], target: '2233445', params: [expect.any(String), filed.data.number], errcode: 0 })]);
  // The duty manager had credit: the subscription message, and no other rung.
  const inbox = await c.get<Array<{ templateId: string }>>(`/local/openapi/messages?touser=${dutyManager._id}`);
  expect(inbox).toEqual([expect.objectContaining({ templateId: TASK })]);
  const outbox = await staffOutbox(liftId);
  expect(outbox.filter((e) => e.touser === dutyManager._id).map((e) => [e.channel ?? 'subscription', e.status])).toEqual([['subscription', 'sent']]);
  expect(outbox.filter((e) => e.touser === supervisor._id).map((e) => [e.channel ?? 'subscription', e.status]).sort()).toEqual([
    ['sms', 'sent'],
    ['subscription', 'no_credit'],
    ['webhook', 'sent'],
  ]);
  // Another tick sends nothing again on any rung.
  await c.tick();
  expect(await outbound()).toHaveLength(2);
  await expectNoOwnerData();
});

it('unacknowledged at the policy limit (30 minutes) the general manager is reached the same way; acknowledgement stops every rung', async () => {
  await ledger(generalManager._id, 0);
  await c.tick(30 * 60_000);
  const posts = await outbound('webhook');
  expect(posts.some((p) => p.target === 'duty-robot-0001' && p.phones.includes(generalManager.phone))).toBe(true);
  expect((await outbound('sms')).some((s) => s.phones.includes(`+86${generalManager.phone}`))).toBe(true);
  // A second emergency, while the duty robot is down: its posts wait to be retried.
  await c.post('/local/outbound/faults', { kind: 'webhook', key: 'duty-robot-0001', status: 500, times: 10 });
  const filed = await c.call<{ id: string; number: string }>(people.otherOwner._id, { action: 'complaint.submit', requestId: 'ladder-lift-0002', communityId: 'community-a', location: { kind: 'room', building: '3', room: '101' }, description: '水管爆裂' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  await c.tick();
  const waiting = (await staffOutbox(filed.data.id)).filter((e) => e.channel === 'webhook' && e.touser === supervisor._id);
  expect(waiting.map((e) => e.status)).toEqual(['pending']);
  // The supervisor dispatches the plumber, who takes it on (接单): the robot's retry is stopped.
  const triage = await c.call(supervisor._id, { action: 'complaint.command', id: filed.data.id, command: { type: 'triage', valid: true, category: 'facilities', urgency: 'urgent', complexity: 'ordinary', handlerId: people.handler1._id } });
  if (!triage.ok) throw new Error(JSON.stringify(triage));
  expect(await c.call(people.handler1._id, { action: 'complaint.command', id: filed.data.id, command: { type: 'accept' } })).toMatchObject({ ok: true });
  expect((await staffOutbox(filed.data.id)).filter((e) => e.channel === 'webhook' && e.touser === supervisor._id).map((e) => [e.status, e.lastError])).toEqual([['cancelled', 'acknowledged']]);
  const before = (await outbound('webhook')).length;
  await c.tick(5 * 60_000);
  await c.tick(5 * 60_000);
  const after = (await outbound('webhook')).slice(before);
  expect(after.filter((p) => p.content.includes(filed.data.number))).toEqual([]);
  await expectNoOwnerData();
});

it('a robot answering 500 twice then 200: delivered once, retried with back-off, reported', async () => {
  await c.call(admin._id, { action: 'admin.alerts.set', departments: { customer_service: robot('desk-robot-0001') } });
  await c.post('/local/clock', { set: '2026-11-25T10:00:00+08:00' }); // a Wednesday morning: reception's hours
  await ledger(people.reception._id, 0);
  await c.post('/local/outbound/faults', { kind: 'webhook', key: 'desk-robot-0001', status: 500, times: 2 });
  const filed = await c.call<{ id: string; number: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'ladder-desk-0001', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '楼道灯坏了' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const reports: Report[] = [];
  reports.push(await runScheduler());
  await c.post('/local/clock', { advanceMs: 60_000 });
  reports.push(await runScheduler());
  await c.post('/local/clock', { advanceMs: 2 * 60_000 });
  reports.push(await runScheduler());
  await c.post('/local/clock', { advanceMs: 4 * 60_000 });
  reports.push(await runScheduler());
  // Reported: (the Saturday complaints' later escalations go out in these runs too, to the duty robot)
  expect(reports[0]!.rungs.webhook.retried).toBeGreaterThanOrEqual(1);
  expect(reports[1]!.rungs.webhook.retried).toBeGreaterThanOrEqual(1);
  expect(reports[2]!.rungs.webhook.sent).toBeGreaterThanOrEqual(1);
  const posts = (await outbound('webhook')).filter((p) => p.target === 'desk-robot-0001');
  expect(posts.map((p) => p.errcode)).toEqual([-500, -500, 0]);
  expect(posts[2]!.content).toContain(filed.data.number);
  expect(posts[2]!.phones).toEqual([people.reception.phone]);
  const entry = (await staffOutbox(filed.data.id)).find((e) => e.channel === 'webhook')!;
  expect(entry).toMatchObject({ status: 'sent', attempts: 3 });
  // No SMS: an ordinary task's rungs are the robot only (policy.alerts.rungs.task).
  expect((await outbound('sms')).filter((s) => s.phones.includes(`+86${people.reception.phone}`))).toEqual([]);
  await expectNoOwnerData();
});

it('a robot with a wrong key (93000 invalid webhook url) is an alarm in the report and the heartbeat, and the rung is not retried', async () => {
  await c.post('/local/outbound/faults', { kind: 'webhook', key: 'desk-robot-0001', errcode: 93000, times: 1 });
  const before = (await outbound('webhook')).length;
  await c.call(people.owner._id, { action: 'complaint.submit', requestId: 'ladder-desk-0002', communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '门禁失灵' });
  const report = await runScheduler();
  expect(report.rungs.webhook.dead).toBe(1);
  expect(report.alarms).toContainEqual(expect.stringContaining('企业微信群机器人地址无效（客服中心群，93000'));
  const { data } = await c.db.collection('heartbeats').doc('scheduler').get();
  expect((data[0] as { report: Report }).report.alarms).toEqual(report.alarms);
  await c.post('/local/clock', { advanceMs: 10 * 60_000 });
  await runScheduler();
  expect((await outbound('webhook')).slice(before).filter((p) => p.target === 'desk-robot-0001').map((p) => p.errcode)).toEqual([93000]);
});

it('overlapping scheduler runs (at once): one delivery per person, alert and rung', async () => {
  await c.post('/local/clock', { advanceMs: 60 * 60_000 });
  const before = (await outbound('webhook')).length;
  await c.call(people.otherOwner._id, { action: 'complaint.submit', requestId: 'ladder-desk-0003', communityId: 'community-a', location: { kind: 'room', building: '3', room: '101' }, description: '垃圾没有清运' });
  const runs = await Promise.all([runScheduler(), runScheduler(), runScheduler()]);
  const posts = (await outbound('webhook')).slice(before).filter((p) => p.target === 'desk-robot-0001');
  expect(posts).toEqual([expect.objectContaining({ errcode: 0, phones: [people.reception.phone] })]);
  expect(runs.reduce((n, r) => n + r.rungs.webhook.sent, 0)).toBeGreaterThanOrEqual(1);
});

it('the robot setting accepts only a 企业微信 robot URL (or CloudBase Local here), and writes nothing otherwise', async () => {
  for (const url of ['https://example.com/cgi-bin/webhook/send?key=abcdefgh', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', `${c.url}/local/other?key=abcdefgh`]) {
    const r = await c.call(admin._id, { action: 'admin.alerts.set', duty: url });
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION' });
  }
  expect(await c.call(people.reception._id, { action: 'admin.alerts.set', duty: null })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(admin._id, { action: 'admin.alerts.get' })).toMatchObject({ ok: true, data: { duty: '企业微信群机器人 …0001' } });
  expect(await c.call(admin._id, { action: 'admin.alerts.set', duty: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' })).toMatchObject({ ok: true });
  await c.call(admin._id, { action: 'admin.alerts.set', duty: robot('duty-robot-0001') });
});

it('「发送测试提醒」 sends one alert through each configured rung to the person who taps it and says which arrived', async () => {
  // Faults left over from the tests above are forgotten with the robot's log.
  await fetch(`${c.url}/local/outbound`, { method: 'DELETE' });
  await grant(supervisor._id);
  const r = await c.call<{ rungs: Array<{ rung: string; configured: boolean; delivered: boolean; detail: string }> }>(supervisor._id, { action: 'alerts.test' });
  expect(r).toMatchObject({ ok: true, data: { rungs: [
    { rung: 'subscription', configured: true, delivered: true },
    { rung: 'webhook', configured: true, delivered: true },
    { rung: 'sms', configured: true, delivered: true },
  ] } });
  const posts = await outbound('webhook');
  expect(posts.at(-1)).toMatchObject({ target: 'duty-robot-0001', phones: [supervisor.phone], content: expect.stringContaining('测试提醒') });
  // A refusing robot is reported as not arrived, in words.
  await c.post('/local/outbound/faults', { kind: 'webhook', key: 'duty-robot-0001', errcode: 93000, times: 1 });
  const refused = await c.call<{ rungs: Array<{ rung: string; delivered: boolean; detail: string }> }>(supervisor._id, { action: 'alerts.test' });
  expect(refused.ok && refused.data.rungs.find((x) => x.rung === 'webhook')).toMatchObject({ delivered: false, detail: expect.stringContaining('93000') });
  expect(refused.ok && refused.data.rungs.find((x) => x.rung === 'subscription')).toMatchObject({ delivered: false, detail: expect.stringContaining('没有订阅额度') });
});

it('before a duty shift, the person no rung with credit can reach and the duty manager are told — once, however many runs overlap', async () => {
  const nightGuard = { _id: 'openid-ladder-security-2', kind: 'staff', name: '替班安全主管', phone: '13700000024', role: 'security_supervisor', communityIds: ['community-a'], department: 'security', active: true };
  await c.db.collection('members').add(nightGuard);
  // No robot for the duty roster or security, no SMS template: only credit could reach them.
  expect(await c.call(admin._id, { action: 'admin.alerts.set', duty: null, departments: { security: null }, smsTemplateId: null })).toMatchObject({ ok: true });
  await c.post('/local/clock', { set: '2026-11-28T17:30:00+08:00' });
  await ledger(nightGuard._id, 0);
  // Credit enough for the Saturday complaints' escalations that overlapping runs send first, in whatever order.
  await ledger(dutyManager._id, 10);
  await grant(dutyManager._id, 10);
  const from = new Date('2026-11-28T18:00:00+08:00');
  const to = new Date('2026-11-29T08:30:00+08:00');
  await c.db.collection('duty_roster').add([
    { communityId: 'community-a', role: 'security_supervisor', staffId: nightGuard._id, from, to },
    { communityId: 'community-a', role: 'duty_manager', staffId: dutyManager._id, from, to },
  ]);
  const before = (await c.get<unknown[]>(`/local/openapi/messages?touser=${dutyManager._id}`)).length;
  type Shifts = { checked: number; unreachable: Array<{ staffId: string }> };
  const runs = await Promise.all([0, 1, 2].map(() => c.post<{ result: { shifts: Shifts } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result.shifts)));
  expect(runs.reduce((n, r) => n + r.checked, 0)).toBe(2);
  expect(runs.flatMap((r) => r.unreachable.map((u) => u.staffId))).toEqual([nightGuard._id]);
  // (The Saturday complaints' escalations reach the duty manager in these runs too.)
  const told = (await c.get<Array<{ data: Record<string, { value: string }> }>>(`/local/openapi/messages?touser=${dutyManager._id}`)).slice(before).filter((m) => JSON.stringify(m.data).includes('值班时收不到提醒'));
  expect(told).toHaveLength(1);
  expect(told[0]!.data.thing2!.value).toBe('替班安全主管值班时收不到提醒');
  // The guard has no credit: the badge in the app tells them.
  expect(((await c.db.collection('members').doc(nightGuard._id).get()).data[0] as { unreadAlerts?: number }).unreadAlerts).toBe(1);
  await c.post('/local/clock', { advanceMs: 10 * 60_000 });
  expect((await runScheduler() as unknown as { shifts: Shifts }).shifts).toEqual({ checked: 0, unreachable: [] });
});
