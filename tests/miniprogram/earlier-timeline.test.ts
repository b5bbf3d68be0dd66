/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 查看更早的记录 on 投诉详情 (owner) and 工单详情 (staff): a complaint with a long history opens with its
// latest steps; each tap brings the page before, shown above, oldest first, with its photos — and no
// setData comes near WeChat's 256 KB.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, render, setDataLog, tap, text, until, type Rendered } from './support/simulate';

const cloud = useDemoCompany();

const NOTES = 40;
let requests = 0;

/**
 * A complaint by demo-owner-2 with NOTES 补充信息 after its intake, each through the api: the latest
 * entries stay on the complaint, the older ones move to complaint_timeline as they would in use.
 * The third entry carries a photo.
 */
async function longHistory(): Promise<{ id: string; photo: string }> {
  const filed = await cloud().call<{ id: string }>('demo-owner-2', { action: 'complaint.submit', requestId: `earlier-${requests++}-${Date.now()}`, communityId: 'community-a', location: { kind: 'public_area', description: '5栋大堂' }, description: '大堂的自动门时好时坏' });
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const id = filed.data.id;
  const upload = await fetch(`${cloud().url}/local/storage/upload?openid=demo-owner-2&path=complaint-photos/demo-owner-2/door-${id}.jpg`, { method: 'POST', body: Buffer.from([1, 2, 3]) });
  const { fileID: photo } = (await upload.json()) as { fileID: string };
  for (let seq = 2; seq <= NOTES + 1; seq++) {
    const text = seq === 2 ? '第2条：今天早上又卡住了' : `第${seq}条：门还是时好时坏`;
    const added = await cloud().call('demo-owner-2', { action: 'complaint.command', id, command: { type: 'add_info', text, photos: seq === 3 ? [photo] : [] } });
    if (!added.ok) throw new Error(JSON.stringify(added));
  }
  return { id, photo };
}

/** Tap 查看更早的记录 until the whole history is shown; the number of taps. */
async function readToTheStart(page: Rendered): Promise<number> {
  let taps = 0;
  while ((page.data.earlier as number) > 0) {
    const before = page.data.earlier as number;
    tap(byText(page, 'van-button', '查看更早的记录'));
    await until(() => (page.data.earlier as number) < before, 'the earlier page');
    taps++;
  }
  return taps;
}

const ready = (page: Rendered) => until(() => page.data.state === 'ready', 'the page');

it('投诉详情 opens with the latest steps; 查看更早的记录 brings the earlier ones above them, oldest first, with their photos', async () => {
  const { id, photo } = await longHistory();
  setLocalUser('demo-owner-2');
  const page = render('pages/detail/index', { id });
  await ready(page);
  expect(text(page)).toContain(`第${NOTES + 1}条`);
  expect(text(page)).not.toContain('第2条：');
  expect(text(page)).not.toContain('提交投诉');
  expect(text(page)).toContain('查看更早的记录');

  setDataLog.length = 0;
  expect(await readToTheStart(page)).toBe(Math.ceil((NOTES + 1 - 15) / 15));
  expect(text(page)).not.toContain('查看更早的记录');
  const shown = text(page);
  const order = ['提交投诉', '第2条：', '第3条：', '第20条：', `第${NOTES + 1}条：`].map((s) => shown.indexOf(s));
  expect(order.every((at) => at >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // The photo of an early entry joins the others, with its link.
  expect(page.data.photos).toEqual(expect.arrayContaining([expect.objectContaining({ key: photo, url: expect.stringMatching(/^http/), caption: '补充信息' })]));
  // Each tap set its own page by path, never the whole history again.
  const earlierSets = setDataLog.filter((s) => s.page === 'pages/detail/index');
  expect(earlierSets.length).toBeGreaterThan(0);
  expect(Math.max(...earlierSets.map((s) => s.bytes))).toBeLessThan(8 * 1024);
});

it('工单详情 pages back the same way for staff', async () => {
  const { id } = await longHistory();
  setLocalUser('demo-reception-a');
  const page = render('staff/pages/task/index', { id });
  await ready(page);
  expect(text(page)).toContain(`第${NOTES + 1}条`);
  expect(text(page)).not.toContain('第2条：');
  await readToTheStart(page);
  expect(text(page)).toContain('第2条：今天早上又卡住了');
  expect(text(page)).toContain('提交投诉');
  expect(text(page)).not.toContain('查看更早的记录');
});
