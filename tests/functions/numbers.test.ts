// Numbers under concurrent retries (seed 000 §(六) 编号归档: a gap in a day's numbers looks like a
// deleted complaint). A client that retries before its first try answered sends the same request id
// several times at the same moment; through the real `api` function, round after round, with distinct
// filings and refused ones mixed in: one document per request id, every duplicate answers it, and the
// day's numbers are 1..k with no number spent on a duplicate or a refusal.
import { complaintId } from '../../server/complaints/submit';
import type { Deps } from '../../server/kernel/ports';
import { dailyNumber } from '../../server/complaints/sequences';
import { ownerMember, people, seedPeople, startApi, type ApiCloud } from '../support/api';

const DAY = '20261118';
/** 30 rounds of ~20 calls through four containers: minutes on a loaded machine, hence the tests' timeouts. */
const ROUNDS = 30;
/** Enough owners that none reaches the intake rate limit (5 in 10 minutes) over the rounds. */
const owners = Array.from({ length: 16 }, (_, i) => ownerMember(`openid-numbers-${i}`, `业主${i}`, `1350000${String(i).padStart(4, '0')}`, `room-numbers-${i}`));

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add(owners.map((o) => ({ ...o })));
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

type Answer = { id: string; number: string };
/** One request id sent `copies` times at once (with the group's others), or a request that must be refused. */
interface Group {
  key: string;
  openid: string;
  request: object;
  copies: number;
  refusedWith?: string;
}

/** Fire every copy of every group at once; each group's copies must answer alike (or be refused alike). */
async function fire(groups: Group[]): Promise<Map<string, Answer>> {
  const calls = groups.flatMap((g) => Array.from({ length: g.copies }, () => ({ g, answer: c.call<Answer>(g.openid, g.request) })));
  const results = await Promise.all(calls.map(async ({ g, answer }) => ({ g, r: await answer })));
  const answers = new Map<string, Answer>();
  for (const { g, r } of results) {
    if (g.refusedWith) {
      expect({ key: g.key, r }).toMatchObject({ r: { ok: false, code: g.refusedWith } });
      continue;
    }
    if (!r.ok) throw new Error(`${g.key}: ${JSON.stringify(r)}`);
    const first = answers.get(g.key);
    if (first) expect({ key: g.key, ...r.data }).toMatchObject({ key: g.key, id: first.id, number: first.number });
    else answers.set(g.key, { id: r.data.id, number: r.data.number });
  }
  return answers;
}

/** The numbers of the day, as sequence numbers in order. */
const sequenceOf = (numbers: string[], prefix: string) =>
  numbers
    .filter((n) => n.startsWith(`${prefix}${DAY}-`))
    .map((n) => Number(n.slice(-4)))
    .sort((a, b) => a - b);

/** Exactly the documents the requests answered (one per request id), and the day's numbers 1..k. */
async function expectOnePerRequest(collection: 'complaints' | 'suggestions', prefix: string, answered: Map<string, Answer>): Promise<void> {
  const _ = c.db.command;
  const { data } = await c.db
    .collection(collection)
    .where({ communityId: 'community-a', submittedAt: _.gte(new Date(0)) })
    .limit(1000)
    .get();
  const stored = data as Array<{ _id: string; number: string }>;
  expect(new Map(stored.map((s) => [s._id, s.number]))).toEqual(new Map([...answered.values()].map((a) => [a.id, a.number])));
  expect(sequenceOf(stored.map((s) => s.number), prefix)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
}

const place = { communityId: 'community-a', location: { kind: 'public_area', description: '3栋门口' } };

it('complaint.submit and complaint.record: duplicates at once make one complaint each and spend one number', async () => {
  const answered = new Map<string, Answer>();
  for (let r = 0; r < ROUNDS; r++) {
    const copies = 3 + (r % 3);
    const [a, b] = [owners[(2 * r) % owners.length]!, owners[(2 * r + 1) % owners.length]!];
    const submit = (requestId: string, extra: object = {}) => ({ action: 'complaint.submit', requestId, ...place, description: `路灯不亮 ${requestId}`, ...extra });
    const record = (requestId: string, extra: object = {}) => ({ action: 'complaint.record', requestId, channel: 'phone', complainant: { name: '来电业主', phone: '13600000001' }, ...place, description: `电梯异响 ${requestId}`, ...extra });
    const groups: Group[] = [
      { key: `submit-${r}`, openid: a._id, request: submit(`submit-${r}-dup`), copies },
      { key: `submit-${r}-solo`, openid: b._id, request: submit(`submit-${r}-solo`), copies: 1 },
      { key: `record-${r}`, openid: people.reception._id, request: record(`record-${r}-dup`), copies },
      // Refused ones spend no number either: a risky text, an unknown category.
      { key: `submit-${r}-risky`, openid: b._id, request: submit(`submit-${r}-risky`, { description: '这里有人赌博' }), copies: 2, refusedWith: 'CONTENT_RISKY' },
      { key: `record-${r}-invalid`, openid: people.reception._id, request: record(`record-${r}-invalid`, { suggestedCategory: 'weather' }), copies: 2, refusedWith: 'VALIDATION' },
      { key: `record-${r}-solo`, openid: people.reception._id, request: record(`record-${r}-solo`), copies: 1 },
    ];
    for (const [key, answer] of await fire(groups)) answered.set(key, answer);
  }
  expect(answered.size).toBe(4 * ROUNDS);
  await expectOnePerRequest('complaints', 'TS', answered);
}, 180_000);

it('a try that claimed its number and died before its insert: the retries file the complaint under that number', async () => {
  const requestId = 'claimed-then-died';
  // The claim of the try that died, made as the function makes it.
  const claimed = await dailyNumber({ db: c.db } as unknown as Deps, 'complaint', 'TS', complaintId(people.owner._id, requestId), new Date('2026-11-18T10:00:00+08:00'));
  const retry = { action: 'complaint.submit', requestId, ...place, description: '路灯不亮' };
  const answers = await Promise.all([0, 1, 2].map(() => c.call<Answer>(people.owner._id, retry)));
  expect(answers.map((r) => r.ok && r.data.number)).toEqual([claimed, claimed, claimed]);
  const next = await c.call<Answer>(people.reception._id, { action: 'complaint.record', requestId: 'after-the-retry', channel: 'walk_in', complainant: { name: '来访业主', phone: '13600000002' }, ...place, description: '门禁坏了' });
  if (!next.ok) throw new Error(JSON.stringify(next));
  expect(next.data.number).toBe(`TS${DAY}-${String(Number(claimed.slice(-4)) + 1).padStart(4, '0')}`);
});

it('suggestion.submit: duplicates at once make one suggestion each and spend one number', async () => {
  const answered = new Map<string, Answer>();
  for (let r = 0; r < ROUNDS; r++) {
    const [a, b] = [owners[(2 * r) % owners.length]!, owners[(2 * r + 1) % owners.length]!];
    const suggest = (requestId: string, text = `希望多种些花 ${requestId}`) => ({ action: 'suggestion.submit', requestId, topic: 'greening', text });
    const groups: Group[] = [
      { key: `suggest-${r}`, openid: a._id, request: suggest(`suggest-${r}-dup`), copies: 3 + (r % 3) },
      { key: `suggest-${r}-solo`, openid: b._id, request: suggest(`suggest-${r}-solo`), copies: 1 },
      { key: `suggest-${r}-risky`, openid: b._id, request: suggest(`suggest-${r}-risky`, '这里有人赌博'), copies: 2, refusedWith: 'CONTENT_RISKY' },
    ];
    for (const [key, answer] of await fire(groups)) answered.set(key, answer);
  }
  expect(answered.size).toBe(2 * ROUNDS);
  await expectOnePerRequest('suggestions', 'JY', answered);
}, 180_000);
