// 意见和建议 through the real functions (seed 002 §3, 职责, 要求 (13)): an owner's suggestion on one of
// ten topics, no SLA but a reply due within the policy's days — the topic's department head is
// reminded once when it falls due — the owner reads the reply in the app and by message, and one
// that is really a complaint becomes one, linked both ways; an anonymous one never does.
import { DEFAULT_POLICY } from '../../domain/policy';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
type View = { id: string; number: string; status: string; author: { name: string; room: string } | null; reply: { text: string; by: string } | null; converted: { complaintId: string; number: string } | null; replyDueBy: string };
type Message = { touser: string; templateId: string; data: Record<string, { value: string }> };
const inbox = (openid: string) => c.get<Message[]>(`/local/openapi/messages?touser=${openid}`);
const runScheduler = () => c.post<{ result: { sent: number; timersIssued: number; failed: number } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);
const grant = (openid: string, templateId: string) => c.post('/local/openapi/subscriptions', { openid, results: { [templateId]: 'accept' } });

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('rooms').add({ _id: 'room-1-2-301', communityId: 'community-a', building: '1', unit: '2', room: '301', residentPhones: [people.owner.phone] });
  // Wednesday 10:00: five working days on is the next Wednesday 10:00.
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

let n = 0;
const suggest = (extra: object = {}) => c.call<{ id: string; number: string; replyDueBy: string }>(people.owner._id, { action: 'suggestion.submit', requestId: `suggestion-${++n}-test`, topic: 'repair', text: '维修师傅上门前能否先打个电话', ...extra });

it('an owner suggests; the reply is due in five working days; staff below manager do not see an anonymous author', async () => {
  expect(DEFAULT_POLICY.suggestions.replyWithin).toEqual({ amount: 5, unit: 'working_days' });
  const r = await suggest({ anonymous: true });
  expect(r).toMatchObject({ ok: true, data: { number: expect.stringMatching(/^JY20261118-\d{4}$/), replyDueBy: expect.stringMatching(/^2026-11-25T02:0[01]/) } });
  const id = r.ok ? r.data.id : '';
  const asHead = await c.call<{ items: View[] }>(people.head._id, { action: 'suggestion.list', communityId: 'community-a' });
  expect(asHead).toMatchObject({ ok: true, data: { items: [{ id, author: null, status: 'open' }] } });
  const mine = await c.call<{ items: View[] }>(people.owner._id, { action: 'suggestion.mine' });
  expect(mine).toMatchObject({ ok: true, data: { items: [{ id, author: { name: '张先生', room: '1栋2单元301' } }] } });
  // Another owner may not read it.
  expect(await c.call(people.otherOwner._id, { action: 'suggestion.detail', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

it('not answered when due: the topic’s department head is reminded once, however often the scheduler runs', async () => {
  await grant(people.head._id, 'TPL_STAFF_TASK');
  await grant(people.head._id, 'TPL_STAFF_TASK');
  const r = await suggest({ requestId: 'suggestion-late-1', text: '小区路灯坏了很久' });
  const id = r.ok ? r.data.id : '';
  expect(await runScheduler()).toMatchObject({ failed: 0 });
  expect((await inbox(people.head._id)).filter((m) => m.data.thing2?.value === '意见建议答复已到期')).toEqual([]);
  await c.post('/local/clock', { set: '2026-11-25T10:01:00+08:00' });
  await Promise.all([runScheduler(), runScheduler()]);
  await runScheduler();
  const reminders = (await inbox(people.head._id)).filter((m) => m.data.thing2?.value === '意见建议答复已到期');
  // Both suggestions of the morning fell due; each reminds once, naming no author.
  expect(reminders).toHaveLength(2);
  expect(reminders.map((m) => m.data.character_string1!.value)).toContain(r.ok ? r.data.number : '');
  expect(JSON.stringify(reminders)).not.toMatch(/张先生|301/);
  // The late reply still reaches the owner, in the app and by message; it is not on time.
  await grant(people.owner._id, 'TPL_SUGGESTION_REPLY');
  const replied = await c.call<View>(people.reception._id, { action: 'suggestion.reply', id, text: '已安排工程部本周内更换路灯，感谢您的建议' });
  expect(replied).toMatchObject({ ok: true, data: { status: 'answered', reply: { text: '已安排工程部本周内更换路灯，感谢您的建议', by: '客服小王' } } });
  await runScheduler();
  expect((await inbox(people.owner._id)).filter((m) => m.templateId === 'TPL_SUGGESTION_REPLY')).toEqual([expect.objectContaining({ data: expect.objectContaining({ phrase1: { value: '维修' }, thing3: { value: expect.stringContaining('已安排工程部') } }) })]);
  const { data } = await c.db.collection('suggestions').doc(id).get();
  expect(data[0]).toMatchObject({ answeredOnTime: false, nextTimerAt: null });
});

it('a suggestion that is a complaint becomes one, linked both ways, with an explanation; an anonymous one is refused with nothing written', async () => {
  const r = await suggest({ requestId: 'suggestion-convert-1', text: '楼上每天深夜装修噪音很大' });
  const id = r.ok ? r.data.id : '';
  const converted = await c.call<{ complaintId: string; number: string }>(people.reception._id, {
    action: 'suggestion.convert',
    id,
    category: 'security_order',
    explanation: '您反映的噪音问题需要尽快处理，我们已转为投诉，由安保部跟进',
    location: { kind: 'room', building: '1', unit: '2', room: '301' },
  });
  expect(converted).toMatchObject({ ok: true, data: { number: expect.stringMatching(/^TS\d{8}-\d{4}$/) } });
  const complaintId = converted.ok ? converted.data.complaintId : '';
  const { data } = await c.db.collection('complaints').doc(complaintId).get();
  expect(data[0]).toMatchObject({ fromSuggestion: id, description: '楼上每天深夜装修噪音很大', suggestedCategory: 'security_order', complainant: { openid: people.owner._id } });
  const detail = await c.call<View>(people.owner._id, { action: 'suggestion.detail', id });
  expect(detail).toMatchObject({ ok: true, data: { status: 'converted', converted: { complaintId, explanation: '您反映的噪音问题需要尽快处理，我们已转为投诉，由安保部跟进' } } });
  // Staff see where it came from.
  expect(await c.call(people.reception._id, { action: 'complaint.detail', id: complaintId })).toMatchObject({ ok: true, data: { complaint: { fromSuggestion: id } } });
  // The owner follows it in 我的投诉.
  const mine = await c.call<{ items: Array<{ id: string }> }>(people.owner._id, { action: 'complaint.mine' });
  expect(mine.ok && mine.data.items.map((i) => i.id)).toContain(complaintId);
  // Twice is the same complaint.
  expect(await c.call(people.reception._id, { action: 'suggestion.convert', id, category: 'security_order', explanation: '再次', location: { kind: 'public_area', description: '楼道' } })).toMatchObject({ ok: true, data: { complaintId } });

  const anonymous = await suggest({ requestId: 'suggestion-convert-2', anonymous: true, text: '保安夜里睡觉' });
  await c.post('/local/counters/reset', {});
  const refused = await c.call(people.reception._id, { action: 'suggestion.convert', id: anonymous.ok ? anonymous.data.id : '', category: 'security_order', explanation: '转投诉', location: { kind: 'public_area', description: '岗亭' } });
  expect(refused).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('匿名') });
  expect((await c.get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
});

it('the month’s statistics count suggestions received and answered on time, by topic', async () => {
  const r = await c.call<{ communication: { suggestionsReceived: number; suggestionsAnsweredOnTime: number; byTopic: Array<{ label: string; received: number; answeredOnTime: number }> } }>(people.head._id, { action: 'stats.monthly', communityId: 'community-a', year: 2026, month: 11 });
  // Four suggestions: the anonymous first and last still open, one answered late, one converted at once.
  expect(r).toMatchObject({ ok: true, data: { communication: { suggestionsReceived: 4, suggestionsAnsweredOnTime: 1 } } });
  expect(r.ok && r.data.communication.byTopic.find((t) => t.label === '维修')).toEqual({ topic: 'repair', label: '维修', received: 4, answeredOnTime: 1 });
});
