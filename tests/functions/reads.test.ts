// Read only what is shown (issue 15 item 6): a list page reads the fields its cards show, measured by
// the bytes CloudBase Local's database sends back; a complaint's detail carries its latest timeline
// entries and pages back with complaint.timeline, bounded however long the history, every photo shown
// with its link.
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await Promise.all([seedPeople(c), c.post('/local/clock', { set: '2026-11-18T09:00:00+08:00' })]);
});
afterAll(() => c.stop());

type Tally = { reads: number; bytesRead: number };
type Card = { id: string; description: string; filedBy: unknown; dueAt: string | null };
type Entry = { seq: number; type: string; photos?: string[] };
type Detail = { complaint: { timeline: Entry[]; photos: string[] }; photoUrls: Record<string, string>; earlierEntries: number };
type Page = { entries: Entry[]; photoUrls: Record<string, string>; earlierEntries: number };

/** Call once and measure: the answer's bytes and the bytes the complaints collection sent back. */
async function measured<T>(openid: string, request: object): Promise<{ data: T; responseBytes: number; databaseBytes: number; reads: number }> {
  await c.post('/local/counters/reset', {});
  const r = await c.call<T>(openid, request);
  if (!r.ok) throw new Error(JSON.stringify(r));
  const { byCollection } = await c.get<{ byCollection: Record<string, Tally> }>('/local/counters');
  return { data: r.data, responseBytes: Buffer.byteLength(JSON.stringify(r)), databaseBytes: byCollection.complaints!.bytesRead, reads: byCollection.complaints!.reads };
}

let n = 0;
async function submit(openid: string, description: string, photos: string[] = []): Promise<string> {
  // Five an owner may file in ten minutes: the clock moves past the window every five.
  if (n > 0 && n % 5 === 0) await c.post('/local/clock', { advanceMs: 11 * 60_000 });
  n++;
  const r = await c.call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `reads-${n}-${Date.now()}`, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description, photos });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
}

async function upload(openid: string, name: string): Promise<string> {
  const res = await fetch(`${c.url}/local/storage/upload?openid=${openid}&path=complaint-photos/${openid}/${name}`, { method: 'POST', body: Buffer.from([1, 2, 3]) });
  return ((await res.json()) as { fileID: string }).fileID;
}

describe('list pages read the card fields only', () => {
  // As long as an owner may write: a whole document would weigh ~6 KB before any timeline.
  const long = (i: number) => `第${i}件：地下车库B区的照明灯已经坏了一个多星期，晚上停车很危险。`.padEnd(2000, '详');
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 20; i++) ids.push(await submit(people.owner._id, long(i)));
    // And some history: each answered with a note, which the old lists also read.
    for (const id of ids.slice(0, 10)) await c.call(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: '补充：B区最里面那排最暗。'.padEnd(1000, '暗'), photos: [] } });
  }, 60_000);

  it('a 20-card page of 我的投诉 and of 待受理 reads from the database at most twice what it answers', async () => {
    const mine = await measured<{ items: Card[] }>(people.owner._id, { action: 'complaint.mine', limit: 20 });
    expect(mine.data.items).toHaveLength(20);
    expect(mine.data.items[0]!.description).toBe(long(19).slice(0, 60));
    expect(mine.reads).toBe(1);
    expect(mine.databaseBytes).toBeLessThanOrEqual(2 * mine.responseBytes);

    const inbox = await measured<{ items: Card[] }>(people.reception._id, { action: 'inbox.list', view: 'to_triage', limit: 20 });
    // 待受理 comes by the response deadline, soonest first (ISO times in one zone sort as text).
    expect(inbox.data.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    const due = inbox.data.items.map((i) => i.dueAt!);
    expect(due).toEqual([...due].sort());
    expect(inbox.data.items.every((i) => i.dueAt !== null && i.filedBy === null)).toBe(true);
    expect(inbox.databaseBytes).toBeLessThanOrEqual(2 * inbox.responseBytes);
    // The whole documents would have been ~20 × 6–9 KB.
    expect(inbox.databaseBytes).toBeLessThan(20_000);
  });

  it('a complaint stored before the excerpt was kept still shows its description on the card', async () => {
    await c.db.collection('complaints').doc(ids[19]!).update({ descriptionExcerpt: c.db.command.remove() });
    const mine = await measured<{ items: Card[] }>(people.owner._id, { action: 'complaint.mine', limit: 2 });
    expect(mine.data.items.map((i) => i.description)).toEqual([long(19).slice(0, 60), long(18).slice(0, 60)]);
    // Its next write stores the excerpt again.
    await c.call(people.owner._id, { action: 'complaint.command', id: ids[19], command: { type: 'add_info', text: '还是不亮', photos: [] } });
    const { data } = await c.db.collection('complaints').doc(ids[19]!).get();
    expect((data[0] as { descriptionExcerpt: string }).descriptionExcerpt).toBe(long(19).slice(0, 60));
  });
});

describe('a complaint with a long history', () => {
  const NOTES = 200;
  /** Staff-only chasing among the notes: every tenth entry is a reminder the owner never sees. */
  const REMINDER_EVERY = 10;
  let id = '';
  let total = 0;
  let ownerReadable = 0;
  beforeAll(async () => {
    const intake = await upload(people.owner._id, 'intake.jpg');
    id = await submit(people.owner._id, '车库入口的排水沟堵了，一下雨就积水。', [intake]);
    await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'special', handlerId: people.handler1._id } });
    await c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } });
    // One maximal note through the api (1,000 characters, 9 photos), the pattern of the rest.
    const photos = await Promise.all(Array.from({ length: 9 }, (_, i) => upload(people.handler1._id, `note-${i}.jpg`)));
    const noted = await c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'note', text: '进'.repeat(1000), photos } });
    if (!noted.ok) throw new Error(JSON.stringify(noted));
    const { data } = await c.db.collection('complaints').doc(id).get();
    const doc = data[0] as { timeline: Array<Entry & Record<string, unknown>> };
    const pattern = doc.timeline[doc.timeline.length - 1]!;
    // The latest entries carry photos of their own, 9 each — more than one getTempFileURL call signs.
    const timeline = [...doc.timeline];
    for (let k = 0; k < NOTES; k++) {
      const seq = timeline.length + 1;
      if (seq % REMINDER_EVERY === 0) {
        timeline.push({ type: 'reminded', seq, at: pattern.at, by: { role: 'system', id: 'system' }, key: `r${seq}`, deadline: 'resolve', due: pattern.at, notify: ['handler'] } as never);
        continue;
      }
      const own = NOTES - k <= 20 ? await Promise.all(Array.from({ length: 9 }, (_, i) => upload(people.handler1._id, `n${seq}-${i}.jpg`))) : photos;
      timeline.push({ ...pattern, seq, photos: own, text: `第${seq}条：${'进'.repeat(990)}` });
    }
    // Written in the shape complaints were stored in before the timeline had a collection of its own
    // (the whole timeline on the document, no counts), which the reader still takes; history.test.ts
    // writes a long history through the api.
    await c.db.collection('complaints').doc(id).update({ timeline, timelineLength: c.db.command.remove() });
    total = timeline.length;
    ownerReadable = timeline.filter((e) => e.type !== 'reminded').length;
  }, 60_000);

  it('the detail carries the latest entries, well inside WeChat’s limits, each shown photo with its link', async () => {
    const owner = await measured<Detail>(people.owner._id, { action: 'complaint.detail', id });
    const timeline = owner.data.complaint.timeline;
    expect(timeline.length).toBe(15);
    expect(timeline.at(-1)!.seq).toBe(total);
    expect(timeline.some((e) => e.type === 'reminded')).toBe(false);
    expect(owner.data.earlierEntries).toBe(ownerReadable - 15);
    // 256 KB is setData's limit, ~1 MB the function response's: the whole history is ~2 MB.
    expect(owner.responseBytes).toBeLessThan(256 * 1024);
    const shown = [...owner.data.complaint.photos, ...timeline.flatMap((e) => e.photos ?? [])];
    expect(new Set(shown).size).toBeGreaterThan(50);
    expect(shown.filter((p) => !owner.data.photoUrls[p])).toEqual([]);
    // Only what is shown is signed: the intake photo and the entries given.
    expect(Object.keys(owner.data.photoUrls).sort()).toEqual([...new Set(shown)].sort());

    const staff = await measured<Detail>(people.handler1._id, { action: 'complaint.detail', id });
    expect(staff.data.complaint.timeline.some((e) => e.type === 'reminded')).toBe(true);
    expect(staff.data.earlierEntries).toBe(total - 15);
  });

  it('查看更早的记录 pages back to the first entry: every readable entry once, in order, each page bounded', async () => {
    for (const [who, readable] of [
      [people.owner._id, ownerReadable],
      [people.handler1._id, total],
    ] as const) {
      const first = await measured<Detail>(who, { action: 'complaint.detail', id });
      let entries = first.data.complaint.timeline;
      let earlier = first.data.earlierEntries;
      let pages = 0;
      while (earlier > 0) {
        const page = await measured<Page>(who, { action: 'complaint.timeline', id, before: entries[0]!.seq });
        expect(page.data.entries.length).toBeLessThanOrEqual(15);
        expect(page.responseBytes).toBeLessThan(256 * 1024);
        expect(page.data.entries.flatMap((e) => e.photos ?? []).filter((p) => !page.data.photoUrls[p])).toEqual([]);
        expect(page.data.earlierEntries).toBe(earlier - page.data.entries.length);
        entries = [...page.data.entries, ...entries];
        earlier = page.data.earlierEntries;
        pages++;
      }
      expect(pages).toBe(Math.ceil((readable - 15) / 15));
      expect(entries.length).toBe(readable);
      expect(entries[0]).toMatchObject({ seq: 1, type: 'submitted' });
      expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
      expect(new Set(entries.map((e) => e.seq)).size).toBe(readable);
      expect(entries.some((e) => e.type === 'reminded')).toBe(who === people.handler1._id);
    }
  });

  it('only those who may see the complaint read its timeline', async () => {
    expect(await c.call(people.otherOwner._id, { action: 'complaint.timeline', id, before: 50 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(people.strangerStaff._id, { action: 'complaint.timeline', id, before: 50 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await c.call(people.owner._id, { action: 'complaint.timeline', id, before: 0 })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });
});
