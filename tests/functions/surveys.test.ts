// 满意度调查 through the real api function (seed 002 标准4, 要求(5)(11)): a manager creates a survey,
// owners answer once per household, the results equal an independent computation and sit beside the
// previous survey's, publishing is one action after the survey closed, owners read the published
// results — and an anonymous survey never tells anyone who answered what.
import { ownerMember, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const csHead = { _id: 'openid-cs-head', kind: 'staff', name: '客服部刘主管', phone: '13700000021', role: 'department_head', communityIds: ['community-a'], department: 'customer_service', active: true };
const owners = Array.from({ length: 4 }, (_x, i) => ownerMember(`openid-survey-${i}`, `业主${i}`, `1380000100${i}`, `r-s-${i}`));

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([csHead, ...owners]);
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 20 });
  await c.db.collection('rooms').add(owners.map((o, i) => ({ _id: o.rooms[0].roomId, communityId: 'community-a', building: '2', unit: '1', room: `20${i}`, residentPhones: [o.phone] })));
  await c.post('/local/clock', { set: '2026-11-02T10:00:00+08:00' });
});
afterAll(() => c.stop());

type Results = { households: number; responses: number; responseRate: number | null; average: number | null; topics: Array<{ topic: string; answered: number; average: number | null; satisfiedRate: number | null; distribution: number[] }> };
const writes = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;
const create = async (title: string, anonymous: boolean, opensOn: string, closesOn: string) => {
  const r = await c.call<{ id: string }>(csHead._id, { action: 'survey.create', communityId: 'community-a', title, opensOn, closesOn, anonymous, topics: ['security', 'cleaning', 'repair'] });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
};
const answer = (who: string, surveyId: string, scores: [number, number, number], comment = '') =>
  c.call(who, {
    action: 'survey.answer',
    surveyId,
    answers: [
      { topic: 'security', score: scores[0], comment },
      { topic: 'cleaning', score: scores[1] },
      { topic: 'repair', score: scores[2] },
    ],
  });

/** The figures computed here, independently of domain/surveys.ts. */
function expected(households: number, given: Array<[number, number, number]>) {
  const labels: Record<string, string> = { security: '保安', cleaning: '保洁', repair: '维修' };
  const topics = ['security', 'cleaning', 'repair'].map((topic, t) => {
    const scores = given.map((g) => g[t]!);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    return { topic, label: labels[topic], answered: scores.length, average: Math.round(mean * 100) / 100, satisfiedRate: Math.round((scores.filter((s) => s >= 4).length / scores.length) * 10000) / 10000, distribution: [1, 2, 3, 4, 5].map((k) => scores.filter((s) => s === k).length) };
  });
  const all = given.flat();
  return { households, responses: given.length, responseRate: given.length / households, average: Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 100) / 100, topics };
}

let first = '';
let second = '';

it('owners are invited on the home page and answer once per household; a second answer is refused, writing nothing', async () => {
  first = await create('2026年第四季度满意度调查', false, '2026-11-01', '2026-11-10');
  const mine = await c.call<{ open: Array<{ id: string; title: string; roomsToAnswer: string[] }> }>(owners[0]!._id, { action: 'survey.mine' });
  expect(mine).toMatchObject({ ok: true, data: { open: [{ id: first, title: '2026年第四季度满意度调查', roomsToAnswer: ['r-s-0'] }] } });
  expect(await answer(owners[0]!._id, first, [5, 4, 2], '夜间巡逻很到位')).toMatchObject({ ok: true });
  expect(await answer(owners[1]!._id, first, [3, 4, 1])).toMatchObject({ ok: true });
  await c.post('/local/counters/reset', {});
  const again = await answer(owners[0]!._id, first, [1, 1, 1]);
  expect(again).toMatchObject({ ok: false, code: 'CONFLICT', message: '您家已经答过这份调查了，每户只能答一次' });
  expect(await writes()).toBe(0);
  // Answered: no longer on the home page card.
  expect(await c.call(owners[0]!._id, { action: 'survey.mine' })).toMatchObject({ ok: true, data: { open: [] } });
});

it('gives results per question and topic equal to an independent computation, with the response rate', async () => {
  const r = await c.call<{ results: Results; comments: Array<{ text: string; room: string | null }>; previous: unknown }>(csHead._id, { action: 'survey.results', surveyId: first });
  if (!r.ok) throw new Error(JSON.stringify(r));
  expect(r.data.results).toEqual(expect.objectContaining(expected(20, [[5, 4, 2], [3, 4, 1]])));
  expect(r.data.results.responseRate).toBe(0.1);
  // A named survey: managers see whose comment it is.
  expect(r.data.comments).toEqual([{ topic: 'security', text: '夜间巡逻很到位', room: '2栋1单元200' }]);
  expect(r.data.previous).toBeNull();
});

it('publishes the results in one action once the survey closed, and owners then read them', async () => {
  await c.post('/local/counters/reset', {});
  expect(await c.call(csHead._id, { action: 'survey.publish', surveyId: first })).toMatchObject({ ok: false, message: '调查结束后才能公布结果' });
  expect(await writes()).toBe(0);
  expect(await c.call(owners[2]!._id, { action: 'survey.results', surveyId: first })).toMatchObject({ ok: false, message: '调查结果还没有公布' });
  await c.post('/local/clock', { set: '2026-11-11T09:00:00+08:00' });
  expect(await answer(owners[2]!._id, first, [5, 5, 5])).toMatchObject({ ok: false, message: '调查已经结束' });
  expect(await c.call(csHead._id, { action: 'survey.publish', surveyId: first })).toMatchObject({ ok: true, data: { published: true } });
  expect(await c.call(csHead._id, { action: 'survey.publish', surveyId: first })).toMatchObject({ ok: false, code: 'CONFLICT' });
  const seen = await c.call<{ results: Results; comments: unknown[] }>(owners[2]!._id, { action: 'survey.results', surveyId: first });
  if (!seen.ok) throw new Error(JSON.stringify(seen));
  expect(seen.data.results).toEqual(expect.objectContaining(expected(20, [[5, 4, 2], [3, 4, 1]])));
  // Owners get the figures, not the comments.
  expect(seen.data.comments).toEqual([]);
  expect(await c.call(owners[2]!._id, { action: 'survey.mine' })).toMatchObject({ ok: true, data: { published: [{ id: first, status: 'published' }] } });
});

it('an anonymous survey stores and shows nobody’s name or room, and compares with the previous survey', async () => {
  second = await create('2026年12月匿名调查', true, '2026-11-11', '2026-11-30');
  expect(await answer(owners[0]!._id, second, [4, 4, 4], '保安态度好')).toMatchObject({ ok: true });
  expect(await answer(owners[3]!._id, second, [2, 5, 3])).toMatchObject({ ok: true });
  expect(await answer(owners[3]!._id, second, [2, 5, 3])).toMatchObject({ ok: false, code: 'CONFLICT' });
  const { data: stored } = await c.db.collection('survey_answers').where({ surveyId: second }).get();
  const text = JSON.stringify(stored);
  for (const o of [owners[0]!, owners[3]!]) {
    expect(text).not.toContain(o._id);
    expect(text).not.toContain(o.rooms[0].roomId);
    expect(text).not.toContain(o.name);
  }
  expect(stored.every((a) => Object.keys(a as object).sort().join() === '_id,answers,surveyId')).toBe(true);
  const r = await c.call<{ results: Results; comments: Array<{ room: string | null }>; previous: { id: string; results: Results } }>(csHead._id, { action: 'survey.results', surveyId: second });
  if (!r.ok) throw new Error(JSON.stringify(r));
  expect(r.data.results).toEqual(expect.objectContaining(expected(20, [[4, 4, 4], [2, 5, 3]])));
  expect(r.data.comments).toEqual([{ topic: 'security', text: '保安态度好', room: null }]);
  expect(r.data.previous).toMatchObject({ id: first, results: expected(20, [[5, 4, 2], [3, 4, 1]]) });
});

it.each([
  ['a survey that ends before it starts', { opensOn: '2026-11-20', closesOn: '2026-11-19' }, '结束日期不能早于开始日期'],
  ['a survey that ended already', { opensOn: '2026-11-01', closesOn: '2026-11-05' }, '结束日期不能早于今天'],
  ['a question asked twice', { topics: ['repair', 'repair'] }, '题目重复'],
])('refuses %s, writing nothing', async (_name, extra, message) => {
  await c.post('/local/counters/reset', {});
  const r = await c.call(csHead._id, { action: 'survey.create', communityId: 'community-a', title: '调查', opensOn: '2026-11-11', closesOn: '2026-11-30', anonymous: false, ...extra });
  expect(r).toMatchObject({ ok: false, message: expect.stringContaining(message) });
  expect(await writes()).toBe(0);
});

it('refuses answers to questions not asked, and surveys of another community, writing nothing', async () => {
  await c.post('/local/counters/reset', {});
  expect(await c.call(owners[1]!._id, { action: 'survey.answer', surveyId: second, answers: [{ topic: 'culture', score: 3 }] })).toMatchObject({ ok: false, message: '回答了调查中没有的题目' });
  expect(await c.call(people.strangerStaff._id, { action: 'survey.results', surveyId: second })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await c.call(people.reception._id, { action: 'survey.create', communityId: 'community-a', title: '调查', opensOn: '2026-11-11', closesOn: '2026-11-30', anonymous: false })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await writes()).toBe(0);
});

const SURVEY_TEMPLATE = 'TPL_SURVEY_INVITE';
const runScheduler = () => c.post<{ result: { sent: number; noCredit: number; failed: number; conflicts: number } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);
const invitations = async (openid: string) => (await c.get<Array<{ templateId: string; page: string; data: Record<string, { value: string }> }>>(`/local/openapi/messages?touser=${openid}`)).filter((m) => m.templateId === SURVEY_TEMPLATE);

it('invites by message, when the survey opens, each owner who accepted the template — once, across overlapping scheduler runs; the others see the home card', async () => {
  await c.post('/local/clock', { set: '2026-12-01T09:00:00+08:00' });
  // Owners 0 and 1 accept the survey template in the mini-program (WeChat's credit and our ledger); owner 2 does not.
  for (const o of [owners[0]!, owners[1]!]) {
    await c.post('/local/openapi/subscriptions', { openid: o._id, results: { [SURVEY_TEMPLATE]: 'accept' } });
    expect(await c.call(o._id, { action: 'subscription.record', results: { [SURVEY_TEMPLATE]: 'accept' } })).toMatchObject({ ok: true });
  }
  const survey = await create('2026年12月满意度调查', true, '2026-12-03', '2026-12-10');
  // Not open yet: nothing is sent.
  expect((await runScheduler()).failed).toBe(0);
  expect(await invitations(owners[0]!._id)).toEqual([]);

  await c.post('/local/clock', { set: '2026-12-03T08:00:00+08:00' });
  const overlapping = await Promise.all([runScheduler(), runScheduler()]);
  expect(overlapping.map((r) => r.failed)).toEqual([0, 0]);
  await runScheduler();
  for (const o of [owners[0]!, owners[1]!]) {
    expect(await invitations(o._id)).toEqual([expect.objectContaining({ page: `pages/survey/index?id=${survey}`, data: { thing1: { value: '2026年12月满意度调查' }, thing2: { value: '阳光花园' }, date3: { value: '2026-12-10' } } })]);
  }
  // Without a credit: no message (not even a failing one), and the survey waits on 首页.
  expect(await invitations(owners[2]!._id)).toEqual([]);
  expect(await c.call(owners[2]!._id, { action: 'survey.mine' })).toMatchObject({ ok: true, data: { open: [{ id: survey, title: '2026年12月满意度调查' }] } });
  const { data } = await c.db.collection('survey_invitations').doc(survey).get();
  const outbox = (data[0] as { outbox: Array<{ status: string; touser?: string }> }).outbox;
  expect(outbox.map((e) => [e.touser, e.status]).sort()).toEqual([
    [owners[0]!._id, 'sent'],
    [owners[1]!._id, 'sent'],
  ]);
  // The spent credit is on the ledger: the next survey waits for a new one.
  const { data: ledger } = await c.db.collection('credits').doc(`${owners[0]!._id}:${SURVEY_TEMPLATE}`).get();
  expect(ledger[0]).toMatchObject({ count: 0 });
});

it('invites the family and tenants the owner took in as well, and any of them answers once for the household (issue 28.5)', async () => {
  await c.post('/local/clock', { set: '2026-12-11T09:00:00+08:00' });
  const owner = owners[3]!;
  const family = { _id: 'openid-survey-family', name: '业主3的女儿', phone: '13800001013' };
  const tenant = { _id: 'openid-survey-tenant', name: '业主0的租户', phone: '13800001014' };
  for (const [who, inviter, relation] of [
    [family, owner, 'family'],
    [tenant, owners[0]!, 'tenant'],
  ] as const) {
    const invited = await c.call<{ code: string }>(inviter._id, { action: 'household.invite', roomId: inviter.rooms[0].roomId, relation });
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    expect(await c.call(who._id, { action: 'household.join', code: invited.data.code, name: who.name, phone: who.phone })).toMatchObject({ ok: true });
    await c.post('/local/openapi/subscriptions', { openid: who._id, results: { [SURVEY_TEMPLATE]: 'accept' } });
    expect(await c.call(who._id, { action: 'subscription.record', results: { [SURVEY_TEMPLATE]: 'accept' } })).toMatchObject({ ok: true });
  }
  const survey = await create('2027年1月满意度调查', false, '2026-12-11', '2026-12-20');
  await Promise.all([runScheduler(), runScheduler()]);
  await runScheduler();
  for (const who of [family, tenant]) expect(await invitations(who._id)).toEqual([expect.objectContaining({ page: `pages/survey/index?id=${survey}` })]);
  // One answer per household: the family member answers for the owner's room, and the owner no longer can.
  expect(await answer(family._id, survey, [5, 4, 4])).toMatchObject({ ok: true });
  expect(await answer(owner._id, survey, [3, 3, 3])).toMatchObject({ ok: false });
});
