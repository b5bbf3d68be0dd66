// Statistics facts (server/statistics/days.ts) and totals (server/statistics/totals.ts) through the real functions: after a random history
// of complaints — filed, triaged, worked, paused, resolved, rated, reopened, withdrawn, called back,
// with the clock moving between steps — the day documents kept incrementally by the complaint writes
// equal a full recomputation (stats.rebuild), stats.monthly equals the domain's figures over every
// complaint as the database holds it, and the company dashboard's totals after a scheduler run equal them.
import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../domain/policy';
import { factsOf, monthlyStatistics, type ComplaintFacts } from '../../domain/statistics';
import { complaints } from '../../server/complaints/store';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add({ _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: ['community-a'], department: 'management', active: true });
});
afterAll(() => c.stop());

type Step =
  | { kind: 'submit'; by: 0 | 1; text: number }
  | { kind: 'wait'; minutes: number }
  | { kind: 'act'; target: number; command: number; score: number };

const OWNERS = [people.owner, people.otherOwner] as const;
const reception = people.reception._id;
const handler = people.handler1._id;

/**
 * The next step a person takes on a complaint in `status` (paused or not), `choice` picking among the
 * branches: staff work it through, owners rate high or low (a low rating reopens it), 客服 call back.
 */
function nextStep(status: string, paused: boolean, choice: number, score: number, owner: string): [string, object] | null {
  if (paused) return [handler, { type: 'resume' }];
  switch (status) {
    case 'submitted':
      return choice % 6 === 0 ? [reception, { type: 'triage', valid: false, explanation: '不属于物业职责，已说明' }] : choice % 6 === 1 ? [owner, { type: 'withdraw', reason: '' }] : [reception, { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: handler }];
    case 'assigned':
      return [handler, { type: 'accept' }];
    case 'accepted':
      return [handler, { type: 'investigate', findings: '查明原因', photos: [], responsibleParty: 'property' }];
    case 'investigated':
      return [handler, { type: 'plan', description: '更换配件', expectedCompletionAt: '2026-12-31T10:00:00+08:00', estimatedCost: 0 }];
    case 'in_progress':
      return choice % 4 === 0 ? [handler, { type: 'pause', reason: '等业主在家' }] : [handler, { type: 'resolve', result: '已修好', photos: [] }];
    case 'resolved':
      return choice % 3 === 0 ? [reception, { type: 'record_callback', outcome: score >= 4 ? 'satisfied' : 'unsatisfied', note: '电话回访', score }] : [owner, { type: 'rate', score, comment: score <= 2 ? '还是不行，没有修好' : '' }];
    default:
      return null;
  }
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('submit' as const), by: fc.constantFrom(0 as const, 1 as const), text: fc.nat(999) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 5, max: 3 * 24 * 60 }) }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('act' as const), target: fc.nat(), command: fc.nat(11), score: fc.integer({ min: 1, max: 5 }) }) },
);

/** Numbers to 9 places, so sums taken in another order compare equal. */
const rounded = (v: unknown): unknown =>
  typeof v === 'number' ? Number(v.toFixed(9)) : Array.isArray(v) ? v.map(rounded) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)])) : v;

async function allFacts(): Promise<ComplaintFacts[]> {
  const _ = c.db.command;
  const { data } = await c.db.collection('complaints').where({ communityId: 'community-a', submittedAt: _.gte(new Date(0)) }).limit(1000).get();
  return complaints.fromDocs(data).map((s) => factsOf(s.state));
}

async function summaries(months: string[]): Promise<Record<string, unknown>> {
  const _ = c.db.command;
  const ids = months.flatMap((m) => Array.from({ length: 31 }, (_x, d) => `community-a:${m}-${String(d + 1).padStart(2, '0')}`));
  const { data } = await c.db.collection('stat_days').where({ _id: _.in(ids) }).limit(1000).get();
  // Facts only: an entry's version is the last write that changed a fact (outbox-only writes fold nothing), a rebuild's the current one.
  const facts = (c: Record<string, { v: number }>) => Object.fromEntries(Object.entries(c).map(([id, { v: _v, ...f }]) => [id, f]));
  return Object.fromEntries((data as Array<{ _id: string; c: Record<string, { v: number }> }>).map((d) => [d._id, facts(d.c)]));
}

let run = 0;
it('keeps summaries that equal a full recomputation after a random history', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 40, maxLength: 80 }), async (steps) => {
      // Each run starts in a month of its own; the look-back still sees the runs before it.
      run++;
      await c.post('/local/clock', { set: `2026-${String(2 + run * 2).padStart(2, '0')}-20T09:00:00+08:00` });
      const filed: Array<{ id: string; owner: string; status: string; paused: boolean }> = [];
      for (const s of steps) {
        if (s.kind === 'wait') await c.post('/local/clock', { advanceMs: s.minutes * 60_000 });
        else if (s.kind === 'submit') {
          const owner = OWNERS[s.by]._id;
          const r = await c.call<{ id: string }>(owner, { action: 'complaint.submit', requestId: `prop-${run}-${filed.length}-${s.text}`, communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: `门口灯坏了 ${s.text}` });
          if (r.ok) filed.push({ id: r.data.id, owner, status: 'submitted', paused: false });
        } else if (filed.length > 0) {
          const target = filed[s.target % filed.length]!;
          const next = nextStep(target.status, target.paused, s.command, s.score, target.owner);
          if (!next) continue;
          const r = await c.call<{ complaint: { status: string; pause: unknown } }>(next[0], { action: 'complaint.command', id: target.id, command: next[1] });
          if (r.ok) Object.assign(target, { status: r.data.complaint.status, paused: r.data.complaint.pause !== null && r.data.complaint.pause !== undefined });
        }
      }
      const now = new Date((await c.get<{ now: string }>('/local/clock')).now);
      const facts = await allFacts();
      const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
      const monthsLocal = [...new Set(facts.map((f) => local(f.submittedAt)))].sort();
      expect(monthsLocal.length).toBeGreaterThan(0);
      const expectedOf = (m: string) => {
        const [year, month] = m.split('-').map(Number) as [number, number];
        const first = new Date(`${m}-01T00:00:00+08:00`);
        const next = new Date(first.getFullYear(), first.getMonth() + 1, 1);
        const window = facts.filter((f) => f.submittedAt.getTime() >= first.getTime() - 60 * 86_400_000 && f.submittedAt < next);
        return { year, month, window, figures: monthlyStatistics(DEFAULT_POLICY, window, { year, month }, now) };
      };
      const monthly = async (m: string) => {
        const { year, month, window, figures: expected } = expectedOf(m);
        const r = await c.call<Record<string, unknown>>('openid-gm', { action: 'stats.monthly', communityId: 'community-a', year, month });
        if (!r.ok) throw new Error(JSON.stringify(r));
        const { complaintsRead, complete, missing, schedulerLastRunAt: _s, schedulerAlarms: _a, definitions: _d, communication: _c, trend: _t, targets: _g, ...figures } = r.data;
        expect({ complaintsRead, complete, missing }).toEqual({ complaintsRead: window.length, complete: true, missing: 0 });
        // Recurring issues are counted on the dashboard; their complaints are the workbook's.
        expect(rounded(figures)).toEqual(rounded({ ...expected, recurring: expected.recurring.map(({ complaintIds, ...issue }) => ({ ...issue, count: complaintIds.length })) }));
      };
      // Before the scheduler folds anything, the figures are exact already: this run's writes laid over the days.
      for (const m of monthsLocal) await monthly(m);
      // The scheduler folds them into the days and computes the company dashboard's totals of the months written to.
      await c.post('/local/functions/scheduler/invoke', { data: {} });
      for (const m of monthsLocal) {
        await monthly(m);
        const { figures: expected } = expectedOf(m);
        const { data: totals } = await c.db.collection('stat_totals').where({ _id: `community-a:${m}` }).get();
        expect(rounded((totals[0] as { figures: unknown }).figures)).toEqual(
          rounded({ submitted: expected.submitted, responseOnTimeRate: expected.responseOnTimeRate, resolutionOnTimeRate: expected.resolutionOnTimeRate, satisfiedRate: expected.satisfaction.satisfiedRate, rated: expected.satisfaction.rated, reopenRate: expected.reopenRate }),
        );
      }
      // The days the scheduler folded equal the ones rebuilt from scratch.
      const incremental = await summaries(monthsLocal);
      for (const m of monthsLocal) {
        const [year, month] = m.split('-').map(Number) as [number, number];
        expect(await c.call('openid-gm', { action: 'stats.rebuild', communityId: 'community-a', year, month })).toMatchObject({ ok: true });
      }
      expect(await summaries(monthsLocal)).toEqual(incremental);
    }),
    { numRuns: 4, seed: 20261129, endOnFailure: true },
  );
  // The histories reached what the figures measure: resolutions, ratings of both kinds, reopenings, pauses.
  const facts = await allFacts();
  expect(facts.filter((f) => f.firstResolvedAt).length).toBeGreaterThan(3);
  expect(facts.flatMap((f) => f.ratings).map((r) => r.source)).toEqual(expect.arrayContaining(['owner', 'callback']));
  expect(facts.some((f) => f.reopenCount > 0)).toBe(true);
  expect(facts.some((f) => f.valid === false)).toBe(true);
}, 300_000);
