// The 业户沟通总结's figures are stats.monthly's for the same month, every block (seed 002 职责: the
// 客户服务主管 summarises the month's communication and the 管理处主任 approves what it says): October's
// two suggestions, November's notice reaching three owners, the complaint filed despite it and the
// household it kept from filing — computed by the same function, frozen when submitted, and listed in
// the workbook's summary sheet.
import { unzipSync, strFromU8 } from 'fflate';
import { ownerMember, people, seedPeople, exportReport, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const csHead = { _id: 'openid-cs-head', kind: 'staff', name: '客服部刘主管', phone: '13700000021', role: 'department_head', communityIds: ['community-a'], department: 'customer_service', active: true };
const owners = [1, 2, 3].map((i) => ownerMember(`openid-b3-${i}`, `三号楼业主${i}`, `1381111300${i}`, `room-3-1-10${i}`));
const NOTICE_TEMPLATE = 'TPL_COMMUNITY_NOTICE';
const october = { communityId: 'community-a', year: 2026, month: 10 };
const november = { communityId: 'community-a', year: 2026, month: 11 };

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([csHead, ...owners.map((o) => ({ ...o }))]);
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 300 });
  await c.db.collection('buildings').add({ _id: 'community-a:3', communityId: 'community-a', name: '3' });
  await c.db.collection('rooms').add(owners.map((o, i) => ({ _id: o.rooms[0].roomId, communityId: 'community-a', building: '3', unit: '1', room: `10${i + 1}`, residentPhones: [o.phone] })));
});
afterAll(() => c.stop());

type Stats = Record<string, unknown> & { communication: Record<string, unknown> };
/** The summary's figures and stats.monthly's, read at the same moment. */
async function both(month: object): Promise<{ summary: { statistics: Stats }; stats: Stats }> {
  const [summary, stats] = await Promise.all([c.call<{ figures: { statistics: Stats } }>(csHead._id, { action: 'summary.get', ...month }), c.call<Stats>(csHead._id, { action: 'stats.monthly', ...month })]);
  if (!summary.ok || !stats.ok) throw new Error(JSON.stringify([summary, stats]));
  return { summary: summary.data.figures, stats: stats.data };
}
// The heartbeat, the 12-month trend and the targets are the dashboard's; every figure of the month is the summary's.
const withoutHeartbeat = ({ schedulerLastRunAt: _heartbeat, schedulerAlarms: _alarms, trend: _trend, targets: _targets, ...figures }: Stats) => figures;

it('October: two suggestions', async () => {
  await c.post('/local/clock', { set: '2026-10-12T10:00:00+08:00' });
  for (const [i, topic] of (['greening', 'security'] as const).entries()) {
    expect(await c.call(owners[i]!._id, { action: 'suggestion.submit', requestId: `october-suggestion-${i}`, topic, text: '希望改进' })).toMatchObject({ ok: true });
  }
});

it('November: a water outage reaching three owners, one complaint filed despite it, one household kept from filing', async () => {
  await c.post('/local/clock', { set: '2026-11-18T08:00:00+08:00' });
  for (const o of owners) {
    await c.post('/local/openapi/subscriptions', { openid: o._id, results: { [NOTICE_TEMPLATE]: 'accept' } });
    expect(await c.call(o._id, { action: 'subscription.record', results: { [NOTICE_TEMPLATE]: 'accept' } })).toMatchObject({ ok: true });
  }
  const published = await c.call<{ id: string }>(people.reception._id, { action: 'notice.publish', requestId: 'november-outage', communityId: 'community-a', kind: 'water_outage', title: '3号楼停水', text: '清洗水箱，3 号楼停水。', buildings: ['3'], validFrom: '2026-11-18T09:00:00+08:00', validTo: '2026-11-18T18:00:00+08:00' });
  if (!published.ok) throw new Error(JSON.stringify(published));
  await c.post('/local/functions/scheduler/invoke', { data: {} });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
  const noticesShown = [published.data.id];
  expect(await c.call(owners[0]!._id, { action: 'complaint.submit', requestId: 'november-despite', communityId: 'community-a', location: { kind: 'room', building: '3', unit: '1', room: '101' }, description: '家里没有水', suggestedCategory: 'repair', noticesShown })).toMatchObject({ ok: true });
  expect(await c.call(owners[1]!._id, { action: 'notice.deflect', requestId: 'november-deflected', roomId: owners[1]!.rooms[0].roomId, noticeIds: noticesShown })).toEqual({ ok: true, data: { counted: true } });
});

it('each month’s summary carries stats.monthly’s figures, every block', async () => {
  await c.post('/local/clock', { set: '2026-12-02T09:00:00+08:00' });
  // November's summary, scheduled during the month, is drafted by the scheduler's run after its end.
  await c.post('/local/functions/scheduler/invoke', { data: {} });
  const oct = await both(october);
  expect(oct.summary.statistics).toEqual(withoutHeartbeat(oct.stats));
  expect(oct.summary.statistics.communication).toMatchObject({ suggestionsReceived: 2, noticesPublished: 0, complaintsDeflected: 0 });
  const nov = await both(november);
  expect(nov.summary.statistics).toEqual(withoutHeartbeat(nov.stats));
  expect(nov.summary.statistics).toMatchObject({ submitted: 1, communication: { noticesPublished: 1, ownersReached: 3, complaintsDuringNotice: 1, complaintsDeflected: 1, suggestionsReceived: 0 } });
});

it('submitted, the figures are frozen as they were, and the workbook’s summary sheet lists the 业户沟通 block', async () => {
  const text = { overview: '停水公告送达 3 户。', problems: '', plans: '' };
  const saved = await c.call<{ figures: { statistics: Stats } }>(csHead._id, { action: 'summary.save', ...november, text, submit: true });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  const { data } = await c.db.collection('communication_summaries').doc('community-a_202611').get();
  expect((data[0] as { figures: { statistics: Stats } }).figures.statistics.communication).toMatchObject({ noticesPublished: 1, ownersReached: 3, complaintsDuringNotice: 1, complaintsDeflected: 1 });
  expect(saved.data.figures.statistics).toEqual(withoutHeartbeat((await both(november)).stats));
  const r = await exportReport(c, csHead._id, november);
  if (!r.ok) throw new Error(JSON.stringify(r));
  const files = unzipSync(new Uint8Array(await (await fetch(r.data.url)).arrayBuffer()));
  // Shared strings are listed once: the row's label is cell `<v>i</v>` of each sheet that lists it.
  const strings = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si>(.*?)<\/si>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
  const label = strings.indexOf('看到公告后未再投诉（户次）');
  expect(label).toBeGreaterThanOrEqual(0);
  const sheets = Object.entries(files).filter(([name]) => name.startsWith('xl/worksheets/sheet')).map(([, f]) => strFromU8(f));
  // The workbook's 业户沟通 sheet and the 业户沟通总结's own.
  expect(sheets.filter((xml) => xml.includes(`<v>${label}</v>`))).toHaveLength(2);
  expect(strings).toContain('停水公告送达 3 户。');
});
