// The staff group fallback: a task whose recipient has no subscription credit goes to the group
// chat configured in the scheduler's environment (STAFF_GROUP_WEBHOOK).
import http from 'http';
import type { AddressInfo } from 'net';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
let server: http.Server;
const posts: Array<{ msgtype: string; text: { content: string } }> = [];
/** What the robot answers: WeCom answers 200 with an errcode of its own. */
let answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      posts.push(JSON.parse(body));
      res.statusCode = answer.status;
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.STAFF_GROUP_WEBHOOK = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`;
  c = await startApi();
  await seedPeople(c);
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(async () => {
  await c.stop();
  server.close();
  delete process.env.STAFF_GROUP_WEBHOOK;
});

it('reception without credit: the new-complaint task reaches the group chat; owners are never posted there', async () => {
  const r = await c.call<{ number: string }>(people.owner._id, { action: 'complaint.submit', requestId: 'webhook-1-abc', communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '楼道堆放杂物' });
  await c.post('/local/functions/scheduler/invoke', { data: {} });
  expect(posts).toEqual([{ msgtype: 'text', text: { content: expect.stringContaining(r.ok ? r.data.number : '?') } }]);
  expect(posts[0]!.text.content).toContain('新投诉待受理');
});

it('a robot that refuses (a wrong key: errcode 93000, or a server error) is an alarm in the run report and the heartbeat, never silent', async () => {
  for (const refusal of [
    { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' },
    { status: 500, body: 'internal error' },
  ]) {
    answer = refusal;
    await c.call(people.owner._id, { action: 'complaint.submit', requestId: `webhook-refused-${refusal.status}`, communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '门禁失灵' });
    const report = (await c.post<{ result: { alarms: string[] } }>('/local/functions/scheduler/invoke', { data: {} })).result;
    expect(report.alarms).toEqual([expect.stringContaining('企业微信群机器人发送失败')]);
    const { data } = await c.db.collection('heartbeats').doc('scheduler').get();
    expect((data[0] as { report: { alarms: string[] } }).report.alarms).toEqual([expect.stringContaining('企业微信群机器人发送失败')]);
  }
  answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
});
