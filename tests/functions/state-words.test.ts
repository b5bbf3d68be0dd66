// Words match states (issue 28.4), in the owner's subscription messages: walked through every status
// and every way a complaint closes on the real functions, each message's `phrase` is the word 我的投诉
// and 投诉详情 show (miniprogram/utils/labels.ts), within WeChat's ≤ 5 Chinese characters — CloudBase
// Local refuses anything else with 47003, as WeChat does (wechat-platform.md).
import { STATE_LABELS, stateLabel, statePhrase } from '../../miniprogram/utils/labels';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';
import { EVERY_STATE, reach, stateName } from '../support/states';

let c: ApiCloud;
const dutyManager = { _id: 'openid-duty-manager', kind: 'staff', name: '值班经理冯', phone: '13700000040', role: 'duty_manager', communityIds: ['community-a'], department: 'management', active: true };
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add(dutyManager);
  // A Wednesday morning: working hours.
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

type Message = { templateId: string; data: Record<string, { value: string }> };
const owner = people.owner._id;
const cast = { owner, reception: people.reception._id, handler: people.handler1._id, head: people.head._id, dutyManager: dutyManager._id };
const runScheduler = () => c.post('/local/functions/scheduler/invoke', { data: {} });
const phraseOf = (m: Message) => (m.data.phrase4 ?? m.data.phrase3)!.value;

it('every word a message may carry is a phrase WeChat accepts: the label’s last clause, ≤ 5 Chinese characters', () => {
  const phrases = EVERY_STATE.map((s) => [stateName(s), statePhrase(s)]);
  expect(phrases.filter(([, p]) => !/^[\u4e00-\u9fff]{1,5}$/.test(p!))).toEqual([]);
  expect(EVERY_STATE.every((s) => stateLabel(s).endsWith(statePhrase(s)))).toBe(true);
  expect(STATE_LABELS.submitted).toBe('已提交，待受理');
});

it('the owner’s messages name each state as the pages do: 待受理 until 客服 take it on, and a closed complaint by how it ended', async () => {
  const sent: Array<[string, string[]]> = [];
  for (const target of EVERY_STATE) {
    // Credits for every message the walk queues (one-time credits per template, wechat-platform.md).
    for (const templateId of ['TPL_COMPLAINT_ACCEPTED', 'TPL_COMPLAINT_PROGRESS', 'TPL_COMPLAINT_RESULT']) {
      await Promise.all(Array.from({ length: 8 }, () => c.post('/local/openapi/subscriptions', { openid: owner, results: { [templateId]: 'accept' } })));
    }
    const { number } = await reach(c, cast, target);
    // The queued messages go out now, each naming the state the complaint is in when it is sent.
    await runScheduler();
    await runScheduler();
    const mine = (await c.get<Message[]>(`/local/openapi/messages?touser=${owner}`)).filter((m) => m.data.character_string1?.value === number);
    // 自动办结 comes by the clock: what was sent before it named 待评价, the last one how it ended.
    const since = target.closure?.reason === 'auto_closed' ? mine.slice(-1) : mine;
    sent.push([stateName(target), [...new Set(since.map(phraseOf))]]);
    if (target.status === 'submitted') expect(mine.map((m) => m.data.thing2!.value)).toEqual(['投诉已提交']);
  }
  expect(sent).toEqual(EVERY_STATE.map((s) => [stateName(s), [statePhrase(s)]]));
});
