// A property company sets itself up (issue 13), through the real functions on CloudBase Local:
// the households roll from Excel (preview, apply, re-import, resume), communities and buildings with
// their 客服中心, staff management (deactivation returns tasks to the department), and households of
// several people (family and tenants invited by the owner; one account, several rooms).
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import readXlsx from 'read-excel-file/node';
import { admin, people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const gm = { _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000031', role: 'general_manager', communityIds: ['community-a'], department: 'management', active: true };

type Counters = { total: { writes: number } };
const writes = async () => (await c.get<Counters>('/local/counters')).total.writes;

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([{ ...admin }, gm]);
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 0 });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
  await c.tick(0); // the clock was set back: this tick starts the timer's schedule from there
  // The engineering head accepted task alerts (one credit each).
  await c.post('/local/openapi/subscriptions', { openid: people.head._id, results: { TPL_STAFF_TASK: 'accept' } });
});
afterAll(() => c.stop());

const HEADER = ['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'];
let uploads = 0;
/** The office fills the roll in Excel and uploads it from a WeChat chat (into its own folder). */
async function upload(rows: unknown[][], who: string = admin._id): Promise<string> {
  const data = [HEADER, ...rows].map((row) => row.map((value) => ({ value }))) as SheetData;
  const buffer = await writeExcelFile(data).toBuffer();
  const { fileID } = await c.app.uploadFile({ cloudPath: `imports/${who}/roll-${++uploads}.xlsx`, fileContent: buffer });
  return fileID!;
}
const preview = (fileID: string, communityId = 'community-a') => c.call<{ importId: string | null; add: number; change: number; remove: number; unchanged: number; errors: Array<{ row: number; message: string }>; errorCount: number; batches: number }>(admin._id, { action: 'admin.households.preview', communityId, fileID });
const apply = (importId: string) => c.call<{ applied: number; batches: number; done: boolean; unbound: number }>(admin._id, { action: 'admin.households.apply', importId });

/** 450 rooms: 3 buildings × 150, each with its owner's phone (three batches of 200). */
const estate = Array.from({ length: 450 }, (_, i) => ['阳光花园', String(10 + Math.floor(i / 150)), String(1 + (i % 3)), String(101 + (i % 150)), `业主${i}`, `1350000${String(i).padStart(4, '0')}`]);

describe('households from Excel (住户名册导入)', () => {
  it('a broken file is refused row by row, in Chinese, and writes nothing', async () => {
    const fileID = await upload([
      ['阳光花园', '1', '1', '101', '王先生', '13500001111'],
      ['阳光花园', '1', '1', '102', '李女士', '1350000'],
      ['阳光花园', '1', '1', '101', '王太太', '13500001112'],
      ['翠湖苑', '2', '1', '201', '赵先生', '13500001113'],
      ['阳光花园', '', '1', '301', '钱先生', '13500001114'],
    ]);
    await c.post('/local/counters/reset', {});
    const r = await preview(fileID);
    expect(r).toMatchObject({ ok: true, data: { importId: null, errorCount: 4 } });
    if (!r.ok) throw new Error('unreachable');
    expect(r.data.errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(r.data.errors[0]!.message).toContain('第 3 行：手机号「1350000」格式不正确');
    expect(r.data.errors[1]!.message).toContain('与第 2 行是同一房屋');
    expect(r.data.errors[2]!.message).toContain('小区「翠湖苑」不是正在导入的小区「阳光花园」');
    expect(r.data.errors[3]!.message).toContain('楼栋和房号不能为空');
    expect(await writes()).toBe(0);
  });

  it('a file that is not a workbook, or not the caller’s own upload, is refused', async () => {
    const { fileID } = await c.app.uploadFile({ cloudPath: `imports/${admin._id}/notes.xlsx`, fileContent: Buffer.from('not a spreadsheet') });
    expect(await preview(fileID!)).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('不是有效的 Excel') });
    const someoneElses = await upload([['阳光花园', '1', '1', '101', '王先生', '13500001111']], gm._id);
    expect(await preview(someoneElses)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await preview(await upload([['阳光花园', '1', '1', '101', '王先生', '13500001111']]), 'community-b')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(people.reception._id, { action: 'admin.households.preview', communityId: 'community-a', fileID: someoneElses })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('a good file previews its changes, applies in batches, and importing it again changes nothing', async () => {
    const r = await preview(await upload(estate));
    expect(r).toMatchObject({ ok: true, data: { add: 450, change: 0, remove: 0, errorCount: 0, batches: 3, importId: expect.any(String) } });
    if (!r.ok) throw new Error('unreachable');
    // At most three batches a call (the page's bar moves between calls): this roll is one call, all of it done.
    expect(await apply(r.data.importId!)).toMatchObject({ ok: true, data: { applied: 3, batches: 3, batchesDone: 3, rooms: 450, roomsDone: 450, done: true } });
    expect((await c.db.collection('rooms').where({ communityId: 'community-a' }).count()).total).toBe(450);
    // Owners pick 小区 → 楼栋 → 房号 from what the roll created.
    expect(await c.call('openid-guest', { action: 'directory.list', communityId: 'community-a' })).toMatchObject({ ok: true, data: { items: [{ label: '10栋' }, { label: '11栋' }, { label: '12栋' }] } });
    // Applying again is a no-op; importing the same file again plans nothing.
    expect(await apply(r.data.importId!)).toMatchObject({ ok: true, data: { applied: 0, done: true } });
    await c.post('/local/counters/reset', {});
    expect(await preview(await upload(estate))).toMatchObject({ ok: true, data: { importId: null, add: 0, change: 0, remove: 0, unchanged: 450 } });
    expect(await writes()).toBe(0);
  });

  it('the template is the roll as it stands: downloaded, re-uploaded, it changes nothing', async () => {
    const t = await c.call<{ fileID: string; url: string }>(admin._id, { action: 'admin.households.template', communityId: 'community-a' });
    if (!t.ok) throw new Error(JSON.stringify(t));
    const { fileContent } = await c.app.downloadFile({ fileID: t.data.fileID });
    const [sheet] = await readXlsx(fileContent!);
    expect(sheet!.data[0]).toEqual(HEADER);
    expect(sheet!.data).toHaveLength(451);
    const again = await preview(await upload(sheet!.data.slice(1)));
    expect(again).toMatchObject({ ok: true, data: { importId: null, add: 0, change: 0, remove: 0, unchanged: 450 } });
  });

  it('a cut-off import resumes where it stopped, and a removed phone or room ends those bindings', async () => {
    // Two owners bind with the registered phones of 10栋1单元101 and 11栋2单元102.
    const { data: [r0] } = await c.db.collection('rooms').where({ communityId: 'community-a', building: '10', room: '101' }).get();
    const { data: [r1] } = await c.db.collection('rooms').where({ communityId: 'community-a', building: '11', room: '102' }).get();
    const bind = (openid: string, room: { _id: string; residentPhones: string[] }) => c.call(openid, { action: 'owner.bind', communityId: 'community-a', roomId: room._id, name: '业主', phone: room.residentPhones[0] });
    expect(await bind('openid-roll-a', r0 as never)).toMatchObject({ ok: true });
    expect(await bind('openid-roll-b', r1 as never)).toMatchObject({ ok: true });
    // The new roll: 10栋1单元101 has a new phone, 11栋2单元102 is gone, 50 rooms are new.
    const next = estate
      .filter((row) => !(row[1] === '11' && row[3] === '102'))
      .map((row) => (row[1] === '10' && row[3] === '101' ? [...row.slice(0, 5), '13611112222'] : row));
    const extra = Array.from({ length: 50 }, (_, i) => ['阳光花园', '13', '1', String(1001 + i), `新业主${i}`, `1360000${String(i).padStart(4, '0')}`]);
    const r = await preview(await upload([...next, ...extra]));
    expect(r).toMatchObject({ ok: true, data: { add: 50, change: 1, remove: 1, batches: 1 } });
    if (!r.ok) throw new Error('unreachable');
    // The function died halfway through its batch: some rooms written, the batch not marked done.
    const { data: [batch] } = await c.db.collection('import_batches').where({ importId: r.data.importId }).get();
    const ops = (batch as { ops: Array<{ id: string; building: string; unit: string; room: string; ownerName: string; residentPhones: string[] }> }).ops;
    for (const o of ops.slice(0, 20)) await c.db.collection('rooms').doc(o.id).set({ communityId: 'community-a', building: o.building, unit: o.unit, room: o.room, ownerName: o.ownerName, residentPhones: o.residentPhones });
    expect(await apply(r.data.importId!)).toMatchObject({ ok: true, data: { applied: 1, done: true, unbound: 2 } });
    expect((await c.db.collection('rooms').where({ communityId: 'community-a' }).count()).total).toBe(499);
    expect(await c.call('openid-roll-a', { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await c.call('openid-roll-b', { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await preview(await upload([...next, ...extra]))).toMatchObject({ ok: true, data: { importId: null, unchanged: 499 } });
  });
});

describe('communities and buildings (小区与楼栋)', () => {
  it('the desk phone and hours a community sets reach its owners: home, submit reply', async () => {
    expect(await c.call(admin._id, { action: 'admin.community.upsert', id: 'community-a', name: '阳光花园', households: 499, serviceDesk: { phone: '0571-88886666', hours: '每天 8:00–20:00' } })).toEqual({ ok: true, data: { id: 'community-a', visitTarget: 20 } });
    const me = await c.call<{ communities: Array<{ id: string; serviceDesk: object }> }>(people.owner._id, { action: 'account.me' });
    expect(me).toMatchObject({ ok: true, data: { communities: [{ id: 'community-a', serviceDesk: { name: '客服中心', phone: '0571-88886666', hours: '每天 8:00–20:00' } }] } });
    const filed = await c.call(people.owner._id, { action: 'complaint.submit', requestId: 'onboarding-desk-1', communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '门禁刷卡没反应' });
    expect(filed).toMatchObject({ ok: true, data: { contact: '客服中心 0571-88886666', contactPhone: '0571-88886666' } });
  });

  it('an administrator creates a community, adds and renames buildings; the list shows rooms per building', async () => {
    const created = await c.call<{ id: string }>(admin._id, { action: 'admin.community.upsert', name: '翠湖苑二期', households: 120 });
    expect(created).toMatchObject({ ok: true, data: { visitTarget: 5 } });
    if (!created.ok) throw new Error('unreachable');
    expect(await c.call(admin._id, { action: 'admin.building.save', communityId: created.data.id, name: '1' })).toMatchObject({ ok: true });
    expect(await c.call(admin._id, { action: 'admin.building.save', communityId: 'community-a', name: '十三', renameFrom: '13' })).toEqual({ ok: true, data: { rooms: 50 } });
    expect(await c.call(admin._id, { action: 'admin.building.save', communityId: 'community-a', name: '10', renameFrom: '12' })).toMatchObject({ ok: false, code: 'VALIDATION', message: '「10」栋已存在，请换一个名称' });
    const list = await c.call<{ items: Array<{ id: string; name: string; buildings: Array<{ name: string; rooms: number }> }> }>(admin._id, { action: 'admin.community.list' });
    if (!list.ok) throw new Error('unreachable');
    expect(list.data.items.map((x) => x.name)).toEqual(expect.arrayContaining(['阳光花园', '翠湖苑二期']));
    expect(list.data.items.find((x) => x.id === 'community-a')!.buildings).toEqual([
      { name: '10', rooms: 150 },
      { name: '11', rooms: 149 },
      { name: '12', rooms: 150 },
      { name: '十三', rooms: 50 },
    ]);
    expect(await c.call(people.reception._id, { action: 'admin.community.list' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('staff management (员工管理)', () => {
  it('lists staff with their open tasks; deactivating a handler returns them to the department with a timeline entry and a message to its head', async () => {
    const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'onboarding-staff-1', communityId: 'community-a', location: { kind: 'public_area', description: '车库' }, description: '车库灯坏了一排' });
    if (!filed.ok) throw new Error('unreachable');
    const id = filed.data.id;
    await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
    await c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } });
    const list = await c.call<{ items: Array<{ id: string; openTasks: number; phone: string; active: boolean }> }>(admin._id, { action: 'admin.staff.list', communityId: 'community-a' });
    if (!list.ok) throw new Error('unreachable');
    expect(list.data.items.find((s) => s.id === people.handler1._id)).toMatchObject({ openTasks: 1, active: true, phone: '137****0002' });
    expect(list.data.items.map((s) => s.id)).not.toContain(people.owner._id);

    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: people.handler1._id, active: false })).toEqual({ ok: true, data: { updated: true, released: 1 } });
    const { data: [doc] } = await c.db.collection('complaints').doc(id).get();
    const complaint = doc as { status: string; handlerId: string | null; department: string; timeline: Array<{ type: string; reason?: string }> };
    expect(complaint).toMatchObject({ status: 'assigned', handlerId: null, department: 'engineering' });
    expect(complaint.timeline.at(-1)).toMatchObject({ type: 'handler_released', reason: '处理人已停用' });
    await c.tick();
    const messages = await c.get<Array<{ touser: string; page: string }>>('/local/openapi/messages');
    expect(messages.filter((m) => m.touser === people.head._id && m.page.includes(id))).not.toHaveLength(0);
    // The head reassigns it from the department queue.
    expect(await c.call(people.head._id, { action: 'complaint.command', id, command: { type: 'transfer', department: 'engineering', handlerId: people.handler2._id, reason: '原处理人离职' } })).toMatchObject({ ok: true });
  });

  it('nobody deactivates or demotes themselves or the last administrator — refused with zero writes', async () => {
    await c.post('/local/counters/reset', {});
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: admin._id, active: false })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('不能停用自己') });
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: admin._id, role: 'handler' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The general manager is an administrator too: demoting them leaves the admin.
    expect(await c.call(admin._id, { action: 'admin.staff.update', staffId: gm._id, role: 'duty_manager' })).toMatchObject({ ok: true });
    await c.post('/local/counters/reset', {});
    expect(await c.call(gm._id, { action: 'admin.staff.update', staffId: admin._id, active: false })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await writes()).toBe(0);
  });
});

describe('households of several people (家属与租户)', () => {
  const ROOM = 'room-1-2-301';
  beforeAll(async () => {
    await c.db.collection('rooms').add([
      { _id: ROOM, communityId: 'community-a', building: '1', unit: '2', room: '301', residentPhones: [people.owner.phone] },
      { _id: 'room-5-1-501', communityId: 'community-a', building: '5', unit: '1', room: '501', residentPhones: [people.owner.phone] },
    ]);
  });

  it('the owner invites family; the family member files for the shared room; the owner follows it, number masked', async () => {
    const invited = await c.call<{ code: string }>(people.owner._id, { action: 'household.invite', roomId: ROOM, relation: 'family' });
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    expect(await c.call('openid-son', { action: 'household.join', code: invited.data.code, name: '张小明', phone: '13811112222' })).toEqual({ ok: true, data: { roomId: ROOM, communityId: 'community-a', relation: 'family' } });
    expect(await c.call('openid-other', { action: 'household.join', code: invited.data.code, name: '路人', phone: '13811113333' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const filed = await c.call<{ id: string }>('openid-son', { action: 'complaint.submit', requestId: 'family-file-1', communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: '阳台推拉门关不严' });
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const mine = await c.call<{ items: Array<{ id: string; filedBy: object | null }> }>(people.owner._id, { action: 'complaint.mine' });
    if (!mine.ok) throw new Error('unreachable');
    expect(mine.data.items.find((x) => x.id === filed.data.id)).toMatchObject({ filedBy: { name: '张小明', relation: 'family' } });
    const detail = await c.call(people.owner._id, { action: 'complaint.detail', id: filed.data.id });
    expect(detail).toMatchObject({ ok: true, data: { complaint: { complainant: { name: '张小明', phone: '138****2222', relation: 'family' } } } });
    // Following is not acting: the owner cannot rate or withdraw what the family member filed.
    expect(detail.ok && (detail.data as { actions: string[] }).actions).not.toContain('withdraw');
    // The family member sees their own, not the owner's other complaints.
    const theirs = await c.call<{ items: Array<{ id: string }> }>('openid-son', { action: 'complaint.mine' });
    expect(theirs.ok && theirs.data.items.map((x) => x.id)).toEqual([filed.data.id]);
    // Only the registered owner manages the household.
    expect(await c.call('openid-son', { action: 'household.invite', roomId: ROOM, relation: 'tenant' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('one account holds several rooms and picks one when filing; the owner removes a family member', async () => {
    expect(await c.call(people.owner._id, { action: 'owner.bind', communityId: 'community-a', roomId: 'room-5-1-501', name: '张先生', phone: people.owner.phone })).toMatchObject({ ok: true });
    const me = await c.call<{ rooms: Array<{ id: string; relation: string }> }>(people.owner._id, { action: 'account.me' });
    expect(me.ok && me.data.rooms.map((r) => r.id).sort()).toEqual([ROOM, 'room-5-1-501']);
    const body = { action: 'complaint.submit', communityId: 'community-a', location: { kind: 'room', building: '5', unit: '1', room: '501' }, description: '厨房下水道堵塞' };
    expect(await c.call(people.owner._id, { ...body, requestId: 'two-rooms-1' })).toMatchObject({ ok: false, code: 'VALIDATION', message: '请选择为哪套房屋投诉' });
    expect(await c.call(people.owner._id, { ...body, requestId: 'two-rooms-2', roomId: 'room-9-9-999' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(people.owner._id, { ...body, requestId: 'two-rooms-3', roomId: 'room-5-1-501' })).toMatchObject({ ok: true });

    const household = await c.call<{ items: Array<{ personId: string; name: string; relation: string; you: boolean }> }>(people.owner._id, { action: 'household.list', roomId: ROOM });
    if (!household.ok) throw new Error('unreachable');
    expect(household.data.items.map((p) => [p.name, p.relation, p.you])).toEqual([['张先生', 'owner', true], ['张小明', 'family', false]]);
    const son = household.data.items.find((p) => p.relation === 'family')!;
    expect(await c.call(people.owner._id, { action: 'household.remove', roomId: ROOM, personId: son.personId })).toEqual({ ok: true, data: { removed: true } });
    expect(await c.call('openid-son', { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });
  it('我的投诉 pages on (submittedAt, _id): 15 complaints filed at one instant are each listed once (issue 15)', async () => {
    // Three tenants of the owner's second room file five each (the rate limit allows five apiece).
    for (const t of ['t1', 't2', 't3']) {
      const invited = await c.call<{ code: string }>(people.owner._id, { action: 'household.invite', roomId: 'room-5-1-501', relation: 'tenant' });
      if (!invited.ok) throw new Error(JSON.stringify(invited));
      expect(await c.call(`openid-${t}`, { action: 'household.join', code: invited.data.code, name: `租户${t}`, phone: '13822223333' })).toMatchObject({ ok: true });
      for (let i = 0; i < 5; i++) {
        const r = await c.call(`openid-${t}`, { action: 'complaint.submit', requestId: `tie-${t}-${i}-x`, roomId: 'room-5-1-501', communityId: 'community-a', location: { kind: 'room', building: '5', unit: '1', room: '501' }, description: `租户反映的问题 ${t}-${i}` });
        expect(r).toMatchObject({ ok: true });
      }
    }
    const instant = new Date('2026-11-18T09:00:00+08:00');
    await c.db.collection('complaints').where({ readers: people.owner._id }).update({ submittedAt: instant });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await c.call<{ items: Array<{ id: string }>; next: string | null }>(people.owner._id, { action: 'complaint.mine', limit: 10, ...(cursor ? { cursor } : {}) });
      if (!page.ok) throw new Error(JSON.stringify(page));
      seen.push(...page.data.items.map((x) => x.id));
      cursor = page.data.next ?? undefined;
    } while (cursor);
    const { total } = await c.db.collection('complaints').where({ readers: people.owner._id }).count();
    expect(seen).toHaveLength(total!);
    expect(new Set(seen).size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(15);
    expect(await c.call(people.owner._id, { action: 'complaint.mine', cursor: 'k12.<script>' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });
});
