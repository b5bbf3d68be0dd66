// From nothing to working complaints (issue 13): a new company's first administrator opens it with
// the setup code set at deploy, creates its community, imports its households roll, invites its
// reception; an owner binds with the phone the roll registered and files; reception takes it.
// Everything through the real functions on CloudBase Local, starting from an empty database.
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { startApi, type ApiCloud } from '../support/api';

const SETUP_CODE = 'YG-2026-setup-7f3k9q';
let c: ApiCloud;
beforeAll(async () => {
  // The deploying shell's variable, as cloudbaserc.json's {{env.SETUP_CODE}} passes it to the api function.
  process.env.SETUP_CODE = SETUP_CODE;
  c = await startApi();
});
afterAll(async () => {
  delete process.env.SETUP_CODE;
  await c.stop();
});

it('a new company opens with its setup code, once, and goes on to its first complaint', async () => {
  const setup = (openid: string, code: string) => c.call(openid, { action: 'company.setup', code, name: '陈经理', phone: '13700001111' });
  expect(await setup('openid-boss', 'guess-guess-guess')).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '开通码不正确' });
  const [a, b] = await Promise.all([setup('openid-boss', SETUP_CODE), setup('openid-rival', SETUP_CODE)]);
  expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
  const boss = a.ok ? 'openid-boss' : 'openid-rival';
  expect(await setup('openid-late', SETUP_CODE)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('已经开通') });

  // The administrator's first community, then its roll from Excel.
  const created = await c.call<{ id: string }>(boss, { action: 'admin.community.upsert', name: '阳光花园', households: 2, serviceDesk: { phone: '0571-88886666', hours: '8:00–20:00' } });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const communityId = created.data.id;
  const rows = [['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'], ['阳光花园', '1', '1', '101', '张先生', '13800000001'], ['阳光花园', '1', '1', '102', '李女士', '13800000002']];
  const { fileID } = await c.app.uploadFile({ cloudPath: `imports/${boss}/roll.xlsx`, fileContent: await writeExcelFile(rows.map((r) => r.map((value) => ({ value }))) as SheetData).toBuffer() });
  const preview = await c.call<{ importId: string }>(boss, { action: 'admin.households.preview', communityId, fileID });
  if (!preview.ok) throw new Error(JSON.stringify(preview));
  expect(await c.call(boss, { action: 'admin.households.apply', importId: preview.data.importId })).toMatchObject({ ok: true, data: { done: true } });

  // Reception joins by invitation; an owner binds with the registered phone and files.
  const invited = await c.call<{ code: string }>(boss, { action: 'admin.invite', role: 'reception', communityIds: [communityId], department: 'customer_service', name: '客服小周', phone: '13700002222' });
  if (!invited.ok) throw new Error(JSON.stringify(invited));
  expect(await c.call('openid-desk', { action: 'staff.join', code: invited.data.code })).toMatchObject({ ok: true });
  const rooms = await c.call<{ items: Array<{ id: string; label: string }> }>('openid-owner', { action: 'directory.list', communityId, building: '1' });
  const room = rooms.ok ? rooms.data.items.find((r) => r.label.endsWith('101'))! : { id: '' };
  expect(await c.call('openid-owner', { action: 'owner.bind', communityId, roomId: room.id, name: '张先生', phone: '13800000001' })).toMatchObject({ ok: true });
  const filed = await c.call<{ id: string; contact: string }>('openid-owner', { action: 'complaint.submit', requestId: 'first-complaint-1', communityId, location: { kind: 'room', building: '1', unit: '1', room: '101' }, description: '楼道灯一直不亮' });
  expect(filed).toMatchObject({ ok: true, data: { contact: '客服中心 0571-88886666' } });
  const inbox = await c.call<{ items: Array<{ id: string }> }>('openid-desk', { action: 'inbox.list', view: 'to_triage' });
  expect(inbox.ok && inbox.data.items.map((x) => x.id)).toEqual([filed.ok ? filed.data.id : '']);
});

it('setup is closed without a code long enough to be a secret', async () => {
  process.env.SETUP_CODE = 'short';
  const other = await startApi();
  try {
    expect(await other.call('openid-x', { action: 'company.setup', code: 'short', name: '某人', phone: '13700003333' })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('未启用') });
  } finally {
    process.env.SETUP_CODE = SETUP_CODE;
    await other.stop();
  }
});
