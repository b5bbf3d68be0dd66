// Voice notes (issue 29.10): an owner's recording goes through WeChat's media check as audio
// (security.mediaCheckAsync, media_type 1), like a photo — pass: staff get a short-lived link to play
// it; risky: it is hidden from staff and the owner's timeline says so. Only those who may read the
// complaint get a link (a former resident gets nothing), and the 60 s cap holds on the server: the
// seconds are validated and a file too large for a minute's recording is refused, nothing written.
// CloudBase Local's rule: a path containing `risky` is risky.
import { people, ownerMember, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
type Voice = { file: string; seconds: number };
type Detail = {
  complaint: { voiceNote: Voice | null; hiddenPhotos: Array<{ reason: string }>; timeline: Array<{ type: string; voiceNote?: Voice; voice?: boolean }> };
  photoUrls: Record<string, string>;
};

async function record(openid: string, name: string, bytes = 2048): Promise<string> {
  const { fileID } = await c.app.uploadFile({ cloudPath: `complaint-voice/${openid}/${name}`, fileContent: Buffer.alloc(bytes, 1) });
  return fileID!;
}
const detail = (openid: string, id: string) => c.call<Detail>(openid, { action: 'complaint.detail', id });
const flush = () => c.post<Array<{ mediaUrl: string }>>('/local/openapi/pushes/flush', {});
const writes = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;
const filing = (key: string, voiceNote: object | null) => ({ action: 'complaint.submit', requestId: `voice-${key}`, communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '楼上半夜噪音很大', voiceNote });

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
});
afterAll(() => c.stop());

it('a voice note that passes the audio check is played by staff through a short-lived link', async () => {
  const file = await record(people.owner._id, 'fine-voice.mp3');
  const filed = await c.call<{ id: string }>(people.owner._id, filing('pass', { file, seconds: 12 }));
  if (!filed.ok) throw new Error(filed.message);
  const { data: checks } = await c.db.collection('media_checks').where({ complaintId: filed.data.id }).get();
  expect(checks).toEqual([expect.objectContaining({ photo: file, mediaType: 1, status: 'pending', scene: 1 })]);
  // WeChat was asked about audio.
  const pushes = await c.get<Array<{ mediaType: number; event: { trace_id: string } }>>('/local/openapi/pushes');
  const traceId = (checks[0] as { traceId: string }).traceId;
  expect(pushes.find((p) => p.event.trace_id === traceId)).toMatchObject({ mediaType: 1 });
  await flush();
  expect(((await c.db.collection('media_checks').where({ complaintId: filed.data.id }).get()).data[0] as { status: string }).status).toBe('pass');

  const staff = await detail(people.reception._id, filed.data.id);
  if (!staff.ok) throw new Error(staff.message);
  expect(staff.data.complaint.voiceNote).toEqual({ file, seconds: 12 });
  const url = staff.data.photoUrls[file]!;
  const played = await fetch(url);
  expect(played.status).toBe(200);
  expect(played.headers.get('content-type')).toBe('audio/mpeg');
  expect((await played.arrayBuffer()).byteLength).toBe(2048);
});

it('a voice note that fails the check is hidden from staff, the owner told on the timeline, and added by 补充信息 goes the same way', async () => {
  const filed = await c.call<{ id: string }>(people.owner._id, filing('supplement', null));
  if (!filed.ok) throw new Error(filed.message);
  const id = filed.data.id;
  const risky = await record(people.owner._id, 'risky-voice.aac');
  const added = await c.call(people.owner._id, { action: 'complaint.command', id, command: { type: 'add_info', text: '', voiceNote: { file: risky, seconds: 30 } } });
  expect(added).toMatchObject({ ok: true });
  const { data: checks } = await c.db.collection('media_checks').where({ complaintId: id }).get();
  expect(checks).toEqual([expect.objectContaining({ photo: risky, mediaType: 1, scene: 2 })]);
  await flush();

  const staff = await detail(people.reception._id, id);
  if (!staff.ok) throw new Error(staff.message);
  expect(JSON.stringify(staff.data)).not.toContain('risky-voice');
  const info = staff.data.complaint.timeline.find((e) => e.type === 'info_added')!;
  expect(info.voiceNote).toBeUndefined();
  expect(staff.data.complaint.timeline.find((e) => e.type === 'photo_blocked')).toMatchObject({ voice: true });
  // Not a photo: no photo placeholder for it.
  expect(staff.data.complaint.hiddenPhotos).toEqual([]);

  // The owner is told (the same entry on their timeline) and still hears their own recording.
  const own = await detail(people.owner._id, id);
  if (!own.ok) throw new Error(own.message);
  expect(own.data.complaint.timeline.find((e) => e.type === 'photo_blocked')).toMatchObject({ voice: true });
  expect(own.data.complaint.timeline.find((e) => e.type === 'info_added')?.voiceNote).toEqual({ file: risky, seconds: 30 });
});

it('a former resident gets no link to the voice note of the room they left', async () => {
  const leaving = ownerMember('openid-voice-leaver', '搬走的吴先生', '13811117777', 'room-7-1-701');
  await c.db.collection('members').add({ ...leaving });
  const file = await record(leaving._id, 'leaver-voice.mp3');
  const filed = await c.call<{ id: string }>(leaving._id, { ...filing('leaver', { file, seconds: 5 }), roomId: 'room-7-1-701', location: { kind: 'room', building: '7', room: '701' } });
  if (!filed.ok) throw new Error(filed.message);
  expect(await detail(leaving._id, filed.data.id)).toMatchObject({ ok: true, data: { photoUrls: { [file]: expect.any(String) } } });

  await c.db.collection('members').doc(leaving._id).update({ rooms: [], roomIds: [] });
  const after = await detail(leaving._id, filed.data.id);
  expect(after).toMatchObject({ ok: false });
  expect(JSON.stringify(after)).not.toContain('leaver-voice');
  // A stranger neither; the office keeps it.
  expect(JSON.stringify(await detail(people.otherOwner._id, filed.data.id))).not.toContain('leaver-voice');
  expect(await detail(people.reception._id, filed.data.id)).toMatchObject({ ok: true, data: { photoUrls: { [file]: expect.any(String) } } });
});

it('the 60 s cap holds on the server: a longer note, a file too large, or someone else’s recording is refused and nothing is written', async () => {
  const fine = await record(people.owner._id, 'cap.mp3');
  const tooLarge = await record(people.owner._id, 'too-large.mp3', 1024 * 1024 + 1);
  const others = await record(people.otherOwner._id, 'not-mine.mp3');
  // The earlier tests' audio verdicts arrive as pushes that write: delivered now, so they are not counted below.
  await flush();
  const before = await writes();
  const refusals = [
    [filing('61s', { file: fine, seconds: 61 }), 'VALIDATION'],
    [filing('0s', { file: fine, seconds: 0 }), 'VALIDATION'],
    [filing('big', { file: tooLarge, seconds: 60 }), 'VALIDATION'],
    [filing('others', { file: others, seconds: 10 }), 'PHOTO_NOT_YOURS'],
    [filing('photo-folder', { file: fine.replace('complaint-voice', 'complaint-photos'), seconds: 10 }), 'PHOTO_NOT_YOURS'],
  ] as const;
  for (const [request, code] of refusals) {
    const res = await c.call(people.owner._id, request);
    expect(res).toMatchObject({ ok: false, code });
    if (!res.ok) expect(res.message).toMatch(/[\u4e00-\u9fa5]/);
  }
  const big = await c.call(people.owner._id, filing('big-again', { file: tooLarge, seconds: 60 }));
  expect(big).toMatchObject({ ok: false, message: '语音文件过大，请重新录一段（最长 60 秒）' });
  expect(await writes()).toBe(before);
});
