// CloudBase Local's HTTP transport: the `/admin` envelope, multipart bodies, invocation tagging,
// local routes, the movable clock and the counters endpoints — over real HTTP.
import { AdminError, TopLevel, type AdminRequest, type LocalModule } from '@wuye/cloudbase-local';
import type { CollectionSpec } from '@wuye/cloudbase-local';
import { startLocal, type LocalCloud } from '../support/cloudbase';

const seen: AdminRequest[] = [];
const probe: LocalModule = {
  register(app) {
    app.action('test.echo', async (req) => {
      seen.push(req);
      return { echoed: req.body.value ?? null };
    });
    app.action('test.refuse', async () => {
      throw new AdminError('TEST_REFUSED', '不行');
    });
    app.action('test.crash', async () => {
      throw new Error('boom');
    });
    app.action('test.top', async () => new TopLevel({ transactionId: 't-1' }));
    app.route('GET', '/local/test/:name', async (req) => ({ status: 200, body: { name: req.params.name, q: req.query.get('q') } }));
    app.route('POST', '/local/test/refuse', async () => {
      throw new AdminError('TEST_REFUSED', 'refused');
    });
    app.route('POST', '/local/test/json', async (req) => ({ status: 200, body: req.json() }));
  },
};

const collections: CollectionSpec[] = [{ name: 'notes', rules: { read: false, write: false }, indexes: [{ name: 'k', keys: [['k', 1]] }] }];

let c: LocalCloud;
beforeAll(async () => {
  c = await startLocal({ collections, modules: [probe] });
});
afterAll(() => c.stop());

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${c.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const postJson = (path: string, body: unknown) => raw(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /admin', () => {
  it('answers {requestId, data} on success', async () => {
    const { status, body } = await postJson('/admin?env=test-env&seqId=1', { action: 'test.echo', value: 7 });
    expect(status).toBe(200);
    expect(body).toEqual({ requestId: expect.any(String), data: { echoed: 7 } });
    expect(seen.at(-1)!.invocation).toBeUndefined();
  });

  it('answers an AdminError with HTTP 200 {code, message, requestId}, which the SDK throws', async () => {
    expect(await postJson('/admin', { action: 'test.refuse' })).toEqual({ status: 200, body: { code: 'TEST_REFUSED', message: '不行', requestId: expect.any(String) } });
    expect((await postJson('/admin', { action: 'test.crash' })).body).toMatchObject({ code: 'SYS_ERR', message: 'boom' });
    expect((await postJson('/admin', { action: 'no.such' })).body).toMatchObject({ code: 'INVALID_ACTION' });
    await expect(c.db.collection('missing').where({ k: 1 }).get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });

  it('puts TopLevel fields beside requestId', async () => {
    expect((await postJson('/admin', { action: 'test.top' })).body).toEqual({ requestId: expect.any(String), transactionId: 't-1' });
  });

  it('gives multipart fields to body and file parts to files (wx.openApi)', async () => {
    const form = new FormData();
    form.append('action', 'test.echo');
    form.append('value', 'from-form');
    form.append('data', new Blob([Buffer.from([0, 1, 2, 255])]), 'data.bin');
    const { body } = await raw('/admin', { method: 'POST', body: form });
    expect(body.data).toEqual({ echoed: 'from-form' });
    expect(seen.at(-1)!.files!.data).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('tags calls made on /admin/i/<id> with the invocation, and counts per invocation and collection', async () => {
    await postJson('/local/counters/reset', {});
    await postJson('/admin/i/inv-42?env=test-env', { action: 'test.echo' });
    expect(seen.at(-1)!.invocation).toBe('inv-42');
    await postJson('/admin/i/inv-42', { action: 'database.insertDocument', collectionName: 'notes', data: ['{"k":{"$numberInt":"1"}}', '{"k":{"$numberInt":"2"}}'] });
    await postJson('/admin/i/inv-42', { action: 'database.getDocument', collectionName: 'notes', queryType: 'WHERE', query: '{"k":{"$numberInt":"2"}}' });
    await c.db.collection('notes').where({ k: 1 }).get();
    const counters = await c.get<{ total: { calls: number }; byInvocation: Record<string, { reads: number; writes: number; scanned: number; byCollection: Record<string, unknown> }>; byCollection: Record<string, { reads: number }> }>('/local/counters');
    expect(counters.byInvocation['inv-42']).toMatchObject({ reads: 1, writes: 2, scanned: 1, byCollection: { notes: { calls: 2, reads: 1, writes: 2, scanned: 1 } } });
    expect(counters.byCollection.notes).toMatchObject({ calls: 3, reads: 2, writes: 2 });
    await postJson('/local/counters/reset', {});
    expect(await c.get('/local/counters')).toEqual({ total: { calls: 0, reads: 0, writes: 0, scanned: 0, inMemorySorts: 0, bytesRead: 0 }, byCollection: {}, byInvocation: {} });
  });

  it('answers bad input without crashing', async () => {
    expect((await raw('/admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":' })).body).toMatchObject({ code: 'INVALID_PARAM' });
    expect((await raw('/admin', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: 'garbage' })).body).toHaveProperty('code');
    expect((await raw('/admin', { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'no boundary' })).body).toHaveProperty('code');
    expect((await postJson('/admin', { action: 'database.insertDocument', collectionName: 'notes', data: 'not-a-list' })).body).toMatchObject({ code: 'INVALID_PARAM' });
    expect((await postJson('/admin', { action: 'database.commitTransaction' })).body).toMatchObject({ code: 'INVALID_PARAM' });
    expect((await postJson('/admin', { action: 'database.abortTransaction', transactionId: 'gone' })).body).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    expect((await raw('/admin')).status).toBe(404);
    expect((await postJson('/admin', { action: 'test.echo', value: 'still up' })).body.data).toEqual({ echoed: 'still up' });
  });
});

describe('local routes', () => {
  it('match :params and the query string; errors are 4xx JSON', async () => {
    expect(await raw('/local/test/a%20b?q=1')).toEqual({ status: 200, body: { name: 'a b', q: '1' } });
    expect(await postJson('/local/test/refuse', {})).toEqual({ status: 400, body: { code: 'TEST_REFUSED', message: 'refused' } });
    expect((await raw('/local/test/json', { method: 'POST', body: '{bad' })).status).toBe(400);
    expect((await raw('/local/nothing')).status).toBe(404);
  });

  it('moves the clock: advance, set, read back; bad bodies are refused', async () => {
    const before = Date.parse((await c.get<{ now: string }>('/local/clock')).now);
    await postJson('/local/clock', { advanceMs: 86_400_000 });
    const advanced = await c.get<{ now: string; offsetMs: number }>('/local/clock');
    expect(Date.parse(advanced.now) - before).toBeGreaterThanOrEqual(86_400_000);
    expect(advanced.offsetMs).toBeGreaterThanOrEqual(86_399_000);
    expect((await postJson('/local/clock', { set: '2031-05-01T08:00:00+08:00' })).body.now).toMatch(/^2031-05-01T00:00/);
    expect((await postJson('/local/clock', { set: 'someday' })).status).toBe(400);
    expect((await postJson('/local/clock', {})).status).toBe(400);
    await postJson('/local/clock', { set: new Date().toISOString() });
  });
});
