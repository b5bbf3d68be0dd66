// Every photo passes WeChat's image check (security.mediaCheckAsync v2): the api asks once the
// complaint is saved, the verdict comes back as a wxa_media_check push to the `events` function, and a
// risky photo is hidden from everyone but its uploader — a placeholder with the reason, a timeline
// entry, and the complaint still workable. CloudBase Local's rule: a path containing `risky` is risky.
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
type Detail = {
  complaint: { photos: string[]; hiddenPhotos: Array<{ reason: string }>; timeline: Array<{ type: string; photos?: string[] }>; investigation: { photos: string[] } | null };
  photoUrls: Record<string, string>;
};
type Push = { state: string; event: { trace_id: string; result: { suggest: string } }; result?: { handled: boolean; verdict?: string } };

async function upload(openid: string, name: string): Promise<string> {
  const { fileID } = await c.app.uploadFile({ cloudPath: `complaint-photos/${openid}/${name}`, fileContent: Buffer.from(`jpeg ${name}`) });
  return fileID!;
}
const detail = (openid: string, id: string) => c.call<Detail>(openid, { action: 'complaint.detail', id });
const flush = () => c.post<Push[]>('/local/openapi/pushes/flush', {});

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
});
afterAll(() => c.stop());

it('a risky intake photo is hidden from staff with the reason, kept for its uploader, and the complaint stays workable', async () => {
  const risky = await upload(people.owner._id, 'risky-1.jpg');
  const fine = await upload(people.owner._id, 'fine-1.jpg');
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'media-check-1', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '楼道堆放杂物', photos: [risky, fine] });
  const id = filed.ok ? filed.data.id : '';
  const { data: checks } = await c.db.collection('media_checks').where({ complaintId: id }).get();
  expect((checks as Array<{ status: string; traceId: string }>).map((x) => x.status)).toEqual(['pending', 'pending']);

  const delivered = await flush();
  expect(delivered.map((p) => p.result)).toEqual(expect.arrayContaining([{ handled: true, verdict: 'risky', complaintId: id }, { handled: true, verdict: 'pass', complaintId: id }]));

  const staff = await detail(people.reception._id, id);
  expect(staff).toMatchObject({ ok: true, data: { complaint: { photos: [fine], hiddenPhotos: [{ reason: '照片含色情内容，已隐藏' }] } } });
  if (!staff.ok) throw new Error('unreachable');
  expect(Object.keys(staff.data.photoUrls)).toEqual([fine]);
  expect(JSON.stringify(staff.data)).not.toContain('risky-1.jpg');
  expect(staff.data.complaint.timeline.map((e) => e.type)).toContain('photo_blocked');

  const own = await detail(people.owner._id, id);
  expect(own).toMatchObject({ ok: true, data: { complaint: { photos: [risky, fine], hiddenPhotos: [] } } });

  const triaged = await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
  expect(triaged).toMatchObject({ ok: true, data: { complaint: { status: 'assigned' } } });
});

it('a staff member’s risky evidence photo is hidden from the owner; a repeated verdict changes nothing', async () => {
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'media-check-2', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '门禁坏了' });
  const id = filed.ok ? filed.data.id : '';
  await c.call(people.reception._id, { action: 'complaint.command', id, command: { type: 'triage', valid: true, category: 'repair', urgency: 'normal', complexity: 'ordinary', handlerId: people.handler1._id } });
  await c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'accept' } });
  const evidence = await upload(people.handler1._id, 'risky-evidence.jpg');
  await c.call(people.handler1._id, { action: 'complaint.command', id, command: { type: 'investigate', findings: '读卡器损坏', photos: [evidence], responsibleParty: 'property' } });
  const [push] = await flush();
  expect(push).toMatchObject({ state: 'delivered', result: { handled: true, verdict: 'risky' } });
  const owner = await detail(people.owner._id, id);
  expect(owner).toMatchObject({ ok: true, data: { complaint: { investigation: { photos: [] }, hiddenPhotos: [{ reason: expect.stringContaining('已隐藏') }] } } });
  expect(JSON.stringify(owner)).not.toContain('risky-evidence.jpg');
  expect(await detail(people.handler1._id, id)).toMatchObject({ ok: true, data: { complaint: { investigation: { photos: [evidence] } } } });

  // WeChat may push the same verdict twice: the complaint is not changed again.
  const { data: before } = await c.db.collection('complaints').doc(id).get();
  await c.post('/local/functions/events/invoke', { data: push!.event });
  const { data: after } = await c.db.collection('complaints').doc(id).get();
  expect((after[0] as { version: number }).version).toBe((before[0] as { version: number }).version);
});

it('a check WeChat could not take is sent again by the scheduler', async () => {
  await c.post('/local/openapi/faults', { apiName: 'security.mediaCheckAsync', mode: 'errcode', errcode: -1, times: 1 });
  const photo = await upload(people.owner._id, 'risky-later.jpg');
  const filed = await c.call<{ id: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'media-check-3', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '车库灯不亮', photos: [photo] });
  expect(filed.ok).toBe(true);
  const id = filed.ok ? filed.data.id : '';
  const status = async () => ((await c.db.collection('media_checks').where({ complaintId: id }).get()).data[0] as { status: string }).status;
  expect(await status()).toBe('unsent');
  await c.tick(61_000);
  expect(await status()).toBe('pending');
  await flush();
  expect(await status()).toBe('risky');
  expect(await detail(people.reception._id, id)).toMatchObject({ ok: true, data: { complaint: { photos: [] } } });
});

it('pushes that are not ours, or for an unknown trace id, are answered and change nothing', async () => {
  const r = await c.post<{ result: unknown }>('/local/functions/events/invoke', { data: { MsgType: 'event', Event: 'wxa_media_check', trace_id: 'nope', result: { suggest: 'risky', label: 20002 } } });
  expect(r.result).toEqual({ handled: false, reason: 'unknown trace id' });
  const other = await c.post<{ result: unknown }>('/local/functions/events/invoke', { data: { MsgType: 'text', Content: 'hi' } });
  expect(other.result).toEqual({ handled: false, reason: 'not a media check' });
});

it('a risky photo on a notice or a suggestion is taken off it; the rest stays', async () => {
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
  const risky = await upload(people.reception._id, 'risky-notice.jpg');
  const fine = await upload(people.reception._id, 'fine-notice.jpg');
  const published = await c.call<{ id: string }>(people.reception._id, { action: 'notice.publish', requestId: 'media-notice-1', communityId: 'community-a', kind: 'event', title: '社区活动', text: '周六亲子活动', photos: [risky, fine], validFrom: '2026-11-21T14:00:00+08:00', validTo: '2026-11-21T17:00:00+08:00' });
  const noticeId = published.ok ? published.data.id : '';
  const suggestionPhoto = await upload(people.owner._id, 'risky-suggestion.jpg');
  const suggested = await c.call<{ id: string }>(people.owner._id, { action: 'suggestion.submit', requestId: 'media-suggestion-1', topic: 'greening', text: '草坪有垃圾', photos: [suggestionPhoto] });
  const suggestionId = suggested.ok ? suggested.data.id : '';
  await flush();
  // Every verdict is in (some pushes arrive on their own before the flush).
  const { data: checks } = await c.db.collection('media_checks').where({ complaintId: c.db.command.in([noticeId, suggestionId]) }).get();
  expect(Object.fromEntries((checks as Array<{ photo: string; status: string }>).map((x) => [x.photo, x.status]))).toEqual({ [fine]: 'pass', [risky]: 'risky', [suggestionPhoto]: 'risky' });
  expect(await c.call(people.reception._id, { action: 'notice.detail', id: noticeId })).toMatchObject({ ok: true, data: { photos: [fine] } });
  expect(await c.call(people.reception._id, { action: 'suggestion.detail', id: suggestionId })).toMatchObject({ ok: true, data: { photos: [] } });
});
