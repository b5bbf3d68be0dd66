// A notice reaches every owner of its area who accepted the notice template, however many (issue 17:
// a community of 3,000 households is normal): the scheduler reads the area a page of owners at a time
// by index, keeps its place in the notice, and goes on in the next run — through overlapping runs and
// a WeChat outage that stops a run half-way — with exactly one message per owner and notice.
import { ownerMember, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const COMMUNITY = 'community-big';
const TEMPLATE = 'TPL_COMMUNITY_NOTICE';
const OWNERS = 2_500;
const BUILDINGS = ['1', '2', '3', '4', '5'];
const reception = { _id: 'openid-big-reception', kind: 'staff', name: '客服小周', phone: '13700000099', role: 'reception', communityIds: [COMMUNITY], department: 'customer_service', active: true };

const openid = (i: number) => `openid-big-${String(i).padStart(4, '0')}`;
const buildingOf = (i: number) => BUILDINGS[i % BUILDINGS.length]!;
/** Every fifth owner never accepted the template. */
const hasCredit = (i: number) => i % 5 !== 4;
/** Owner 7 accepted it but has moved out (account deactivated). */
const INACTIVE = 7;
/** Owner 0 (building 1) also holds a room in building 2: a room on a later page of the same notice. */
const TWO_ROOMS = 0;

type Message = { touser: string; templateId: string; page: string };
type Entry = { key: string; status: string; touser?: string; after?: string };

beforeAll(async () => {
  c = await startApi();
  await c.db.collection('members').add([reception]);
  await c.db.collection('buildings').add(BUILDINGS.map((b) => ({ _id: `${COMMUNITY}:${b}`, communityId: COMMUNITY, name: b })));
  const members = [];
  const rooms = [];
  for (let i = 0; i < OWNERS; i++) {
    const roomId = `big-${buildingOf(i)}-${i}`;
    rooms.push({ _id: roomId, communityId: COMMUNITY, building: buildingOf(i), unit: '1', room: String(100 + i), residentPhones: [`139${String(i).padStart(8, '0')}`] });
    const m: Record<string, unknown> = { ...ownerMember(openid(i), `业主${i}`, `139${String(i).padStart(8, '0')}`, roomId, COMMUNITY) };
    if (i === INACTIVE) m.active = false;
    if (i === TWO_ROOMS) {
      m.roomIds = [roomId, 'big-2-extra'];
      rooms.push({ _id: 'big-2-extra', communityId: COMMUNITY, building: '2', unit: '9', room: '901', residentPhones: [] });
    }
    members.push(m);
  }
  // Bulk-inserted directly: the roll of a large community, as an import leaves it.
  for (let k = 0; k < members.length; k += 500) await c.db.collection('members').add(members.slice(k, k + 500));
  for (let k = 0; k < rooms.length; k += 500) await c.db.collection('rooms').add(rooms.slice(k, k + 500));
  // Who accepted the template twice (one credit per notice): WeChat's credits and our ledger.
  const accepted = Array.from({ length: OWNERS }, (_, i) => i).filter(hasCredit);
  await c.db.collection('credits').add(accepted.map((i) => ({ _id: `${openid(i)}:${TEMPLATE}`, openid: openid(i), templateId: TEMPLATE, count: 2 })));
  for (let k = 0; k < accepted.length; k += 50) {
    await Promise.all(accepted.slice(k, k + 50).flatMap((i) => [0, 1].map(() => c.post('/local/openapi/subscriptions', { openid: openid(i), results: { [TEMPLATE]: 'accept' } }))));
  }
  await c.post('/local/clock', { set: '2026-12-02T08:00:00+08:00' });
}, 120_000);
afterAll(() => c.stop());

const runScheduler = () => c.post<{ result: { sent: number; failed: number; outage: boolean } }>('/local/functions/scheduler/invoke', { data: {} }).then((r) => r.result);
const outbox = async (id: string) => ((await c.db.collection('notices').doc(id).get()).data[0] as { outbox: Entry[] }).outbox;
const waiting = (entries: Entry[]) => entries.filter((e) => e.status === 'pending' || e.status === 'sending').length;

it('a notice to 2,500 owners: every owner with credit gets exactly one message across several overlapping runs and an outage', async () => {
  const publish = (requestId: string, title: string, buildings: string[]) =>
    c.call<{ id: string }>(reception._id, { action: 'notice.publish', requestId, communityId: COMMUNITY, kind: 'water_outage', title, text: '清洗二次供水水箱，请提前储水。', buildings, validFrom: '2026-12-03T09:00:00+08:00', validTo: '2026-12-03T18:00:00+08:00' });
  const whole = await publish('big-notice-whole', '全小区停水', []);
  const some = await publish('big-notice-buildings', '1、2号楼停水', ['1', '2']);
  if (!whole.ok || !some.ok) throw new Error(JSON.stringify([whole, some]));
  const ids = [whole.data.id, some.data.id];
  const before = (await c.get<Message[]>(`/local/openapi/messages?templateId=${TEMPLATE}`)).length;
  // WeChat fails the first 45 sends: at least one of the first two runs stops at the outage.
  await c.post('/local/openapi/faults', { apiName: 'subscribeMessage.send', mode: 'errcode', errcode: -1, times: 45 });
  let reportedSent = 0;
  let rounds = 0;
  for (; rounds < 12; rounds++) {
    const [a, b] = await Promise.all([runScheduler(), runScheduler()]);
    expect([a.failed, b.failed]).toEqual([0, 0]);
    reportedSent += a.sent + b.sent;
    if (rounds === 0) expect(a.outage || b.outage).toBe(true);
    const left = (await Promise.all(ids.map(outbox))).map(waiting);
    if (left.every((n) => n === 0)) break;
    await c.post('/local/clock', { advanceMs: 4 * 60_000 + 1_000 }); // past the backoff of a second failure
  }
  // It took more than one run, and it finished.
  expect(rounds).toBeGreaterThan(0);
  expect(rounds).toBeLessThan(12);
  // Drained: two more overlapping runs send nothing.
  const [a, b] = await Promise.all([runScheduler(), runScheduler()]);
  expect(a.sent + b.sent).toBe(0);

  const delivered = (await c.get<Message[]>(`/local/openapi/messages?templateId=${TEMPLATE}`)).slice(before);
  expect(reportedSent).toBe(delivered.length);
  const count = new Map<string, number>();
  for (const m of delivered) count.set(`${m.page}|${m.touser}`, (count.get(`${m.page}|${m.touser}`) ?? 0) + 1);
  const got = (id: string, i: number) => count.get(`pages/notice/index?id=${id}|${openid(i)}`) ?? 0;
  const wrong: string[] = [];
  for (let i = 0; i < OWNERS; i++) {
    const reachable = hasCredit(i) && i !== INACTIVE;
    const inBuildings = buildingOf(i) === '1' || buildingOf(i) === '2';
    if (got(ids[0]!, i) !== (reachable ? 1 : 0)) wrong.push(`whole ${i}: ${got(ids[0]!, i)}`);
    if (got(ids[1]!, i) !== (reachable && inBuildings ? 1 : 0)) wrong.push(`buildings ${i}: ${got(ids[1]!, i)}`);
  }
  expect(wrong).toEqual([]);
  const reachable = Array.from({ length: OWNERS }, (_, i) => i).filter((i) => hasCredit(i) && i !== INACTIVE);
  expect(delivered).toHaveLength(reachable.length + reachable.filter((i) => ['1', '2'].includes(buildingOf(i))).length);
  expect(got(ids[1]!, TWO_ROOMS)).toBe(1);
  // What the notice keeps: one sent entry per owner reached, and no walk left half-way.
  for (const id of ids) {
    const entries = await outbox(id);
    expect(entries.filter((e) => e.touser === undefined)).toEqual([]);
    expect(entries.every((e) => e.status === 'sent')).toBe(true);
  }
}, 300_000);
