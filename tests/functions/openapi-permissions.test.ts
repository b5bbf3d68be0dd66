// The api function when its 云调用 permissions are declared but not registered (deployed without
// DevTools): the owner reads the catalogue's sentence, never WeChat's raw error text; the doctor's probe
// answers only a call without a WeChat user and writes nothing.
import { API_ERRORS } from '../../typings/errors';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
});
afterAll(() => c.stop());

const submit = (requestId: string) =>
  c.call(people.owner._id, { action: 'complaint.submit', requestId, communityId: 'community-a', location: { kind: 'room', building: '1', room: '301' }, description: '楼道灯坏了' });

it('an owner whose submit meets -604101 reads 「系统配置未完成…」 and nothing is stored', async () => {
  await c.post('/local/openapi/permissions', { function: 'api', registered: false });
  try {
    const reply = await submit('permission-0001');
    expect(reply).toMatchObject({ ok: false, code: 'NOT_CONFIGURED', message: API_ERRORS.NOT_CONFIGURED });
    expect(API_ERRORS.NOT_CONFIGURED).toBe('系统配置未完成，暂时无法提交，请联系物业客服');
    // Nothing of WeChat's own wording reaches the phone, not even in `detail`.
    expect(JSON.stringify(reply)).not.toMatch(/permission|system error|errCode|errMsg/i);
    expect((await c.db.collection('complaints').where({ communityId: 'community-a' }).count()).total).toBe(0);
  } finally {
    await c.post('/local/openapi/permissions', { function: 'api', registered: true });
  }
  expect(await submit('permission-0001')).toMatchObject({ ok: true });
});

it('the open-API probe: one harmless call per declared API, only for a call without a WeChat user', async () => {
  const probe = async (openid?: string) => (await c.post<{ result: unknown }>('/local/functions/api/invoke', { openid, data: { probe: 'openapi' } })).result;
  const counts = async () => (await c.get<{ total: { writes: number } }>('/local/counters')).total.writes;
  const writes = await counts();
  expect(await probe()).toEqual({ function: 'api', results: [{ api: 'security.msgSecCheck', errCode: 0 }, { api: 'security.mediaCheckAsync', errCode: 40097 }, { api: 'subscribeMessage.send', errCode: 40003 }, { api: 'cloudbase.sendSmsV2', errCode: -501007 }] });
  expect(await counts()).toBe(writes);
  await c.post('/local/openapi/permissions', { function: 'api', registered: false });
  try {
    expect(await probe()).toEqual({ function: 'api', results: [{ api: 'security.msgSecCheck', errCode: -604101 }, { api: 'security.mediaCheckAsync', errCode: -604101 }, { api: 'subscribeMessage.send', errCode: -604101 }, { api: 'cloudbase.sendSmsV2', errCode: -604101 }] });
  } finally {
    await c.post('/local/openapi/permissions', { function: 'api', registered: true });
  }
  // A mini-program user cannot ask: the api treats it as an unknown action.
  expect(await probe(people.owner._id)).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
});
