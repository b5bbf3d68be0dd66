// Storage through the real node SDK: upload, temporary URLs that expire, download, delete.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { storageModule } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

let c: LocalCloud;
beforeAll(async () => {
  c = await startLocal({ modules: [storageModule()] });
});
afterAll(() => c.stop());

it('round-trips a file and refuses its URL once expired', async () => {
  const bytes = Buffer.from('照片的字节 \x00\x01\x02', 'utf8');
  const { fileID } = await c.app.uploadFile({ cloudPath: 'complaint-photos/openid-1/a.jpg', fileContent: bytes });
  expect(fileID).toBe(`cloud://${c.env}.local-bucket/complaint-photos/openid-1/a.jpg`);

  const { fileList } = await c.app.getTempFileURL({ fileList: [{ fileID: fileID!, maxAge: 60 }] });
  expect(fileList[0]).toMatchObject({ code: 'SUCCESS' });
  const url = fileList[0]!.tempFileURL;
  expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(bytes);
  expect((await c.app.downloadFile({ fileID: fileID! })).fileContent).toEqual(bytes);

  await c.post('/local/clock', { advanceMs: 61_000 });
  expect((await fetch(url)).status).toBe(403);
  await c.post('/local/clock', { set: new Date().toISOString() });

  const { fileList: deleted } = await c.app.deleteFile({ fileList: [fileID!, 'cloud://nope/x.jpg'] });
  expect(deleted.map((d) => d.code)).toEqual(['SUCCESS', 'STORAGE_FILE_NONEXIST']);
  const { fileList: gone } = await c.app.getTempFileURL({ fileList: [fileID!] });
  expect(gone[0]).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
});

it('a forged or tampered URL is refused', async () => {
  const { fileID } = await c.app.uploadFile({ cloudPath: 'p/b.jpg', fileContent: Buffer.from('b') });
  const { fileList } = await c.app.getTempFileURL({ fileList: [fileID!] });
  const tampered = fileList[0]!.tempFileURL.replace(/expires=\d+/, `expires=${Date.now() + 10 ** 9}`);
  expect((await fetch(tampered)).status).toBe(403);
});

it('uploads as a user through the local endpoint and records the uploader', async () => {
  const res = await fetch(`${c.url}/local/storage/upload?openid=openid-9&path=complaint-photos/openid-9/c.jpg`, { method: 'POST', body: 'c' });
  const { fileID } = (await res.json()) as { fileID: string };
  expect(fileID).toContain('complaint-photos/openid-9/c.jpg');
  expect(await c.get('/local/storage/files?openid=openid-9')).toEqual([expect.objectContaining({ fileID, uploader: 'openid-9', size: 1 })]);
  const bad = await fetch(`${c.url}/local/storage/upload?openid=x&path=../../etc/passwd`, { method: 'POST', body: 'x' });
  expect(bad.status).toBe(400);
});

it('keeps files and their uploaders on disk across a restart', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-storage-'));
  const sdkEnv = { ...process.env };
  try {
    const first = await startLocal({ dataDir, modules: [storageModule()] });
    const up = await fetch(`${first.url}/local/storage/upload?openid=openid-K&path=complaint-photos/openid-K/d.jpg`, { method: 'POST', body: 'dd' });
    const { fileID } = (await up.json()) as { fileID: string };
    await first.stop();
    expect(fs.readdirSync(path.join(dataDir, 'storage', 'objects'))).toHaveLength(1);
    const second = await startLocal({ dataDir, modules: [storageModule()] });
    expect((await second.app.downloadFile({ fileID })).fileContent).toEqual(Buffer.from('dd'));
    expect(await second.get('/local/storage/files?openid=openid-K')).toEqual([expect.objectContaining({ fileID, uploader: 'openid-K' })]);
    await second.stop();
  } finally {
    Object.assign(process.env, sdkEnv);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
