// The `api` function end to end: the real SDKs inside the real function, against CloudBase Local.
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
});
afterAll(() => c.stop());

let seq = 0;
const requestId = () => `req-${Date.now()}-${seq++}`;
const photo = (openid: string, name: string) => `cloud://${c.env}.local-bucket/complaint-photos/${openid}/${name}`;
const submission = (overrides: object = {}) => ({
  action: 'complaint.submit',
  requestId: requestId(),
  communityId: 'community-a',
  location: { kind: 'room', building: '1', unit: '2', room: '301' },
  description: '卫生间天花板漏水，楼上可能防水层坏了',
  desiredOutcome: '尽快维修',
  photos: [],
  contactTime: '工作日晚上',
  ...overrides,
});

type Detail = { complaint: { id: string; status: string; handlerId: string | null; complainant: { phone: string }; timeline: Array<{ type: string }> }; actions: string[] };

describe('an owner files and follows a complaint through the whole process', () => {
  it('submit → triage → accept → investigate → plan → approve → resolve → rate', async () => {
    const submitted = await c.call<{ id: string; number: string; respondBy: string; nextStep: string }>(people.owner._id, submission());
    expect(submitted).toMatchObject({ ok: true, data: { number: expect.stringMatching(/^TS\d{8}-\d{4}$/), nextStep: expect.any(String) } });
    const id = submitted.ok ? submitted.data.id : '';

    const act = (openid: string, command: object) => c.call<Detail>(openid, { action: 'complaint.command', id, command });
    const triaged = await act(people.reception._id, { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary' });
    // Engineering assigns by least load; with equal loads the turn goes to the never-assigned, by id.
    expect(triaged).toMatchObject({ ok: true, data: { complaint: { status: 'assigned', handlerId: people.handler1._id } } });
    const handler = triaged.ok ? triaged.data.complaint.handlerId! : '';

    expect(await act(handler, { type: 'accept' })).toMatchObject({ ok: true, data: { complaint: { status: 'accepted' } } });
    expect(await act(handler, { type: 'investigate', findings: '楼上防水层破损', photos: [], responsibleParty: 'property' })).toMatchObject({ ok: true });
    const planned = await act(handler, { type: 'plan', description: '重做防水', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 800 });
    expect(planned).toMatchObject({ ok: true, data: { complaint: { status: 'awaiting_approval' } } });
    // 重要 plans go to the department head (seed 001 第四节六).
    expect(await act(people.head._id, { type: 'approve_plan', comment: '同意' })).toMatchObject({ ok: true, data: { complaint: { status: 'in_progress' } } });
    expect(await act(handler, { type: 'resolve', result: '已修复', photos: [] })).toMatchObject({ ok: true, data: { complaint: { status: 'resolved' } } });

    const ownerView = await c.call<Detail>(people.owner._id, { action: 'complaint.detail', id });
    expect(ownerView).toMatchObject({ ok: true, data: { actions: expect.arrayContaining(['rate', 'reopen']) } });
    expect(await act(people.owner._id, { type: 'rate', score: 5, comment: '很满意' })).toMatchObject({ ok: true, data: { complaint: { status: 'closed' } } });

    const mine = await c.call<{ items: Array<{ id: string; status: string }> }>(people.owner._id, { action: 'complaint.mine', status: 'closed' });
    expect(mine.ok && mine.data.items.map((i) => i.id)).toContain(id);
  });
});

describe('scope and privacy', () => {
  let id = '';
  beforeAll(async () => {
    const r = await c.call<{ id: string }>(people.owner._id, submission());
    id = r.ok ? r.data.id : '';
  });

  it("owner B cannot read owner A's complaint; staff of another community cannot either", async () => {
    expect(await c.call(people.otherOwner._id, { action: 'complaint.detail', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(people.strangerStaff._id, { action: 'complaint.detail', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it("staff see the owner's phone masked", async () => {
    const r = await c.call<Detail>(people.reception._id, { action: 'complaint.detail', id });
    expect(r.ok && r.data.complaint.complainant.phone).toBe('138****8000');
  });

  it('an owner cannot triage; a stranger openid is not bound', async () => {
    expect(await c.call(people.owner._id, { action: 'complaint.command', id, command: { type: 'triage', valid: false, explanation: 'x' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call('openid-nobody', { action: 'complaint.detail', id })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });

  it("photos must be the caller's own uploads", async () => {
    expect(await c.call(people.owner._id, submission({ photos: [photo(people.otherOwner._id, 'x.jpg')] }))).toMatchObject({ ok: false, code: 'PHOTO_NOT_YOURS' });
  });

  it('risky text is refused by the content check', async () => {
    expect(await c.call(people.owner._id, submission({ description: '楼下有人聚众赌博，吵得睡不着' }))).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
  });
});

describe('intake urgency: suggested from the text, never chosen by the owner (seed 000 §(二))', () => {
  it('the read-back preview suggests 紧急 for 电梯困人 with a 15-minute first response, and writes nothing', async () => {
    await c.post('/local/counters/reset', {});
    const { now } = await c.get<{ now: string }>('/local/clock');
    const r = await c.call(people.owner._id, { action: 'complaint.preview', communityId: 'community-a', description: '3号楼 电梯 困人，有老人在里面' });
    expect(r).toMatchObject({ ok: true, data: { suggestedUrgency: 'urgent', matchedKeywords: ['电梯困人'] } });
    const dueIn = Date.parse(r.ok ? (r.data as { respondBy: string }).respondBy : '') - Date.parse(now);
    expect(dueIn).toBeGreaterThanOrEqual(15 * 60_000);
    expect(dueIn).toBeLessThan(15 * 60_000 + 5_000);
    expect((await c.get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
    expect(await c.call(people.owner._id, { action: 'complaint.preview', communityId: 'community-b', description: '电梯困人' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('the read-back for staff recording a call gives the deadline of the urgency they judged', async () => {
    const { now } = await c.get<{ now: string }>('/local/clock');
    const r = await c.call(people.reception._id, { action: 'complaint.preview', communityId: 'community-a', description: '楼道里有很重的焦糊味', urgency: 'urgent' });
    expect(r).toMatchObject({ ok: true, data: { suggestedUrgency: 'normal', matchedKeywords: [] } });
    const dueIn = Date.parse(r.ok ? (r.data as { respondBy: string }).respondBy : '') - Date.parse(now);
    expect(dueIn).toBeGreaterThanOrEqual(15 * 60_000);
    expect(dueIn).toBeLessThan(15 * 60_000 + 5_000);
  });

  it("an owner's own urgency field is ignored: the text decides, so nobody alerts the duty manager by choice", async () => {
    const owner = { ...people.owner, _id: 'openid-owner-urgency' };
    await c.db.collection('members').add(owner);
    const urgent = await c.call<{ id: string }>(owner._id, submission({ description: '地下室水管爆裂，水漫进车库', suggestedUrgency: 'normal' }));
    const ordinary = await c.call<{ id: string }>(owner._id, submission({ description: '楼道灯不亮', suggestedUrgency: 'urgent' }));
    const urgencyOf = async (r: typeof urgent) => {
      const d = await c.call<{ complaint: { suggestedUrgency: string } }>(people.reception._id, { action: 'complaint.detail', id: r.ok ? r.data.id : '' });
      return d.ok ? d.data.complaint.suggestedUrgency : d.code;
    };
    expect(await urgencyOf(urgent)).toBe('urgent');
    expect(await urgencyOf(ordinary)).toBe('normal');
  });
});

describe("the owner's category from the intake grid", () => {
  it('is kept as a suggestion for triage; an unknown category is refused and nothing is written', async () => {
    const owner = { ...people.owner, _id: 'openid-owner-category' };
    await c.db.collection('members').add(owner);
    const r = await c.call<{ id: string }>(owner._id, submission({ suggestedCategory: 'cleaning_greening' }));
    const d = await c.call<{ complaint: { suggestedCategory: string; category: string | null } }>(people.reception._id, { action: 'complaint.detail', id: r.ok ? r.data.id : '' });
    expect(d).toMatchObject({ ok: true, data: { complaint: { suggestedCategory: 'cleaning_greening', category: null } } });
    await c.post('/local/counters/reset', {});
    expect(await c.call(owner._id, submission({ suggestedCategory: 'no_such_category' }))).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect((await c.get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
  });
});

describe('assignment within a department', () => {
  it('rotation and least load pick handlers only; a department head takes a complaint only when named', async () => {
    const owner = { ...people.owner, _id: 'openid-owner-assign' };
    await c.db.collection('members').add(owner);
    const triage = async (handlerId?: string) => {
      const r = await c.call<{ id: string }>(owner._id, submission());
      const id = r.ok ? r.data.id : '';
      const command = { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', ...(handlerId ? { handlerId } : {}) };
      const d = await c.call<Detail>(people.reception._id, { action: 'complaint.command', id, command });
      return d.ok ? d.data.complaint.handlerId : d.code;
    };
    const automatic = [await triage(), await triage(), await triage()];
    expect(automatic.every((h) => h === people.handler1._id || h === people.handler2._id)).toBe(true);
    expect(await triage(people.head._id)).toBe(people.head._id);
  });
});

describe('faults', () => {
  it('the same request id sent 10 times at once → one complaint', async () => {
    const same = submission();
    const results = await Promise.all(Array.from({ length: 10 }, () => c.call<{ id: string }>(people.otherOwner._id, same)));
    const ids = new Set(results.map((r) => (r.ok ? r.data.id : r.code)));
    expect(ids.size).toBe(1);
    const mine = await c.call<{ items: unknown[] }>(people.otherOwner._id, { action: 'complaint.mine' });
    expect(mine.ok && mine.data.items).toHaveLength(1);
  });

  it('two staff accepting at once → exactly one wins', async () => {
    const r = await c.call<{ id: string }>(people.owner._id, submission());
    const id = r.ok ? r.data.id : '';
    await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
    const [a, b] = await Promise.all([
      c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } }),
      c.call(people.head._id, { action: 'complaint.command', id, command: { type: 'accept' } }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser).toMatchObject({ ok: false, code: expect.stringMatching(/^(ILLEGAL_TRANSITION|CONFLICT)$/) });
  });

  it.each([
    ['no action', {}],
    ['an unknown action', { action: 'complaint.explode' }],
    ['a missing field', { action: 'complaint.submit', requestId: 'abcdefgh' }],
    ['a wrong type', { action: 'complaint.detail', id: 42 }],
    ['an injection-looking id', { action: 'complaint.detail', id: { $ne: null } }],
    ['an unknown command', { action: 'complaint.command', id: 'x', command: { type: 'teleport' } }],
    ['a score out of range', { action: 'complaint.command', id: 'x', command: { type: 'rate', score: 9 } }],
    ['an overlong description', submissionRaw({ description: '长'.repeat(2001) })],
  ])('%s → a clear error, no write, no crash', async (_what, request) => {
    await c.post('/local/counters/reset', {});
    const r = await c.call(people.owner._id, request);
    expect(r).toMatchObject({ ok: false, code: expect.stringMatching(/^(BAD_REQUEST|UNKNOWN_ACTION|VALIDATION)$/), message: expect.any(String) });
    const counters = await c.get<{ total: { writes: number } }>('/local/counters');
    expect(counters.total.writes).toBe(0);
  });
});

function submissionRaw(overrides: object) {
  return { action: 'complaint.submit', requestId: 'abcdefgh-1', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: 'x', ...overrides };
}

describe('handbook rules through the functions', () => {
  const file = async (description: string) => {
    const r = await c.call<{ id: string; respondBy: string }>(people.owner._id, submission({ description }));
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data;
  };

  it('a 重要 complaint on the last working day before 国庆 is due the next working day after the holiday (seed 000 §(二))', async () => {
    await c.post('/local/clock', { set: '2026-09-30T16:00:00+08:00' });
    const { id } = await file('电梯按钮失灵');
    const r = await c.call<Detail & { complaint: { respondBy: string } }>(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'facilities', urgency: 'important', complexity: 'ordinary', handlerId: people.handler1._id } });
    // 2 working hours on Sept 30, the rest on Oct 8 (Oct 1–7 is the holiday).
    expect(r.ok && r.data.complaint.respondBy.slice(0, 16)).toBe(new Date('2026-10-08T16:00:00+08:00').toISOString().slice(0, 16));
    await c.post('/local/clock', { set: new Date().toISOString() });
  });

  it('an ordinary complaint accepted Monday 09:10 is due at that day’s close, 18:00 (seed 003 (6) 普通投诉的处理一般不过当日); a policy stored before keeps its one working day', async () => {
    // Filed by the other owner, so the first owner's filings in the tests below stay under the rate limit.
    const acceptAt = async (when: string) => {
      await c.post('/local/clock', { set: when });
      const filed = await c.call<{ id: string }>(people.otherOwner._id, submission({ description: '楼道灯不亮', location: { kind: 'room', building: '3', unit: '1', room: '101' } }));
      const id = filed.ok ? filed.data.id : '';
      await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
      await c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } });
      const r = await c.call<{ complaint: { resolveBy: string; dueAt: string; resolveWithin: object } }>(people.handler1._id, { action: 'complaint.detail', id });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.data.complaint;
    };
    const sameDay = await acceptAt('2026-11-16T09:10:00+08:00');
    expect(sameDay).toMatchObject({ resolveBy: new Date('2026-11-16T18:00:00+08:00').toISOString(), dueAt: new Date('2026-11-16T18:00:00+08:00').toISOString(), resolveWithin: { kind: 'end_of_working_day' } });

    // A policy saved before 当日办结 existed, with a duration for ordinary complaints, is still accepted and applied.
    await c.db.collection('members').add({ ...admin });
    type Policy = { resolution: Record<string, object> };
    const current = await c.call<{ policy: Policy }>(admin._id, { action: 'admin.policy.get' });
    const inForce = current.ok ? current.data.policy : null;
    const old = { ...inForce, resolution: { ordinary: { amount: 1, unit: 'working_days' }, special: { amount: 3, unit: 'days' } } };
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy: old })).toMatchObject({ ok: true });
    const stored = await acceptAt('2026-11-23T09:10:00+08:00');
    // The local clock runs on from 09:10, so the minute is compared.
    expect(stored.resolveBy.slice(0, 16)).toBe(new Date('2026-11-24T09:10:00+08:00').toISOString().slice(0, 16));
    expect(stored.resolveWithin).toEqual({ amount: 1, unit: 'working_days' });
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy: inForce })).toMatchObject({ ok: true });
    await c.post('/local/clock', { set: new Date().toISOString() });
  });

  it('an invalid complaint: the owner reads the written explanation (seed 001 第二节二)', async () => {
    const { id } = await file('小区外马路上的路灯不亮');
    const explanation = '小区外市政道路路灯由市政部门管理，已帮您联系12345热线登记。';
    await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: false, explanation } });
    const r = await c.call<{ complaint: { status: string; closure: { reason: string; explanation: string } } }>(people.owner._id, { action: 'complaint.detail', id });
    expect(r).toMatchObject({ ok: true, data: { complaint: { status: 'closed', closure: { reason: 'invalid', explanation } } } });
  });

  it('an unsatisfied rating reopens it to the same handler', async () => {
    const { id } = await file('垃圾桶破损');
    const act = (openid: string, command: object) => c.call<Detail>(openid, { action: 'complaint.command', id, command });
    await act(people.reception._id, { type: 'triage', valid: true, category: 'cleaning_greening', urgency: 'normal', complexity: 'ordinary', department: 'engineering', handlerId: people.handler2._id });
    await act(people.handler2._id, { type: 'accept' });
    await act(people.handler2._id, { type: 'investigate', findings: '桶身开裂', photos: [], responsibleParty: 'property' });
    await act(people.handler2._id, { type: 'plan', description: '更换', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 0 });
    await act(people.handler2._id, { type: 'resolve', result: '已更换', photos: [] });
    const rated = await act(people.owner._id, { type: 'rate', score: 1, comment: '换的是旧桶' });
    // Owners see the state, not which colleague has it; staff see the same handler again.
    expect(rated).toMatchObject({ ok: true, data: { complaint: { status: 'accepted', handlerId: null } } });
    const seen = await c.call<Detail>(people.head._id, { action: 'complaint.detail', id });
    expect(seen).toMatchObject({ ok: true, data: { complaint: { status: 'accepted', handlerId: people.handler2._id } } });
  });
});
