// 住户名册导入 at the size of a large estate: a 5,000-row roll from upload to applied, through the
// real bundled api function on CloudBase Local — time, reads and writes per step and per batch,
// against the function's configured timeout (cloudbaserc.json) — then the same file again (nothing
// to change). `npm run bench:roll` → bench/roll.json → bench/RESULTS.md.
import fs from 'fs';
import path from 'path';
import { performance } from 'perf_hooks';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { ROLL_MAX_ROWS } from '../domain/households';
import { admin, startApi, type ApiCloud } from '../tests/support/api';
import { manyRows, zipBomb } from '../tests/support/xlsx';

const ROWS = Number(process.env.BENCH_ROLL_ROWS ?? 5000);
type Counters = { total: { reads: number; writes: number } };
let c: ApiCloud;

beforeAll(async () => {
  c = await startApi();
  await c.db.collection('members').add({ ...admin });
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: ROWS });
});
afterAll(() => c.stop());

/** Run one call and measure it: wall time, and the database reads and writes it made. */
async function measured<T>(request: Record<string, unknown>): Promise<{ data: T; ms: number; reads: number; writes: number }> {
  await c.post('/local/counters/reset', {});
  const start = performance.now();
  const r = await c.call<T>(admin._id, request);
  const ms = performance.now() - start;
  if (!r.ok) throw new Error(JSON.stringify(r));
  const { total } = await c.get<Counters>('/local/counters');
  return { data: r.data, ms, reads: total.reads, writes: total.writes };
}

it('a 5,000-row roll from upload to applied, and again', async () => {
  // 50 buildings × 4 units × 25 rooms, each with its owner and one or two phones.
  const rows = Array.from({ length: ROWS }, (_, i) => ['阳光花园', String(1 + Math.floor(i / 100)), String(1 + (Math.floor(i / 25) % 4)), String(101 + (i % 25)), `业主${i}`, i % 3 ? `1350${String(i).padStart(7, '0')}` : `1350${String(i).padStart(7, '0')}、1360${String(i).padStart(7, '0')}`]);
  const data = [['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'], ...rows].map((row) => row.map((value) => ({ value }))) as SheetData;
  const buffer = await writeExcelFile(data).toBuffer();
  const upload = async (n: number) => {
    const start = performance.now();
    const { fileID } = await c.app.uploadFile({ cloudPath: `imports/${admin._id}/roll-${n}.xlsx`, fileContent: buffer });
    return { fileID: fileID!, ms: performance.now() - start };
  };

  const first = await upload(1);
  const preview = await measured<{ importId: string; add: number; batches: number }>({ action: 'admin.households.preview', communityId: 'community-a', fileID: first.fileID });
  const calls: Array<{ ms: number; reads: number; writes: number; applied: number }> = [];
  for (let done = false; !done; ) {
    const r = await measured<{ applied: number; done: boolean }>({ action: 'admin.households.apply', importId: preview.data.importId });
    calls.push({ ms: r.ms, reads: r.reads, writes: r.writes, applied: r.data.applied });
    done = r.data.done;
  }
  const again = await upload(2);
  const repeat = await measured<{ importId: string | null; unchanged: number }>({ action: 'admin.households.preview', communityId: 'community-a', fileID: again.fileID });
  expect(repeat.data).toMatchObject({ importId: null, unchanged: ROWS });

  const timeoutSeconds = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string; timeout: number }> }).functions.find((f) => f.name === 'api')!.timeout;
  const batches = calls.reduce((n, x) => n + x.applied, 0);
  const result = {
    measuredAt: new Date().toISOString(),
    rows: ROWS,
    fileBytes: buffer.length,
    timeoutSeconds,
    upload: { ms: first.ms },
    preview: { ms: preview.ms, reads: preview.reads, writes: preview.writes, batches: preview.data.batches },
    apply: {
      calls: calls.length,
      batches,
      ms: calls.reduce((n, x) => n + x.ms, 0),
      slowestCallMs: Math.max(...calls.map((x) => x.ms)),
      writes: calls.reduce((n, x) => n + x.writes, 0),
      reads: calls.reduce((n, x) => n + x.reads, 0),
      perBatch: { ms: calls.reduce((n, x) => n + x.ms, 0) / batches, writes: calls.reduce((n, x) => n + x.writes, 0) / batches },
    },
    reimport: { uploadMs: again.ms, previewMs: repeat.ms, reads: repeat.reads, writes: repeat.writes },
  };
  fs.writeFileSync(path.join(__dirname, 'roll.json'), JSON.stringify({ ...result, hostile: await hostileFiles() }, null, 2) + '\n');
  // Every call well inside the function's timeout: the apply stops starting batches at half of it.
  expect(result.apply.slowestCallMs).toBeLessThan(timeoutSeconds * 1000);
  expect(result.preview.ms).toBeLessThan(timeoutSeconds * 1000);
}, 600_000);

const HEADER = ['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'];

/** The api function's containers: CloudBase Local forks them from this process. */
function containers(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(process.pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}
const peakMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * The worst files we could build, previewed through the function: wall time, the answer, and the
 * peak resident memory of the fresh container that answered it.
 */
async function hostileFiles() {
  const files: Array<[string, () => Buffer]> = [
    ['一个单元格解压后 150 MB（zip 炸弹）', () => zipBomb(HEADER, 150)],
    ['550,000 行', () => manyRows(HEADER, 550_000, (n) => ['阳光花园', String(n % 100), '1', String(n), '业主', `1350${String(n).padStart(7, '0')}`])],
    [`${ROLL_MAX_ROWS.toLocaleString('en-US')} 行、长单元格（接近各项限制，可以导入）`, () => manyRows(HEADER, ROLL_MAX_ROWS, (n) => ['阳光花园', String(n % 100), '1', String(n), '业'.repeat(20), `1350${String(n).padStart(7, '0')}`].map((v, i) => (i === 4 ? v : v.padEnd(12, ' '))))],
  ];
  const out = [];
  for (const [name, build] of files) {
    const file = build();
    const { fileID } = await c.app.uploadFile({ cloudPath: `imports/${admin._id}/hostile-${out.length}.xlsx`, fileContent: file });
    // A fresh container for each file (its peak is then this call's alone, from a cold start, as a
    // new cloud instance would meet it), not one holding the garbage of the file before.
    await c.post('/local/functions/reload', {});
    for (let waited = 0; containers().length > 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const start = performance.now();
    const r = await c.call<{ rows: number }>(admin._id, { action: 'admin.households.preview', communityId: 'community-a', fileID });
    const ms = performance.now() - start;
    const peak = Math.max(...containers().map(peakMb));
    out.push({ name, fileBytes: file.length, ms, peakMb: peak, answer: r.ok ? `预览 ${r.data.rows} 行` : `${r.message}（${r.detail}）` });
    expect(ms).toBeLessThan(r.ok ? 20_000 : 10_000);
  }
  return out;
}
