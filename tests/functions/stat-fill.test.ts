// 集团看板's rows filled by the scheduler (server/statistics/totals.ts), through the real functions on
// CloudBase Local: rows that do not exist come before the fold in every run, so a past month's missing
// rows, and those of a bulk import the fold is still working through, are there within two runs.
import { readTotals, totalsId } from '../../server/statistics/totals';
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

jest.setTimeout(180_000);

let c: ApiCloud;
const COMMUNITIES = Array.from({ length: 50 }, (_x, i) => `fill-${String(i).padStart(2, '0')}`);
const gm = { _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000020', role: 'general_manager', communityIds: COMMUNITIES, department: 'management', active: true };

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([gm, { ...admin, communityIds: ['community-a', ...COMMUNITIES] }]);
  await c.db.collection('communities').add(COMMUNITIES.map((id, i) => ({ _id: id, name: `小区${i}`, households: 100 })));
  await c.post('/local/clock', { set: '2026-11-10T10:00:00+08:00' });
});
afterAll(() => c.stop());

const runScheduler = () => c.post('/local/functions/scheduler/invoke', { data: {} });

/** A complaint as the api stores it, to copy: filed in community-a. */
async function template(): Promise<Record<string, unknown>> {
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: `fill-template-${Date.now()}`, communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门口灯坏了' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const { data } = await c.db.collection('complaints').doc(filed.data.id).get();
  const { _id: _ignored, ...t } = data[0] as Record<string, unknown>;
  return t;
}

/** `perCommunity` complaints in each community on `day`, written straight to the database. */
async function load(prefix: string, day: string, perCommunity: number, extra: Record<string, unknown>): Promise<void> {
  const t = await template();
  const submittedAt = new Date(`${day}T09:00:00+08:00`);
  const docs = COMMUNITIES.flatMap((communityId) =>
    Array.from({ length: perCommunity }, (_x, i) => ({ ...t, ...extra, _id: `${prefix}-${communityId}-${i}`, number: `${prefix}-${communityId}-${i}`, communityId, submittedAt, respondBy: new Date(submittedAt.getTime() + 86_400_000) })),
  );
  for (let i = 0; i < docs.length; i += 200) await c.db.collection('complaints').add(docs.slice(i, i + 200));
}

const rows = async (month: string) => readTotals(c.db, COMMUNITIES.map((id) => totalsId(id, month)));
/** Two scheduler runs, a minute apart; then every community's row of `month`, each of `submitted` complaints and none missing. */
async function afterTwoRuns(month: string, submitted: number): Promise<void> {
  await runScheduler();
  await c.post('/local/clock', { advanceMs: 60_000 });
  await runScheduler();
  const filled = await rows(month);
  expect(filled).toHaveLength(50);
  for (const t of filled) expect(t).toMatchObject({ missing: 0, figures: { submitted } });
}

it("fills a past month's missing rows of every community within two runs, with nobody opening the dashboard", async () => {
  // An environment already running (the scheduler has run), then October's history imported from before
  // the statistics existed: written long ago, no due marker, no days, no totals.
  await runScheduler();
  await load('history', '2026-10-15', 3, { factsDueAt: null, updatedAt: new Date(0) });
  // …and October's totals missing (never computed, or lost).
  await c.db.collection('stat_totals').where({ month: '2026-10', computedAt: c.db.command.gte(new Date(0)) }).remove();
  expect(await rows('2026-10')).toHaveLength(0);
  // Computed from the complaints (the month was rebuilt from them: its days were short).
  await afterTwoRuns('2026-10', 3);
  // The dashboard shows all 50 from them, without computing any itself.
  const r = await c.call<{ items: Array<{ submitted: number; asOf: string | null }> }>('openid-gm', { action: 'stats.company', year: 2026, month: 10 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  expect(r.data.items.filter((i) => i.asOf !== null && i.submitted === 3)).toHaveLength(50);
});

it('fills the rows of a bulk import within two runs, whatever the fold still has to do', async () => {
  await c.post('/local/clock', { set: '2027-02-03T10:00:00+08:00' });
  // January's complaints imported in the store's shape, each marked due: 20 per community, 1,000 in all.
  await load('import', '2027-01-20', 20, { factsDueAt: new Date('2027-02-03T02:00:00Z') });
  // Exact although the fold may not have taken them all in yet: the marked complaints are laid over the days.
  await afterTwoRuns('2027-01', 20);
});
