// The demo company for `npm start`: two communities, staff in every role, owners, a duty roster,
// and complaints in several states — made through the real `api` function as real users would, so
// the demo data is exactly what the product itself writes. Runs on every start and only fills in
// what is missing: a first start stopped halfway (Ctrl-C during seeding) is completed by the next
// one. Every piece has a fixed id (documents) or requestId (complaints), so nothing is written
// twice, and what already exists is left as it is — demo edits made in the app survive restarts.
import tcb from '@cloudbase/node-sdk';
import { complaintId } from '../server/complaints/submit';

const baseUrl = () => process.env.CLOUDBASE_LOCAL_URL ?? 'http://127.0.0.1:3030';

const communities = [
  { _id: 'community-a', name: '阳光花园', households: 280 },
  { _id: 'community-b', name: '翠湖苑', households: 640 },
];

type Residence = { roomId: string; communityId: string; relation: 'owner'; phone: string; invitedBy: null; since: Date };
type Person = { _id: string; kind: 'owner' | 'staff'; name: string; phone: string; role: string; communityIds: string[]; department?: string; rooms?: Residence[]; roomIds?: string[] };
const staff = (id: string, name: string, role: string, department: string, communityIds = ['community-a', 'community-b']): Person => ({
  _id: id,
  kind: 'staff',
  name,
  phone: `1370000${String(Math.abs([...id].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7)) % 10000).padStart(4, '0')}`,
  role,
  communityIds,
  department,
});

/** A registered owner bound to one room, as owner.bind leaves them (server/kernel/residences.ts). */
const owner = (id: string, name: string, phone: string, communityId: string, roomId: string): Person => ({
  _id: id,
  kind: 'owner',
  name,
  phone,
  role: 'owner',
  communityIds: [communityId],
  rooms: [{ roomId, communityId, relation: 'owner', phone, invitedBy: null, since: new Date('2026-01-01T00:00:00+08:00') }],
  roomIds: [roomId],
});

export const demoPeople: Person[] = [
  staff('demo-reception-a', '客服 王敏', 'reception', 'customer_service', ['community-a']),
  staff('demo-reception-b', '客服 陈静', 'reception', 'customer_service', ['community-b']),
  staff('demo-handler-1', '工程部 赵师傅', 'handler', 'engineering'),
  staff('demo-handler-2', '工程部 钱师傅', 'handler', 'engineering'),
  staff('demo-cleaner', '环境部 周阿姨', 'handler', 'environment'),
  staff('demo-guard', '安保部 吴队长', 'handler', 'security'),
  staff('demo-head-eng', '工程部主管 孙工', 'department_head', 'engineering'),
  staff('demo-head-env', '环境部主管 郑经理', 'department_head', 'environment'),
  staff('demo-duty-manager', '值班经理 冯经理', 'duty_manager', 'management'),
  staff('demo-gm', '总经理 刘总', 'general_manager', 'management'),
  staff('demo-security', '当值安全主管 何主管', 'security_supervisor', 'security'),
  staff('demo-admin', '系统管理员', 'admin', 'management'),
  owner('demo-owner-1', '张先生', '13800138001', 'community-a', 'a-1-2-301'),
  owner('demo-owner-2', '李女士', '13800138002', 'community-a', 'a-3-1-1201'),
  owner('demo-owner-3', '王阿姨', '13800138003', 'community-b', 'b-5-2-602'),
];

type Result = { ok: boolean; data?: { id?: string }; code?: string };

async function call(openid: string, data: object): Promise<Result> {
  const res = await fetch(`${baseUrl()}/local/functions/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data }) });
  const body = (await res.json()) as { result?: Result; error?: { message: string } };
  if (!body.result) throw new Error(`api failed: ${body.error?.message}`);
  return body.result;
}

/** Which timeline event each scripted command leaves, so a rerun sees it was done. */
const EVENT_OF: Record<string, string> = { accept: 'accepted', investigate: 'investigated', plan: 'planned', note: 'progress_noted', resolve: 'resolved' };
type Command = { type: string; valid?: boolean; [field: string]: unknown };
const eventOf = (command: Command) => (command.type === 'triage' ? (command.valid ? 'triaged' : 'invalidated') : EVENT_OF[command.type]!);

export interface SeedOptions {
  /** Called after each write; tests throw from it to stop the seed partway, as a Ctrl-C would. */
  afterWrite?: (count: number) => void;
}

/** 'created' on an empty database, 'resumed' when an earlier run had stopped partway, 'complete' when nothing was missing. */
export type SeedOutcome = 'created' | 'resumed' | 'complete';

export async function seedDemo(options: SeedOptions = {}): Promise<SeedOutcome> {
  const db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  let writes = 0;
  const wrote = () => {
    writes++;
    options.afterWrite?.(writes);
  };
  const exists = async (collection: string, id: string) => (await db.collection(collection).doc(id).get()).data.length > 0;
  // Documents with fixed ids: written only when missing (set, not add, so a rerun cannot duplicate).
  let found = 0;
  const ensure = async (collection: string, doc: { _id: string } & Record<string, unknown>) => {
    if (await exists(collection, doc._id)) return found++;
    const { _id, ...fields } = doc;
    await db.collection(collection).doc(_id).set(fields);
    wrote();
  };

  for (const c of communities) await ensure('communities', c);
  for (const p of demoPeople) await ensure('members', { ...p, active: true });
  // A demo saved before owners could hold several rooms kept one `roomId`: give those owners their room
  // the way owner.bind records it now, so the demo of an earlier start still files complaints.
  for (const p of demoPeople.filter((x) => x.rooms)) {
    const { data } = await db.collection('members').doc(p._id).get();
    const stored = data[0] as { rooms?: unknown } | undefined;
    if (stored && !stored.rooms) {
      await db.collection('members').doc(p._id).update({ rooms: p.rooms, roomIds: p.roomIds, communityIds: p.communityIds });
      wrote();
    }
  }
  // Rooms with the phones the property registered (owner.bind accepts only these), entered by the
  // administrator, which also records their buildings. 2-1-502 is free for trying the binding.
  // Sent again only when a room or building is missing: a resend would undo phone changes made since.
  const room = (communityId: string, building: string, unit: string, number: string, phones: string[]) => ({ id: `${communityId.slice(-1)}-${building}-${unit}-${number}`, building, unit, room: number, residentPhones: phones });
  const rooms = {
    'community-a': [room('community-a', '1', '2', '301', ['13800138001']), room('community-a', '3', '1', '1201', ['13800138002']), room('community-a', '2', '1', '502', ['13800138009'])],
    'community-b': [room('community-b', '5', '2', '602', ['13800138003'])],
  };
  for (const [communityId, list] of Object.entries(rooms)) {
    const ids = [...list.map((r) => ['rooms', r.id]), ...[...new Set(list.map((r) => r.building))].map((b) => ['buildings', `${communityId}:${b}`])];
    const present = await Promise.all(ids.map(([collection, id]) => exists(collection!, id!)));
    if (present.every(Boolean)) {
      found++;
      continue;
    }
    const r = await call('demo-admin', { action: 'admin.rooms.upsert', communityId, rooms: list });
    if (!r.ok) throw new Error(`seed rooms failed: ${JSON.stringify(r)}`);
    wrote();
  }
  const now = Date.now();
  const day = 24 * 3_600_000;
  const shift = (communityId: string, role: string, staffId: string) => ({ _id: `demo-roster-${communityId}-${role}`, communityId, role, staffId, from: new Date(now - day), to: new Date(now + 30 * day) });
  await ensure('duty_roster', shift('community-a', 'security_supervisor', 'demo-security'));
  await ensure('duty_roster', shift('community-a', 'duty_manager', 'demo-duty-manager'));
  await ensure('duty_roster', shift('community-b', 'duty_manager', 'demo-duty-manager'));

  // Complaints: a fixed requestId gives each its id (the api derives it from caller and requestId,
  // so even a submit whose answer was lost returns the same complaint), and each command is sent
  // only if its event is not yet on the timeline (a resend would be refused by the lifecycle, or,
  // for a note, add a second one).
  const complaint = async (openid: string, n: number, communityId: string, description: string, room: [string, string], steps: Array<[string, Command]>) => {
    const id = complaintId(openid, `demo-seed-${n}`);
    if (await exists('complaints', id)) found++;
    else {
      const r = await call(openid, { action: 'complaint.submit', requestId: `demo-seed-${n}`, communityId, location: { kind: 'room', building: room[0], room: room[1] }, description, desiredOutcome: '尽快处理', contactTime: '工作日晚上' });
      if (!r.ok || r.data?.id !== id) throw new Error(`seed submit failed: ${JSON.stringify(r)}`);
      wrote();
    }
    // The latest entries are on the complaint, the older ones in complaint_timeline (a demo complaint has few).
    const [{ data }, { data: older }] = await Promise.all([db.collection('complaints').doc(id).get(), db.collection('complaint_timeline').where({ complaintId: id }).field({ type: true }).limit(100).get()]);
    const entries = [...((data[0] as { timeline?: Array<{ type: string }> } | undefined)?.timeline ?? []), ...(older as Array<{ type: string }>)];
    const done = new Set(entries.map((e) => e.type));
    for (const [actor, command] of steps) {
      if (done.has(eventOf(command))) continue;
      const res = await call(actor, { action: 'complaint.command', id, command });
      if (!res.ok) throw new Error(`seed ${JSON.stringify(command)} failed: ${JSON.stringify(res)}`);
      wrote();
    }
  };
  // 待受理: just filed.
  await complaint('demo-owner-2', 1, 'community-a', '地下车库B区灯坏了好几盏，晚上很暗', ['3', '1201'], []);
  // 待接单: triaged to engineering.
  await complaint('demo-owner-1', 2, 'community-a', '卫生间天花板漏水，楼上可能防水层坏了', ['1', '301'], [['demo-reception-a', { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary' }]]);
  // 处理中: accepted, investigated, planned and approved.
  await complaint('demo-owner-3', 3, 'community-b', '小区东门绿化带垃圾堆积，有异味', ['5', '602'], [
    ['demo-reception-b', { type: 'triage', valid: true, category: 'cleaning_greening', urgency: 'normal', complexity: 'ordinary', handlerId: 'demo-cleaner' }],
    ['demo-cleaner', { type: 'accept' }],
    ['demo-cleaner', { type: 'investigate', findings: '清运车辆故障，两天未清运', photos: [], responsibleParty: 'property' }],
    ['demo-cleaner', { type: 'plan', description: '今日加派人手清运并消杀', expectedCompletionAt: new Date(now + day).toISOString(), estimatedCost: 0 }],
    ['demo-cleaner', { type: 'note', text: '已联系备用清运车，下午到场', photos: [] }],
  ]);
  // 待评价: resolved, waiting for the owner's rating.
  await complaint('demo-owner-1', 4, 'community-a', '楼道声控灯不亮', ['1', '301'], [
    ['demo-reception-a', { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity: 'ordinary', handlerId: 'demo-handler-2' }],
    ['demo-handler-2', { type: 'accept' }],
    ['demo-handler-2', { type: 'investigate', findings: '声控开关损坏', photos: [], responsibleParty: 'property' }],
    ['demo-handler-2', { type: 'plan', description: '更换声控开关', expectedCompletionAt: new Date(now + day).toISOString(), estimatedCost: 30 }],
    ['demo-handler-2', { type: 'resolve', result: '已更换声控开关，测试正常', photos: [] }],
  ]);
  // 不成立: closed with a written explanation.
  await complaint('demo-owner-2', 5, 'community-a', '小区外马路上的路灯不亮', ['3', '1201'], [['demo-reception-a', { type: 'triage', valid: false, explanation: '小区外市政道路路灯由市政部门管理，已帮您联系12345热线登记。' }]]);
  return writes === 0 ? 'complete' : found === 0 ? 'created' : 'resumed';
}

// Run as a script (node dist/seed.js), not when imported by tests. Compared by path because the
// mini-program's typings, loaded beside it in the page tests, redeclare `require` without `main`.
if (process.argv[1] === __filename) {
  seedDemo().then(
    (outcome) => console.log({ created: '演示公司数据已生成。', resumed: '上次未完成的演示公司数据已补全。', complete: '演示公司数据已完整，无需补充。' }[outcome]),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
