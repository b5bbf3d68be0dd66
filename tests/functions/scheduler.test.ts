// The scheduler through its real timer trigger: notifications out of the outbox as subscription
// messages, one-time credits, 43101 without retry, transient failures retried, overlapping runs,
// and the clock's work — reminders, escalation, callback task, auto-close.
import { lastSchedulerRun } from '../../server/kernel/scheduler';
import { ownerMember, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  // A Wednesday morning: working hours, so intake goes to reception only (nights are tested below).
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

type Message = { touser: string; templateId: string; page: string; data: Record<string, { value: string }> };
const inbox = (openid: string) => c.get<Message[]>(`/local/openapi/messages?touser=${openid}`);
const grant = (openid: string, templateId: string, times = 1) =>
  Promise.all(Array.from({ length: times }, () => c.post('/local/openapi/subscriptions', { openid, results: { [templateId]: 'accept' } })));
let n = 0;
const submit = async (openid: string, extra: object = {}) => {
  const r = await c.call<{ id: string }>(openid, {
    action: 'complaint.submit',
    requestId: `sched-${n++}-${Date.now()}`,
    communityId: 'community-a',
    location: { kind: 'room', building: '1', room: '301' },
    description: '楼道灯坏了',
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
};
const runScheduler = () => c.post<{ result: { sent: number; noCredit: number; retried: number; dead: number; timersIssued: number } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);

it('the timer trigger declared in cloudbaserc.json runs the scheduler, which leaves its heartbeat', async () => {
  expect(await c.get('/local/timers')).toEqual([expect.objectContaining({ function: 'scheduler', name: 'sweep', config: '0 * * * * * *' })]);
  await c.tick(0); // the clock was set back in beforeAll: this tick starts the schedule from there
  expect(await lastSchedulerRun(c.db)).toBeNull();
  expect(await c.tick()).toEqual(['scheduler/sweep']);
  const at = await lastSchedulerRun(c.db);
  const now = new Date((await c.get<{ now: string }>('/local/clock')).now);
  expect(now.getTime() - at!.getTime()).toBeGreaterThanOrEqual(0);
  expect(now.getTime() - at!.getTime()).toBeLessThan(5_000);
  // The heartbeat carries the run's report, with each step's wall time: where a long run went.
  const { data } = await c.db.collection('heartbeats').doc('scheduler').get();
  const { report } = data[0] as { report: { ms: number; phases: Record<string, number> } };
  expect(Object.keys(report.phases).sort()).toEqual(['fold', 'media', 'outbox', 'timers', 'totals']);
  const steps = Object.values(report.phases);
  expect(steps.every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
  expect(steps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(report.ms + steps.length);
});

it('intake: the owner gets the 受理 message with number and deadline; reception gets a task; no credit → 43101, not retried', async () => {
  await grant(people.owner._id, 'TPL_COMPLAINT_ACCEPTED');
  await grant(people.reception._id, 'TPL_STAFF_TASK');
  const before = (await inbox(people.owner._id)).length;
  await submit(people.owner._id);
  await submit(people.owner._id); // the owner has no credit left for this one
  const report = await runScheduler();
  // Sent: the owner's first 受理 and reception's first task; no credit: the same two for the second complaint.
  expect(report).toMatchObject({ sent: 2, noCredit: 2 });
  const mine = await inbox(people.owner._id);
  expect(mine).toHaveLength(before + 1);
  expect(mine.at(-1)).toMatchObject({ templateId: 'TPL_COMPLAINT_ACCEPTED', data: { character_string1: { value: expect.stringMatching(/^TS\d{8}-\d{4}$/) }, phrase4: { value: '待受理' } } });
  expect((await inbox(people.reception._id)).length).toBe(1);
  // Nothing more to send: a repeated run sends nothing and retries no 43101.
  expect(await runScheduler()).toMatchObject({ sent: 0, noCredit: 0, retried: 0 });
});

it('two overlapping scheduler runs send each message once', async () => {
  await grant(people.otherOwner._id, 'TPL_COMPLAINT_ACCEPTED', 3);
  await submit(people.otherOwner._id);
  const [a, b] = await Promise.all([runScheduler(), runScheduler()]);
  expect((await inbox(people.otherOwner._id)).length).toBe(1);
  expect(a.sent + b.sent).toBeGreaterThanOrEqual(1);
});

it('a transient WeChat error is retried with backoff and then delivered once', async () => {
  await grant(people.otherOwner._id, 'TPL_COMPLAINT_ACCEPTED');
  const before = (await inbox(people.otherOwner._id)).length;
  await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: -1, times: 1 });
  await submit(people.otherOwner._id);
  expect(await runScheduler()).toMatchObject({ retried: 1, sent: 0 });
  expect(await runScheduler()).toMatchObject({ sent: 0 }); // backoff: not yet
  await c.post('/local/clock', { advanceMs: 61_000 });
  expect(await runScheduler()).toMatchObject({ sent: 1 });
  expect((await inbox(people.otherOwner._id)).length).toBe(before + 1);
});

it('a step taken while a message is being sent keeps both: the step, and the send’s result', async () => {
  await grant(people.otherOwner._id, 'TPL_COMPLAINT_ACCEPTED');
  // WeChat hangs on the first send for 1.5 s, then the gateway gives up (a transient error).
  await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'timeout', delayMs: 1500, times: 1 });
  const id = await submit(people.otherOwner._id);
  const run = runScheduler();
  type Doc = { status: string; version: number; outbox: Array<{ key: string; status: string; attempts: number }> };
  const doc = async () => (await c.db.collection('complaints').doc(id).get()).data[0] as Doc;
  while (!(await doc()).outbox.some((e) => e.status === 'sending')) await new Promise((r) => setTimeout(r, 20));
  const claimed = await doc();
  // Reception triages while the scheduler waits on WeChat.
  const triage = await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: false, explanation: '属市政管理范围，已转12345' } });
  expect(triage.ok).toBe(true);
  expect(await run).toMatchObject({ retried: 1 });
  const after = await doc();
  expect(after.status).toBe('closed');
  const sent = after.outbox.filter((e) => claimed.outbox.some((x) => x.key === e.key && x.status === 'sending'));
  // The owner's 受理 and reception's task: the one WeChat timed out waits for a retry, the other is done.
  expect(sent).toHaveLength(2);
  expect(sent.filter((e) => e.status === 'pending')).toHaveLength(1);
  expect(sent.every((e) => e.status !== 'sending' && e.attempts === 1)).toBe(true);
});

it('an elevator entrapment at 23:00: the on-duty security supervisor and duty manager told at once and reminded, the supervisor then the general manager chased when nobody accepts — no department head paged', async () => {
  await c.post('/local/clock', { set: '2026-11-28T23:00:00+08:00' });
  await c.db.collection('members').add([
    { _id: 'openid-night-security', kind: 'staff', name: '夜班安全主管', phone: '13700000011', role: 'security_supervisor', communityIds: ['community-a'], department: 'security', active: true },
    { _id: 'openid-day-security', kind: 'staff', name: '白班安全主管', phone: '13700000012', role: 'security_supervisor', communityIds: ['community-a'], department: 'security', active: true },
    { _id: 'openid-duty-manager', kind: 'staff', name: '值班经理', phone: '13700000013', role: 'duty_manager', communityIds: ['community-a'], department: 'management', active: true },
  ]);
  await c.db.collection('duty_roster').add([
    { communityId: 'community-a', role: 'security_supervisor', staffId: 'openid-night-security', from: new Date('2026-11-28T18:00:00+08:00'), to: new Date('2026-11-29T08:30:00+08:00') },
    { communityId: 'community-a', role: 'security_supervisor', staffId: 'openid-day-security', from: new Date('2026-11-29T08:30:00+08:00'), to: new Date('2026-11-29T18:00:00+08:00') },
  ]);
  // Earlier tests' complaints are overdue by now and escalate too: give enough credit for all of it.
  for (const openid of ['openid-night-security', 'openid-day-security', 'openid-duty-manager']) await grant(openid, 'TPL_STAFF_TASK', 10);
  const id = await submit(people.owner._id, { description: '3号楼电梯困人，有老人在里面' });
  await runScheduler();
  // seed 003 (5)c: the supervisor on tonight's shift, not the day shift's; (5)b: the duty manager at once.
  const intake = (m: Message) => m.data.thing2?.value;
  expect((await inbox('openid-night-security')).map(intake)).toEqual(['非工作时间新投诉']);
  expect(await inbox('openid-day-security')).toHaveLength(0);
  expect((await inbox('openid-duty-manager')).map(intake)).toContain('紧急投诉待处理');
  await c.tick(16 * 60_000);
  await c.tick(15 * 60_000);
  const staffView = await c.call<{ complaint: { timeline: Array<{ type: string; notify?: unknown }>; escalationLevel: number } }>(people.reception._id, { action: 'complaint.detail', id });
  const timeline = staffView.ok ? staffView.data.complaint.timeline : [];
  // The clock jumped past both 「即将超时」 warnings (as after an outage): they are recorded as
  // skipped, and the escalation due now is what people hear (issue 27.7).
  expect(timeline.filter((e) => e.type === 'reminded').map((e) => (e as { skipped?: boolean }).skipped)).toEqual([true, true]);
  // seed 003 (5)c: at night the on-duty supervisor answers for an untriaged complaint; before triage
  // there is no department, so no department head is paged.
  expect(timeline.filter((e) => e.type === 'escalated').map((e) => e.notify)).toEqual(['security_supervisor', 'general_manager']);
  await runScheduler();
  const chased = (await inbox('openid-night-security')).map((m) => m.data.thing2?.value);
  expect(chased).toContain('投诉已超时升级');
  expect(chased).not.toContain('投诉即将超时');
  expect((await inbox('openid-duty-manager')).map((m) => m.data.thing2?.value)).not.toContain('投诉即将超时');
  const { data } = await c.db.collection('complaints').doc(id).get();
  expect((data[0] as { outbox: Array<{ recipient: { role?: string } }> }).outbox.filter((e) => e.recipient.role === 'department_head')).toEqual([]);
  // Owners do not see the internal chasing.
  const ownerView = await c.call<{ complaint: { timeline: Array<{ type: string }> } }>(people.owner._id, { action: 'complaint.detail', id });
  expect(ownerView.ok && ownerView.data.complaint.timeline.some((e) => e.type === 'escalated')).toBe(false);
});

it('no rating → a callback task for reception after 3 days → auto-closed after 7', async () => {
  await c.post('/local/clock', { set: '2026-12-01T10:00:00+08:00' });
  const id = await submit(people.otherOwner._id);
  const act = (openid: string, command: object) => c.call(openid, { action: 'complaint.command', id, command });
  await act(people.reception._id, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler2._id });
  await act(people.handler2._id, { type: 'accept' });
  await act(people.handler2._id, { type: 'investigate', findings: '灯管老化', photos: [], responsibleParty: 'property' });
  await act(people.handler2._id, { type: 'plan', description: '更换灯管', expectedCompletionAt: '2026-12-02T10:00:00+08:00', estimatedCost: 20 });
  expect(await act(people.handler2._id, { type: 'resolve', result: '已更换', photos: [] })).toMatchObject({ ok: true });
  await c.tick(3 * 24 * 3_600_000 + 60_000);
  const status = async () => {
    const r = await c.call<{ complaint: { status: string; callbackRequested: boolean; closure: { reason: string } | null } }>(people.reception._id, { action: 'complaint.detail', id });
    return r.ok ? r.data.complaint : null;
  };
  expect(await status()).toMatchObject({ status: 'resolved', callbackRequested: true });
  await c.tick(4 * 24 * 3_600_000);
  expect(await status()).toMatchObject({ status: 'closed', closure: { reason: 'auto_closed' } });
});

it('the credit ledger follows what the mini-program recorded and what WeChat answered; no credit → an in-app badge', async () => {
  const record = (openid: string, results: object) => c.call<Record<string, number>>(openid, { action: 'subscription.record', results });
  expect(await record(people.handler1._id, { TPL_STAFF_TASK: 'accept', TPL_COMPLAINT_RESULT: 'reject' })).toEqual({ ok: true, data: { TPL_STAFF_TASK: 1 } });
  await c.post('/local/openapi/subscriptions', { openid: people.handler1._id, results: { TPL_STAFF_TASK: 'accept' } });
  const id = await submit(people.owner._id);
  await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
  await runScheduler();
  expect(await c.call(people.handler1._id, { action: 'subscription.credits' })).toEqual({ ok: true, data: { TPL_STAFF_TASK: 0 } });
  // A second task finds no credit on the ledger: no send is even tried (no futile 43101, issue 27.3),
  // and the handler gets a badge at once.
  const refusedBefore = (await c.get<Array<{ touser: string }>>('/local/openapi/refusals')).filter((r) => r.touser === people.handler1._id).length;
  const id2 = await submit(people.owner._id);
  await c.call(people.reception._id, { action: 'complaint.command', id: id2, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
  const report = (await c.post<{ result: { notAttempted: number } }>('/local/functions/scheduler/invoke', { data: {} })).result;
  expect(report.notAttempted).toBeGreaterThanOrEqual(1);
  expect((await c.get<Array<{ touser: string }>>('/local/openapi/refusals')).filter((r) => r.touser === people.handler1._id).length).toBe(refusedBefore);
  const { data } = await c.db.collection('members').doc(people.handler1._id).get();
  expect(data[0]).toMatchObject({ unreadAlerts: 1 });
});

it('the ledger is corrected when WeChat proves it wrong: a 43101 empties it, and the rest of the backlog to that person is not tried (issue 27.3)', async () => {
  const record = (openid: string, results: object) => c.call<Record<string, number>>(openid, { action: 'subscription.record', results });
  // The ledger says 3, but WeChat holds no credit for the handler (accepted on another phone, spent elsewhere…).
  for (let i = 0; i < 3; i++) await record(people.handler2._id, { TPL_STAFF_TASK: 'accept' });
  const refused = async () => (await c.get<Array<{ touser: string; templateId: string }>>('/local/openapi/refusals')).filter((r) => r.touser === people.handler2._id && r.templateId === 'TPL_STAFF_TASK').length;
  const before = await refused();
  // Phoned in (客服 records them: no owner's rate limit), all for the same handler.
  const phoned = async (k: number) => {
    const r = await c.call<{ id: string }>(people.reception._id, { action: 'complaint.record', requestId: `ledger-${k}-${++n}`, channel: 'phone', complainant: { name: '来电业主', phone: '13511112222' }, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description: `车库灯不亮 ${k}` });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data.id;
  };
  for (let i = 0; i < 8; i++) {
    const id = await phoned(i);
    await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler2._id } });
  }
  await runScheduler();
  await runScheduler();
  // Tried at most as often as the ledger had credits (sends in flight hold one each), and once WeChat
  // said 43101 never again: the other tasks fall back without a send.
  const tried = (await refused()) - before;
  expect(tried).toBeGreaterThanOrEqual(1);
  expect(tried).toBeLessThanOrEqual(3);
  expect(await c.call(people.handler2._id, { action: 'subscription.credits' })).toEqual({ ok: true, data: { TPL_STAFF_TASK: 0 } });
  // Accepting again tops the ledger up: the next task is sent.
  await record(people.handler2._id, { TPL_STAFF_TASK: 'accept' });
  await c.post('/local/openapi/subscriptions', { openid: people.handler2._id, results: { TPL_STAFF_TASK: 'accept' } });
  const id = await phoned(8);
  await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler2._id } });
  await runScheduler();
  const inboxOf = await inbox(people.handler2._id);
  expect(inboxOf.some((m) => m.page.endsWith(`id=${id}`))).toBe(true);
});

it('after an outage, a backlog drains by overlapping runs with one message per complaint, event and person: a role’s task that failed for one receptionist is retried for that one only', async () => {
  // A Wednesday morning in another community: intake goes to its three receptionists.
  await c.post('/local/clock', { set: '2026-12-16T10:00:00+08:00' });
  const reception = [1, 2, 3].map((i) => ({ _id: `openid-backlog-reception-${i}`, kind: 'staff', name: `客服${i}`, phone: `1370000010${i}`, role: 'reception', communityIds: ['community-d'], department: 'customer_service', active: true }));
  const owners = [1, 2, 3, 4].map((i) => ownerMember(`openid-backlog-owner-${i}`, `业主${i}`, `1380000010${i}`, `room-d-${i}`, 'community-d'));
  await c.db.collection('members').add([...reception, ...owners]);
  for (const r of reception) await grant(r._id, 'TPL_STAFF_TASK', 20);
  for (const o of owners) await grant(o._id, 'TPL_COMPLAINT_ACCEPTED', 5);
  // WeChat is down: nothing goes out while the complaints come in (each owner files the rate limit's five).
  const ids: string[] = [];
  for (const o of owners) for (let k = 0; k < 5; k++) ids.push(await submit(o._id, { communityId: 'community-d', description: `${o.name}家门口的灯坏了（${k + 1}）` }));
  // When it is back, the second receptionist's sends still fail three times over.
  await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: -1, times: 3, touser: 'openid-backlog-reception-2' });
  const all = () => c.get<Array<Message & { page: string }>>('/local/openapi/messages');
  const before = (await all()).length;
  let reportedSent = 0;
  const waiting = async () => {
    const docs = await Promise.all(ids.map(async (id) => (await c.db.collection('complaints').doc(id).get()).data[0] as { outbox: Array<{ status: string }> }));
    return docs.flatMap((d) => d.outbox).filter((e) => e.status === 'pending' || e.status === 'sending').length;
  };
  for (let round = 0; round < 8 && (round === 0 || (await waiting()) > 0); round++) {
    const [a, b] = await Promise.all([runScheduler(), runScheduler()]);
    reportedSent += a.sent + b.sent;
    await c.post('/local/clock', { advanceMs: 4 * 60_000 + 1_000 }); // past the longest backoff three failures earn
  }
  expect(await waiting()).toBe(0);
  // A drained backlog: two more overlapping runs send nothing.
  const [a, b] = await Promise.all([runScheduler(), runScheduler()]);
  expect(a.sent + b.sent).toBe(0);
  const delivered = (await all()).slice(before);
  // The runs reported exactly what reached people (other complaints' reminders included).
  expect(reportedSent).toBe(delivered.length);
  const ours = delivered.filter((m) => ids.some((id) => m.page.endsWith(`id=${id}`)));
  // Each complaint: the owner's 受理 and the task for each of the three receptionists — once each.
  expect(ours).toHaveLength(ids.length * 4);
  const times = new Map<string, number>();
  for (const m of ours) {
    const key = `${m.page}|${m.touser}|${m.templateId}|${m.data.thing2?.value}`;
    times.set(key, (times.get(key) ?? 0) + 1);
  }
  expect(times.size).toBe(ids.length * 4);
  // The role's task failed for the second receptionist and went to her alone on retry.
  type Entry = { key: string; touser?: string; status: string; attempts: number };
  const outboxes = await Promise.all(ids.map(async (id) => ((await c.db.collection('complaints').doc(id).get()).data[0] as { outbox: Entry[] }).outbox));
  let retriedForHer = 0;
  for (const outbox of outboxes) {
    for (const e of outbox.filter((x) => x.touser === 'openid-backlog-reception-2' && x.attempts > 1)) {
      retriedForHer++;
      const event = e.key.split('>')[0];
      const others = outbox.filter((x) => x.key.startsWith(`${event}>`) && x.touser !== e.touser);
      expect(others.map((x) => [x.status, x.attempts])).toEqual([['sent', 1], ['sent', 1]]);
    }
  }
  expect(retriedForHer).toBeGreaterThan(0);
});

it('a message WeChat refuses as such (47003: template data) is given up at once, not sent again and again', async () => {
  await grant(people.otherOwner._id, 'TPL_COMPLAINT_ACCEPTED', 2);
  const before = (await inbox(people.otherOwner._id)).length;
  await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: 47003, times: 1, touser: people.otherOwner._id });
  const id = await submit(people.otherOwner._id);
  expect(await runScheduler()).toMatchObject({ dead: 1, retried: 0 });
  await c.post('/local/clock', { advanceMs: 61_000 });
  await runScheduler();
  expect(await inbox(people.otherOwner._id)).toHaveLength(before);
  const { data } = await c.db.collection('complaints').doc(id).get();
  expect((data[0] as { outbox: Array<{ touser?: string; status: string; attempts: number; lastError: string }> }).outbox.find((e) => e.touser === people.otherOwner._id)).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringMatching(/^47003/) });
});

it('WeChat down: a run stops sending after 20 failures in a row and leaves the rest waiting, attempts untouched; later runs deliver each once', async () => {
  const reception = [1, 2, 3].map((i) => `openid-backlog-reception-${i}`);
  const owners = [1, 2, 3, 4].map((i) => `openid-backlog-owner-${i}`);
  for (const r of reception) await grant(r, 'TPL_STAFF_TASK', 8);
  for (const o of owners) await grant(o, 'TPL_COMPLAINT_ACCEPTED', 2);
  await c.post('/local/clock', { advanceMs: 11 * 60_000 }); // past these owners' intake rate limit
  const ids: string[] = [];
  for (const o of owners) for (let k = 0; k < 2; k++) ids.push(await submit(o, { communityId: 'community-d', description: `楼道的灯不亮（${k + 1}）` }));
  await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: -1, times: 25 });
  type Entry = { touser?: string; status: string; attempts: number };
  const entries = async () => (await Promise.all(ids.map(async (id) => ((await c.db.collection('complaints').doc(id).get()).data[0] as { outbox: Entry[] }).outbox))).flat();
  const first = (await c.post<{ result: { outage: boolean; retried: number; sent: number } }>('/local/functions/scheduler/invoke', { data: {} })).result;
  expect(first).toMatchObject({ outage: true });
  expect(first.retried).toBeGreaterThanOrEqual(20);
  // 32 messages are due (8 complaints × the owner and three receptionists); most were never tried.
  expect((await entries()).filter((e) => e.status === 'pending' && e.attempts === 0).length).toBeGreaterThan(0);
  for (let round = 0; round < 5 && (await entries()).some((e) => e.status === 'pending' || e.status === 'sending'); round++) {
    await c.post('/local/clock', { advanceMs: 61_000 });
    await Promise.all([runScheduler(), runScheduler()]);
  }
  const all = await entries();
  expect(all.filter((e) => e.touser)).toHaveLength(32);
  expect(all.every((e) => e.status === 'sent')).toBe(true);
  const messages = (await c.get<Array<Message & { page: string }>>('/local/openapi/messages')).filter((m) => ids.some((id) => m.page.endsWith(`id=${id}`)));
  expect(messages).toHaveLength(32);
  expect(new Set(messages.map((m) => `${m.page}|${m.touser}`)).size).toBe(32);
});

it('a 云调用 permission not registered (-604101) is permanent: the message is given up, not retried, the run holds the rest and says so in its report, the heartbeat and the dashboard', async () => {
  await grant(people.otherOwner._id, 'TPL_COMPLAINT_ACCEPTED', 2);
  await c.post('/local/clock', { advanceMs: 61_000 }); // earlier tests' backoffs are due: nothing else waits
  await runScheduler();
  // Deployed through the management API only: declared in config.json, never registered.
  await c.post('/local/openapi/permissions', { function: 'scheduler', registered: false });
  const id = await submit(people.otherOwner._id, { description: '地下车库漏水' });
  type Report = { sent: number; retried: number; dead: number; deferred: number; failures: unknown[]; alarms: string[] };
  let report: Report;
  try {
    report = (await c.post<{ result: Report }>('/local/functions/scheduler/invoke', { data: {} })).result;
  } finally {
    await c.post('/local/openapi/permissions', { function: 'scheduler', registered: true });
  }
  // The sends already under way when -604101 came back are given up at once; the rest of the run waits, untried.
  expect(report).toMatchObject({ sent: 0, retried: 0 });
  expect(report.dead).toBeGreaterThanOrEqual(1);
  expect(report.alarms).toEqual([expect.stringMatching(/^云调用权限未开通：subscribeMessage\.send（云函数 scheduler）.*上传并部署：云端安装依赖/)]);
  const { data } = await c.db.collection('heartbeats').doc('scheduler').get();
  expect((data[0] as { report: Report }).report.alarms).toEqual(report.alarms);
  // The manager's dashboard reads the same heartbeat.
  const stats = await c.call<{ schedulerAlarms: string[] }>(people.head._id, { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 11 });
  expect(stats).toMatchObject({ ok: true, data: { schedulerAlarms: report.alarms } });
  type Entry = { touser?: string; status: string; attempts: number; lastError: string | null };
  const outbox = async () => ((await c.db.collection('complaints').doc(id).get()).data[0] as { outbox: Entry[] }).outbox.filter((e) => e.touser);
  const given = (await outbox()).filter((e) => e.status === 'dead');
  expect(given.length).toBeGreaterThanOrEqual(1);
  expect(given.every((e) => e.attempts === 1 && /^-604101/.test(e.lastError ?? ''))).toBe(true);
  // Registered again: the held messages go out, the given-up one is never sent again, and the alarm clears.
  await c.post('/local/clock', { advanceMs: 61_000 });
  const after = (await c.post<{ result: Report }>('/local/functions/scheduler/invoke', { data: {} })).result;
  expect(after).toMatchObject({ dead: 0, alarms: [] });
  expect((await outbox()).filter((e) => e.status === 'dead')).toEqual(given);
  expect((await outbox()).every((e) => e.status === 'dead' || e.status === 'sent' || e.status === 'no_credit')).toBe(true);
});
