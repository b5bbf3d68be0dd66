// Rules that lived in several places and disagreed, now in one (domain/), through the real functions:
// a paused clock is never overdue anywhere, the policy's duty-manager flag is obeyed, and one
// corrupt complaint cannot stop the scheduler for everyone.
import { DEFAULT_POLICY } from '../../domain/policy';
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ ...admin });
  await c.post('/local/clock', { set: '2026-11-18T09:00:00+08:00' });
});
afterAll(() => c.stop());

let n = 0;
const submit = async (description = '车库灯不亮', openid: string = people.owner._id) => {
  const r = await c.call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `rules-${n++}-${Date.now()}`, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
};
const act = (openid: string, id: string, command: object) => c.call(openid, { action: 'complaint.command', id, command });
const inbox = async (view: string) => {
  const r = await c.call<{ items: Array<{ id: string; dueAt: string | null }> }>(people.head._id, { action: 'inbox.list', view });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.items;
};

it('a paused complaint is in neither 即将超时 nor 已超时, its card and detail show no running deadline, and it returns when resumed', async () => {
  const id = await submit();
  await act(people.reception._id, id, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id });
  await act(people.handler1._id, id, { type: 'accept' });
  await act(people.handler1._id, id, { type: 'pause', reason: '等待业主在家' });
  // 一般, ordinary: resolve within a working day of acceptance (Wednesday 09:0x) — long past by Friday.
  await c.post('/local/clock', { set: '2026-11-20T17:00:00+08:00' });
  expect((await inbox('overdue')).map((i) => i.id)).not.toContain(id);
  expect((await inbox('due_soon')).map((i) => i.id)).not.toContain(id);
  const card = (await c.call<{ items: Array<{ id: string; dueAt: string | null }> }>(people.handler1._id, { action: 'inbox.list', view: 'mine' })) as { ok: true; data: { items: Array<{ id: string; dueAt: string | null }> } };
  expect(card.data.items.find((i) => i.id === id)).toMatchObject({ dueAt: null });
  expect(await c.call(people.handler1._id, { action: 'complaint.detail', id })).toMatchObject({ ok: true, data: { complaint: { dueAt: null } } });
  const counts = await c.call<Record<string, number>>(people.head._id, { action: 'inbox.counts' });
  expect(counts.ok && counts.data.overdue).toBe(0);
  // Resumed: the deadline runs again, moved by exactly the paused working time, so it is ahead.
  await act(people.handler1._id, id, { type: 'resume' });
  const resumed = (await c.call<{ items: Array<{ id: string; dueAt: string | null }> }>(people.handler1._id, { action: 'inbox.list', view: 'mine' })) as { ok: true; data: { items: Array<{ id: string; dueAt: string | null }> } };
  expect(Date.parse(resumed.data.items.find((i) => i.id === id)!.dueAt!)).toBeGreaterThan(Date.parse('2026-11-20T17:00:00+08:00'));
});

it('a company that turns off 紧急 → 值班经理 at once is obeyed at intake and at triage', async () => {
  await c.post('/local/clock', { set: '2026-11-23T10:00:00+08:00' });
  const policy = structuredClone(DEFAULT_POLICY);
  policy.urgencies.urgent.alertDutyManagerAtOnce = false;
  expect(await c.call(admin._id, { action: 'admin.policy.set', policy })).toMatchObject({ ok: true });
  const id = await submit('电梯困人，有人被关在里面');
  await act(people.reception._id, id, { type: 'triage', valid: true, category: 'facilities', urgency: 'urgent', complexity: 'ordinary', handlerId: people.handler1._id });
  const { data } = await c.db.collection('complaints').doc(id).get();
  const doc = data[0] as { outbox: Array<{ recipient: { kind: string; role?: string } }>; nextTimerAt: Date | null; suggestedUrgency: string };
  expect(doc.suggestedUrgency).toBe('urgent');
  expect(doc.outbox.filter((e) => e.recipient.role === 'duty_manager')).toEqual([]);
  expect(await c.call(admin._id, { action: 'admin.policy.set', policy: DEFAULT_POLICY })).toMatchObject({ ok: true });
  const alerted = await submit('水管爆裂，水漫到楼道');
  const { data: again } = await c.db.collection('complaints').doc(alerted).get();
  expect((again[0] as typeof doc).outbox.map((e) => e.recipient.role)).toContain('duty_manager');
});

it('one corrupt complaint due first does not stop the scheduler: the real one is reminded, the failure is counted and backed off', async () => {
  await c.post('/local/clock', { set: '2026-11-24T09:00:00+08:00' });
  const real = await submit('楼道灯坏了五天');
  const { data } = await c.db.collection('complaints').doc(real).get();
  const copy = { ...(data[0] as Record<string, unknown>), _id: 'corrupt-copy', number: 'TS20261124-9999', urgency: 'unknown_urgency', suggestedUrgency: 'unknown_urgency', nextTimerAt: new Date('2026-11-20T00:00:00+08:00') };
  await c.db.collection('complaints').add(copy);
  await c.post('/local/clock', { set: '2026-11-28T10:00:00+08:00' });
  const run = async () => (await c.post<{ result: { failed: number; failures: Array<{ id: string }>; timersIssued: number } }>('/local/functions/scheduler/invoke', { data: {} })).result;
  const first = await run();
  // Its timers and its outbox both fail; each is counted and named, and nothing else fails.
  expect(first.failed).toBeGreaterThanOrEqual(1);
  expect(new Set(first.failures.map((f) => f.id))).toEqual(new Set(['corrupt-copy']));
  expect(first.timersIssued).toBeGreaterThan(0);
  const seen = await c.call<{ complaint: { timeline: Array<{ type: string }> } }>(people.reception._id, { action: 'complaint.detail', id: real });
  expect(seen.ok && seen.data.complaint.timeline.filter((e) => e.type === 'reminded' || e.type === 'escalated').length).toBeGreaterThan(0);
  // Backed off: the next run does not trip over it again.
  expect((await run()).failed).toBe(0);
});
