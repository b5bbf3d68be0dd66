// A complaint's history stays bounded (issue 31 item 4): the complaint document keeps its latest
// timeline entries and counts, the older entries live one per document in complaint_timeline, so a
// thousand maximal 补充信息 leave the document under 64 KB and every detail, command and scheduler run
// reads what it read at twenty; the whole history still pages back, an owner never reads the staff's
// chasing, a photo attached again is not added again, and commands fired at once lose or repeat no entry.
import { DOCUMENT_BOUND, RECENT_ENTRIES } from '../../server/complaints/timeline';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await Promise.all([seedPeople(c), c.post('/local/clock', { set: '2026-11-18T09:00:00+08:00' })]);
});
afterAll(() => c.stop());

const SUPPLEMENTS = 1000;

type Tally = { reads: number; bytesRead: number };
type Entry = { seq: number; type: string; text?: string; photos?: string[]; by: { role: string; name: string } };
type Detail = { complaint: { timeline: Entry[]; photos: string[] }; earlierEntries: number };
type Page = { entries: Entry[]; earlierEntries: number };

/** Bytes the database sent back per collection during `run`. */
async function bytesDuring<T>(run: () => Promise<T>): Promise<{ result: T; complaints: number; timeline: number }> {
  await c.post('/local/counters/reset', {});
  const result = await run();
  const { byCollection } = await c.get<{ byCollection: Record<string, Tally | undefined> }>('/local/counters');
  return { result, complaints: byCollection.complaints?.bytesRead ?? 0, timeline: byCollection.complaint_timeline?.bytesRead ?? 0 };
}

async function ok<T>(openid: string, request: object): Promise<T> {
  const r = await c.call<T>(openid, request);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

/** The stored complaint document and its size as JSON. */
async function stored(id: string): Promise<{ doc: { version: number; timeline: Entry[]; timelineLength: number; photos: string[]; outbox: unknown[] }; bytes: number }> {
  const { data } = await c.db.collection('complaints').doc(id).get();
  return { doc: data[0] as never, bytes: Buffer.byteLength(JSON.stringify(data[0])) };
}

const photo = (openid: string, name: string) => `cloud://local.test/complaint-photos/${openid}/${name}.jpg`;
/** As much as an owner may add at once: 2,000 characters and 9 photos of their own. */
const maximal = (k: number) => ({ type: 'add_info', text: `第${k}条补充：`.padEnd(2000, '漏'), photos: Array.from({ length: 9 }, (_, i) => photo(people.owner._id, `s${k}-${i}`)) });

let filed = 0;
async function accepted(description: string, photos: string[] = []): Promise<string> {
  // Five filings per owner in ten minutes: move past the window each time.
  await c.post('/local/clock', { advanceMs: 11 * 60_000 });
  const { id } = await ok<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: `history-${filed++}`, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description, photos });
  await ok(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary', handlerId: people.handler1._id } });
  await ok(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } });
  return id;
}

/** Read the whole timeline as `openid` would: the detail, then 查看更早的记录 until the start. */
async function wholeTimeline(openid: string, id: string): Promise<{ entries: Entry[]; pages: number }> {
  const detail = await ok<Detail>(openid, { action: 'complaint.detail', id });
  let entries = detail.complaint.timeline;
  let earlier = detail.earlierEntries;
  let pages = 0;
  while (earlier > 0) {
    const page = await ok<Page>(openid, { action: 'complaint.timeline', id, before: entries[0]!.seq });
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.length).toBeLessThanOrEqual(15);
    expect(page.earlierEntries).toBe(earlier - page.entries.length);
    entries = [...page.entries, ...entries];
    earlier = page.earlierEntries;
    pages++;
  }
  return { entries, pages };
}

describe('a thousand maximal 补充信息', () => {
  let id = '';
  const intake = photo(people.owner._id, 'intake');
  /** At 20, 100 and 1,000 supplements: the document's size and the bytes each call read. */
  const figures: Array<{ supplements: number; document: number; detail: number; detailTimeline: number; command: number; sweep: number }> = [];

  beforeAll(async () => {
    id = await accepted('车库入口的排水沟堵了，一下雨就积水。', [intake]);
    for (let k = 1; k <= SUPPLEMENTS; k++) {
      const checkpoint = k === 20 || k === 100 || k === SUPPLEMENTS;
      const command = await bytesDuring(() => ok(people.owner._id, { action: 'complaint.command', id, command: maximal(k) }));
      // The scheduler runs every minute: the handler's 业主补充了信息 go out, reminders come due.
      if (k % 25 === 0 || checkpoint) {
        await c.post('/local/clock', { advanceMs: 15 * 60_000 });
        const sweep = await bytesDuring(() => c.post('/local/functions/scheduler/invoke', { data: {} }));
        if (checkpoint) {
          const detail = await bytesDuring(() => ok<Detail>(people.owner._id, { action: 'complaint.detail', id }));
          figures.push({ supplements: k, document: (await stored(id)).bytes, detail: detail.complaints, detailTimeline: detail.timeline, command: command.complaints + command.timeline, sweep: sweep.complaints + sweep.timeline });
        }
      }
    }
  }, 900_000);

  it(`the document stays under ${DOCUMENT_BOUND / 1024} KB and what a detail, a command and a scheduler run read stays flat`, async () => {
    const [twenty, hundred, thousand] = figures;
    console.log(JSON.stringify(figures));
    const { doc, bytes } = await stored(id);
    expect(bytes).toBeLessThan(DOCUMENT_BOUND);
    // The latest few maximal entries (within RECENT_BYTES), not a thousand.
    expect(doc.timeline.length).toBeGreaterThanOrEqual(4);
    expect(doc.timeline.length).toBeLessThan(RECENT_ENTRIES);
    expect(doc.timelineLength).toBeGreaterThan(SUPPLEMENTS + 3);
    // The intake's photos, not every supplement's.
    expect(doc.photos).toEqual([intake]);
    for (const f of [twenty!, hundred!, thousand!]) expect(f.document).toBeLessThan(DOCUMENT_BOUND);
    // Flat: a thousand supplements read no more than twenty did, give or take a few entries' variation.
    for (const key of ['document', 'detail', 'command', 'sweep'] as const) expect(thousand![key]).toBeLessThanOrEqual(twenty![key] * 1.1 + 2048);
    expect(thousand!.detail + thousand!.detailTimeline).toBeLessThan(256 * 1024);
  });

  it('the owner pages through the whole history, every entry they may read once and in order; staff read the chasing too', async () => {
    const { doc } = await stored(id);
    const owner = await wholeTimeline(people.owner._id, id);
    const seqs = owner.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(owner.entries[0]).toMatchObject({ seq: 1, type: 'submitted' });
    expect(owner.entries.filter((e) => e.type === 'info_added')).toHaveLength(SUPPLEMENTS);
    expect(owner.entries.filter((e) => e.type === 'info_added').map((e) => e.text)).toEqual(Array.from({ length: SUPPLEMENTS }, (_, i) => maximal(i + 1).text));
    expect(owner.entries.some((e) => ['reminded', 'escalated', 'callback_requested'].includes(e.type))).toBe(false);

    const staff = await wholeTimeline(people.handler1._id, id);
    expect(staff.entries.map((e) => e.seq)).toEqual(Array.from({ length: doc.timelineLength }, (_, i) => i + 1));
    // The clock ran for hours past the resolution's reminders: staff see them, the owner did not.
    expect(staff.entries.some((e) => e.type === 'reminded')).toBe(true);
    expect(owner.entries.length).toBe(staff.entries.filter((e) => !['reminded', 'escalated', 'callback_requested'].includes(e.type)).length);
  }, 300_000);

  it('a photo attached again is not added again, however long ago it was attached', async () => {
    const before = await stored(id);
    // The intake's photo, and one of the first supplement's (long moved out of the document).
    for (const again of [intake, maximal(1).photos[0]!]) {
      expect(await c.call(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: '', photos: [again, again] } })).toMatchObject({ ok: false, code: 'VALIDATION', message: '这些照片已经在投诉里了，请填写补充的内容或添加新的照片' });
    }
    const after = await stored(id);
    expect(after.doc.version).toBe(before.doc.version);
    expect(after.bytes).toBe(before.bytes);
    // With something new, only the new is added.
    const fresh = photo(people.owner._id, 'fresh');
    await ok(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: '又拍了一张', photos: [maximal(2).photos[3]!, fresh, fresh] } });
    const last = (await stored(id)).doc.timeline.at(-1)!;
    expect(last).toMatchObject({ type: 'info_added', text: '又拍了一张', photos: [fresh] });
  });
});

describe('commands fired at once', () => {
  it('identical supplements fired together each land once, numbered without gaps, also as entries move out', async () => {
    const id = await accepted('电梯按钮失灵');
    for (let k = 0; k < RECENT_ENTRIES; k++) await ok(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: `先前的补充${k}`, photos: [] } });
    const same = { action: 'complaint.command', id, command: { type: 'add_info', text: '同时提交的补充', photos: [photo(people.owner._id, 'together')] } };
    const results = await Promise.all(Array.from({ length: 4 }, () => c.call(people.owner._id, same)));
    expect(results.every((r) => r.ok)).toBe(true);
    const staff = await wholeTimeline(people.handler1._id, id);
    const { doc } = await stored(id);
    expect(staff.entries.map((e) => e.seq)).toEqual(Array.from({ length: doc.timelineLength }, (_, i) => i + 1));
    const together = staff.entries.filter((e) => e.text === '同时提交的补充');
    expect(together).toHaveLength(4);
    // The photo is on the first of them only.
    expect(together.map((e) => e.photos)).toEqual([[photo(people.owner._id, 'together')], [], [], []]);
    // Each entry moved out once: the collection holds exactly those before the document's latest.
    const { total } = await c.db.collection('complaint_timeline').where({ complaintId: id }).count();
    expect(total).toBe(doc.timelineLength - doc.timeline.length);
    expect(doc.timeline).toHaveLength(RECENT_ENTRIES);
  });

  it('of identical steps fired together exactly one is recorded', async () => {
    await c.post('/local/clock', { advanceMs: 11 * 60_000 });
    const { id } = await ok<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: `history-${filed++}`, communityId: 'community-a', location: { kind: 'public_area', description: '大堂' }, description: '大堂灯不亮' });
    await ok(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
    const results = await Promise.all(Array.from({ length: 3 }, () => c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const staff = await wholeTimeline(people.handler1._id, id);
    expect(staff.entries.map((e) => e.type)).toEqual(['submitted', 'triaged', 'accepted']);
  });
});

describe('a complaint stored before the timeline had a collection of its own', () => {
  it('reads as it was, and its next write moves the older entries out without losing or repeating one', async () => {
    const id = await accepted('水管漏水', [photo(people.owner._id, 'old-intake')]);
    for (let k = 0; k < 3; k++) await ok(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: `补充${k}`, photos: [photo(people.owner._id, `old-${k}`)] } });
    // Rewrite it in the old shape: the whole timeline on the document (30 entries), no counts,
    // `photos` holding every supplement's, entries not numbered among the owner's.
    const { doc } = await stored(id);
    const pattern = doc.timeline.at(-1)! as Entry & Record<string, unknown>;
    const older = (await c.db.collection('complaint_timeline').where({ complaintId: id }).limit(100).get()).data as Array<Entry & Record<string, unknown>>;
    const entries: Array<Record<string, unknown>> = [...older.sort((a, b) => a.seq - b.seq), ...doc.timeline];
    while (entries.length < 40) entries.push({ ...pattern, seq: entries.length + 1, text: `旧补充${entries.length + 1}`, photos: [] });
    const whole = entries.map((e) => {
      const { ownerSeq: _o, complaintId: _c, ownerVisible: _v, _id: _i, ...entry } = e;
      return entry;
    });
    await c.db.collection('complaint_timeline').where({ complaintId: id }).remove();
    const _ = c.db.command;
    await c.db.collection('complaints').doc(id).update({ timeline: _.set(whole), photos: [photo(people.owner._id, 'old-intake'), photo(people.owner._id, 'old-0')], timelineLength: _.remove(), ownerEntries: _.remove(), resolutionStartedAt: _.remove(), firstResolvedAt: _.remove() });

    const detail = await ok<Detail>(people.owner._id, { action: 'complaint.detail', id });
    expect(detail.complaint.timeline.at(-1)!.seq).toBe(40);
    expect(detail.earlierEntries).toBe(40 - 15);
    expect(detail.complaint.photos).toEqual([photo(people.owner._id, 'old-intake')]);
    // Its old supplement photo is found on its entry: not added again.
    expect(await c.call(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: '', photos: [photo(people.owner._id, 'old-1')] } })).toMatchObject({ ok: false, code: 'VALIDATION' });

    await ok(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: '第41条', photos: [] } });
    const after = await stored(id);
    expect(after.doc.timeline.map((e) => e.seq)).toEqual(Array.from({ length: RECENT_ENTRIES }, (_, i) => 41 - RECENT_ENTRIES + 1 + i));
    expect(after.doc.timelineLength).toBe(41);
    expect(after.doc.photos).toEqual([photo(people.owner._id, 'old-intake')]);
    const { total } = await c.db.collection('complaint_timeline').where({ complaintId: id }).count();
    expect(total).toBe(41 - RECENT_ENTRIES);
    const owner = await wholeTimeline(people.owner._id, id);
    expect(owner.entries.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(owner.entries.at(-1)).toMatchObject({ text: '第41条' });
  });
});

describe('erasure after retention', () => {
  it('takes the owner’s name off the older entries too; staff names stay', async () => {
    const id = await accepted('绿化带没人修剪');
    for (let k = 0; k < RECENT_ENTRIES + 2; k++) await ok(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: `补充${k}`, photos: [] } });
    await ok(people.owner._id, { action: 'complaint.command', id, command: { type: 'withdraw', reason: '' } });
    const names = async () => ((await c.db.collection('complaint_timeline').where({ complaintId: id }).limit(100).get()).data as Entry[]).map((e) => [e.by.role, e.by.name ?? null]);
    expect(await names()).toContainEqual(['owner', people.owner.name]);
    await c.post('/local/clock', { advanceMs: 366 * 86_400_000 });
    await c.post('/local/functions/scheduler/invoke', { data: {} });
    const after = await names();
    expect(after.filter(([role]) => role === 'owner').every(([, name]) => name === null)).toBe(true);
    expect(after).toContainEqual(['handler', people.handler1.name]);
    const { data } = await c.db.collection('complaint_timeline').where({ complaintId: id }).limit(100).get();
    expect(JSON.stringify(data)).not.toMatch(/张先生|13800138000/);
  });
});
