// The households roll survives a hostile file (issue 25), through the real api function on CloudBase
// Local: a workbook that expands to 150 MB, or holds too many rows or columns, is refused before it is
// parsed, quickly and in Chinese; a formula cell is refused with its row and column; a roll that
// removes most rooms says who loses their home and needs the community's name typed; full-width
// digits and stray spaces are read as the digits people meant, and every phone is checked one way.
import { performance } from 'perf_hooks';
import { ROLL_MAX_ROWS } from '../../domain/households';
import { admin, ownerMember, startApi, type ApiCloud } from '../support/api';
import { manyRows, rowXml, streamedWorkbook, workbook, zipBomb, type HostileCell } from '../support/xlsx';

let c: ApiCloud;
type Counters = { total: { writes: number } };
const writes = async () => (await c.get<Counters>('/local/counters')).total.writes;

const HEADER = ['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'];
/** 100 rooms on record in 阳光花园: 1栋1单元101 … 1栋1单元200. */
const ROOMS = Array.from({ length: 100 }, (_, i) => ({ _id: `room-${101 + i}`, communityId: 'community-a', building: '1', unit: '1', room: String(101 + i), ownerName: `业主${i}`, residentPhones: [`1350000${String(i).padStart(4, '0')}`] }));
const rowOf = (r: (typeof ROOMS)[number]): HostileCell[] => ['阳光花园', r.building, r.unit, r.room, r.ownerName, r.residentPhones[0]!];

beforeAll(async () => {
  c = await startApi();
  await c.db.collection('members').add({ ...admin });
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 100 });
  await c.db.collection('rooms').add(ROOMS);
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

let uploads = 0;
async function upload(file: Buffer): Promise<string> {
  const { fileID } = await c.app.uploadFile({ cloudPath: `imports/${admin._id}/hostile-${++uploads}.xlsx`, fileContent: file });
  return fileID!;
}
type Preview = { importId: string | null; add: number; change: number; remove: number; errorCount: number; errors: Array<{ message: string }>; unbinds: Record<string, number>; confirmName: string | null };
const preview = (fileID: string) => c.call<Preview>(admin._id, { action: 'admin.households.preview', communityId: 'community-a', fileID });

/** Preview a hostile file: refused with `detail`, a sentence containing `says`, in well under the function's 20 s, writing nothing. */
async function refused(file: Buffer, detail: string, says: string) {
  const fileID = await upload(file);
  await c.post('/local/counters/reset', {});
  const start = performance.now();
  const r = await preview(fileID);
  const ms = performance.now() - start;
  expect(r).toMatchObject({ ok: false, code: 'VALIDATION', detail, message: expect.stringContaining(says) });
  expect(await writes()).toBe(0);
  return ms;
}

describe('a file bounded before it is parsed', () => {
  it('a 150 KB workbook whose one cell expands to 150 MB is refused in Chinese, not run into the timeout', async () => {
    const bomb = zipBomb(HEADER, 150);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const ms = await refused(bomb, 'ROLL.UNZIPPED_TOO_LARGE', '表格解压后超过 10 MB');
    expect(ms).toBeLessThan(5_000);
  });

  it('more rows than a roll holds — counted, or by a row number far down — is refused before parsing', async () => {
    await refused(manyRows(HEADER, ROLL_MAX_ROWS + 1, (n) => ['阳光花园', '9', '1', String(n), '', '']), 'ROLL.TOO_MANY_ROWS', `表格超过 ${ROLL_MAX_ROWS} 行`);
    // One row numbered 600,000: the parser would lay out every row above it.
    await refused(streamedWorkbook(HEADER, [rowXml(600_000, rowOf(ROOMS[0]!))]), 'ROLL.TOO_MANY_ROWS', `表格超过 ${ROLL_MAX_ROWS} 行`);
  });

  it('a cell beyond column Z is refused', async () => {
    const wide: HostileCell[] = [...rowOf(ROOMS[0]!), ...Array.from({ length: 30 }, () => '备注')];
    await refused(workbook([HEADER, wide]), 'ROLL.TOO_MANY_COLUMNS', '表格超过 26 列');
  });
});

describe('formula cells', () => {
  const rows = ROOMS.map(rowOf);
  it('a formula with its cached value is refused with its row and column, not imported as the value', async () => {
    const sum = rows.map((r, i) => (i === 10 ? [...r.slice(0, 3), { formula: 'D11+1', cached: '112' }, ...r.slice(4)] : r));
    await refused(workbook([HEADER, ...sum]), 'ROLL.FORMULA', '第 12 行 D 列是公式，请粘贴为数值后再导入');
    const link = rows.map((r, i) => (i === 0 ? [...r.slice(0, 4), { formula: 'HYPERLINK("http://example.com","王先生")', cached: '王先生' }, r[5]!] : r));
    await refused(workbook([HEADER, ...link]), 'ROLL.FORMULA', '第 2 行 E 列是公式');
  });

  it('a phone formula with no cached value is refused, not registered as a room without a phone', async () => {
    const blank = rows.map((r, i) => (i === 4 ? [...r.slice(0, 5), { formula: 'CONCAT("138","00138000")' }] : r));
    await refused(workbook([HEADER, ...blank]), 'ROLL.FORMULA', '第 6 行 F 列是公式');
  });
});

describe('a roll that removes most rooms', () => {
  const OWNER_ROOM = ROOMS[0]!;
  beforeAll(async () => {
    // 1栋1单元101: its owner, the family member and the tenant the owner invited.
    const owner = ownerMember('openid-roll-owner', '业主0', OWNER_ROOM.residentPhones[0]!, OWNER_ROOM._id);
    const invited = (openid: string, relation: 'family' | 'tenant') => ({ ...ownerMember(openid, relation, '13811112222', OWNER_ROOM._id), rooms: [{ ...owner.rooms[0], relation, phone: '13811112222', invitedBy: owner._id }] });
    await c.db.collection('members').add([{ ...owner }, invited('openid-roll-family', 'family'), invited('openid-roll-tenant', 'tenant')]);
  });

  it('a header-only roll previews as removing all 100 rooms, says who loses their room, and applies only with the community’s name typed', async () => {
    const r = await preview(await upload(workbook([HEADER])));
    expect(r).toMatchObject({ ok: true, data: { remove: 100, add: 0, unbinds: { owner: 1, family: 1, tenant: 1 }, confirmName: '阳光花园' } });
    if (!r.ok) throw new Error('unreachable');
    await c.post('/local/counters/reset', {});
    const apply = (confirmName?: string) => c.call(admin._id, { action: 'admin.households.apply', importId: r.data.importId, ...(confirmName === undefined ? {} : { confirmName }) });
    expect(await apply()).toMatchObject({ ok: false, code: 'VALIDATION', detail: 'ROLL.CONFIRM_NAME', message: '这次导入将删除 100 户（超过全部 100 户的 20%），请输入小区名称「阳光花园」确认' });
    expect(await apply('阳光')).toMatchObject({ ok: false, detail: 'ROLL.CONFIRM_NAME' });
    expect(await writes()).toBe(0);
    expect((await c.db.collection('rooms').where({ communityId: 'community-a' }).count()).total).toBe(100);
    // Withdrawn: the office uploads the real roll instead, which removes one room in a hundred.
    const one = await preview(await upload(workbook([HEADER, ...ROOMS.slice(0, 99).map(rowOf)])));
    expect(one).toMatchObject({ ok: true, data: { remove: 1, unbinds: { owner: 0, family: 0, tenant: 0 }, confirmName: null } });
  });

  it('typed as it is named (full-width or spaced alike), the removal applies and ends those bindings', async () => {
    const r = await preview(await upload(workbook([HEADER, ...ROOMS.slice(50).map(rowOf)])));
    expect(r).toMatchObject({ ok: true, data: { remove: 50, unbinds: { owner: 1, family: 1, tenant: 1 }, confirmName: '阳光花园' } });
    if (!r.ok) throw new Error('unreachable');
    expect(await c.call(admin._id, { action: 'admin.households.apply', importId: r.data.importId, confirmName: ' 阳光花园 ' })).toMatchObject({ ok: true, data: { done: true, unbound: 3 } });
    expect(await c.call('openid-roll-tenant', { action: 'complaint.mine' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });
});

describe('full-width digits and stray spaces', () => {
  it('are read as the digits and words people meant; a phone split by spaces is refused with its row', async () => {
    const rows: HostileCell[][] = [
      ['阳光花园', ' ２ ', '１', '１２０１', '王　 先生', '１３９００１３９０００ ， 13700137000'],
      ['阳光花园', '2', '1', '1202', '李女士', '139 0013 9001'],
    ];
    const bad = await preview(await upload(workbook([HEADER, ...rows])));
    expect(bad).toMatchObject({ ok: true, data: { importId: null, errorCount: 1, errors: [{ message: '第 3 行：手机号「139」格式不正确（11 位手机号，或带区号的座机）' }] } });
    const r = await preview(await upload(workbook([HEADER, ...ROOMS.slice(50).map(rowOf), rows[0]!])));
    expect(r).toMatchObject({ ok: true, data: { add: 1, remove: 0, errorCount: 0 } });
    if (!r.ok) throw new Error('unreachable');
    expect(await c.call(admin._id, { action: 'admin.households.apply', importId: r.data.importId })).toMatchObject({ ok: true, data: { done: true } });
    const { data } = await c.db.collection('rooms').where({ communityId: 'community-a', building: '2' }).get();
    expect(data).toMatchObject([{ building: '2', unit: '1', room: '1201', ownerName: '王 先生', residentPhones: ['13900139000', '13700137000'] }]);
    // The owner binds typing the phone in full width, as some keyboards do.
    const room = (data[0] as { _id: string })._id;
    expect(await c.call('openid-fullwidth', { action: 'owner.bind', communityId: 'community-a', roomId: room, name: '王先生', phone: '１３９ ００１３ ９０００' })).toMatchObject({ ok: true });
  });

  it('a family member joining gives a phone checked like every phone: normalised, or refused in Chinese with nothing written', async () => {
    const invite = async () => {
      const r = await c.call<{ code: string }>('openid-fullwidth', { action: 'household.invite', roomId: (await c.db.collection('rooms').where({ communityId: 'community-a', building: '2' }).get()).data[0]!._id, relation: 'tenant' });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.data.code;
    };
    const code = await invite();
    await c.post('/local/counters/reset', {});
    for (const phone of ['12345', '1380013800０x', '']) {
      expect(await c.call('openid-joiner', { action: 'household.join', code, name: '租户', phone })).toMatchObject({ ok: false, code: 'VALIDATION', message: '手机号格式不正确（11 位手机号，或带区号的座机）' });
    }
    expect(await writes()).toBe(0);
    expect(await c.call('openid-joiner', { action: 'household.join', code, name: '租户', phone: '１３８ １１１１ ３３３３' })).toMatchObject({ ok: true, data: { relation: 'tenant' } });
    const { data } = await c.db.collection('members').doc('openid-joiner').get();
    expect(data[0]).toMatchObject({ phone: '13811113333', rooms: [{ relation: 'tenant', phone: '13811113333' }] });
  });
});
