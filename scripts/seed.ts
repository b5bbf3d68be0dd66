// The demo company for `npm start`: two communities, staff in every role, owners, a duty roster,
// and complaints in several states — made through the real `api` function as real users would, so
// the demo data is exactly what the product itself writes. Runs once: skipped when members exist.
import tcb from '@cloudbase/node-sdk';

const baseUrl = () => process.env.CLOUDBASE_LOCAL_URL ?? 'http://127.0.0.1:3030';

const communities = [
  { _id: 'community-a', name: '阳光花园', households: 280 },
  { _id: 'community-b', name: '翠湖苑', households: 640 },
];

type Person = { _id: string; kind: 'owner' | 'staff'; name: string; phone: string; role: string; communityIds: string[]; department?: string; roomId?: string };
const staff = (id: string, name: string, role: string, department: string, communityIds = ['community-a', 'community-b']): Person => ({
  _id: id,
  kind: 'staff',
  name,
  phone: `1370000${String(Math.abs([...id].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7)) % 10000).padStart(4, '0')}`,
  role,
  communityIds,
  department,
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
  { _id: 'demo-owner-1', kind: 'owner', name: '张先生', phone: '13800138001', role: 'owner', communityIds: ['community-a'], roomId: 'a-1-2-301' },
  { _id: 'demo-owner-2', kind: 'owner', name: '李女士', phone: '13800138002', role: 'owner', communityIds: ['community-a'], roomId: 'a-3-1-1201' },
  { _id: 'demo-owner-3', kind: 'owner', name: '王阿姨', phone: '13800138003', role: 'owner', communityIds: ['community-b'], roomId: 'b-5-2-602' },
];

async function call(openid: string, data: object): Promise<{ ok: boolean; data?: { id?: string }; code?: string }> {
  const res = await fetch(`${baseUrl()}/local/functions/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data }) });
  const body = (await res.json()) as { result?: { ok: boolean; data?: { id?: string } }; error?: { message: string } };
  if (!body.result) throw new Error(`api failed: ${body.error?.message}`);
  return body.result;
}

async function file(openid: string, n: number, communityId: string, description: string, room: [string, string], extra: object = {}): Promise<string> {
  const r = await call(openid, { action: 'complaint.submit', requestId: `demo-seed-${n}`, communityId, location: { kind: 'room', building: room[0], room: room[1] }, description, desiredOutcome: '尽快处理', contactTime: '工作日晚上', ...extra });
  if (!r.ok || !r.data?.id) throw new Error(`seed submit failed: ${JSON.stringify(r)}`);
  return r.data.id;
}

async function act(openid: string, id: string, command: object): Promise<void> {
  const r = await call(openid, { action: 'complaint.command', id, command });
  if (!r.ok) throw new Error(`seed ${JSON.stringify(command)} failed: ${JSON.stringify(r)}`);
}

export async function seedDemo(): Promise<boolean> {
  const db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  const existing = await db.collection('members').doc('demo-admin').get();
  if (existing.data.length > 0) return false;
  await db.collection('communities').add(communities);
  await db.collection('members').add(demoPeople.map((p) => ({ ...p, active: true })));
  // Rooms with the phones the property registered (owner.bind accepts only these), entered by the
  // administrator, which also records their buildings. 2-1-502 is free for trying the binding.
  const room = (communityId: string, building: string, unit: string, number: string, phones: string[]) => ({ id: `${communityId.slice(-1)}-${building}-${unit}-${number}`, building, unit, room: number, residentPhones: phones });
  const rooms = {
    'community-a': [room('community-a', '1', '2', '301', ['13800138001']), room('community-a', '3', '1', '1201', ['13800138002']), room('community-a', '2', '1', '502', ['13800138009'])],
    'community-b': [room('community-b', '5', '2', '602', ['13800138003'])],
  };
  for (const [communityId, list] of Object.entries(rooms)) {
    const r = await call('demo-admin', { action: 'admin.rooms.upsert', communityId, rooms: list });
    if (!r.ok) throw new Error(`seed rooms failed: ${JSON.stringify(r)}`);
  }
  const now = Date.now();
  const day = 24 * 3_600_000;
  await db.collection('duty_roster').add([
    { communityId: 'community-a', role: 'security_supervisor', staffId: 'demo-security', from: new Date(now - day), to: new Date(now + 30 * day) },
    { communityId: 'community-a', role: 'duty_manager', staffId: 'demo-duty-manager', from: new Date(now - day), to: new Date(now + 30 * day) },
    { communityId: 'community-b', role: 'duty_manager', staffId: 'demo-duty-manager', from: new Date(now - day), to: new Date(now + 30 * day) },
  ]);

  // 待受理: just filed.
  await file('demo-owner-2', 1, 'community-a', '地下车库B区灯坏了好几盏，晚上很暗', ['3', '1201']);
  // 待接单: triaged to engineering.
  const assigned = await file('demo-owner-1', 2, 'community-a', '卫生间天花板漏水，楼上可能防水层坏了', ['1', '301']);
  await act('demo-reception-a', assigned, { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary' });
  // 处理中: accepted, investigated, planned and approved.
  const working = await file('demo-owner-3', 3, 'community-b', '小区东门绿化带垃圾堆积，有异味', ['5', '602']);
  await act('demo-reception-b', working, { type: 'triage', valid: true, category: 'cleaning_greening', urgency: 'normal', complexity: 'ordinary', handlerId: 'demo-cleaner' });
  await act('demo-cleaner', working, { type: 'accept' });
  await act('demo-cleaner', working, { type: 'investigate', findings: '清运车辆故障，两天未清运', photos: [], responsibleParty: 'property' });
  await act('demo-cleaner', working, { type: 'plan', description: '今日加派人手清运并消杀', expectedCompletionAt: new Date(now + day).toISOString(), estimatedCost: 0 });
  await act('demo-cleaner', working, { type: 'note', text: '已联系备用清运车，下午到场', photos: [] });
  // 待评价: resolved, waiting for the owner's rating.
  const resolved = await file('demo-owner-1', 4, 'community-a', '楼道声控灯不亮', ['1', '301']);
  await act('demo-reception-a', resolved, { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity: 'ordinary', handlerId: 'demo-handler-2' });
  await act('demo-handler-2', resolved, { type: 'accept' });
  await act('demo-handler-2', resolved, { type: 'investigate', findings: '声控开关损坏', photos: [], responsibleParty: 'property' });
  await act('demo-handler-2', resolved, { type: 'plan', description: '更换声控开关', expectedCompletionAt: new Date(now + day).toISOString(), estimatedCost: 30 });
  await act('demo-handler-2', resolved, { type: 'resolve', result: '已更换声控开关，测试正常', photos: [] });
  // 不成立: closed with a written explanation.
  const invalid = await file('demo-owner-2', 5, 'community-a', '小区外马路上的路灯不亮', ['3', '1201']);
  await act('demo-reception-a', invalid, { type: 'triage', valid: false, explanation: '小区外市政道路路灯由市政部门管理，已帮您联系12345热线登记。' });
  return true;
}

// Run as a script (node dist/seed.js), not when imported by tests. Compared by path because the
// mini-program's typings, loaded beside it in the page tests, redeclare `require` without `main`.
if (process.argv[1] === __filename) {
  seedDemo().then(
    (seeded) => console.log(seeded ? '演示公司数据已生成。' : '演示公司数据已存在，跳过。'),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
