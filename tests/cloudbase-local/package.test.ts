// CloudBase Local stands alone: its package (cloudbase-local/, @wuye/cloudbase-local) is packed
// with `npm pack`, installed from the tarball into an empty folder — nothing fetched: its
// dist/ carries its dependencies — and started there by its own `cloudbase-local` command for a
// project that is not this one: one collection declared in a JSON file, one function with a timer
// trigger. The real @cloudbase/node-sdk then inserts, queries by an index, runs a transaction; the
// timer runs the function, which sends a subscription message through wx-server-sdk.
// The SDKs come from this repository's node_modules (NODE_PATH), as a project's own would.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { QUIET_SDK } from '../support/cloudbase';

const root = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-package-'));
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

let server: ChildProcess | null = null;
let url = '';
let installed = '';

beforeAll(async () => {
  // The tarball of the package as it would be published (global-setup built its dist/).
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], path.join(root, 'cloudbase-local'))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  expect(packed!.files.map((f) => f.path)).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/main.js', 'dist/worker.js', 'dist/assets/index.html']));
  // An empty folder installs it offline: a dependency it needed from a registry would fail here.
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'smoke', version: '1.0.0', private: true }));
  npm(['install', '--offline', '--ignore-scripts', '--no-package-lock', path.join(work, packed!.filename)], app);
  installed = path.join(app, 'node_modules', '@wuye', 'cloudbase-local');

  // A project of its own: one collection with its index, one function run every minute.
  const project = path.join(work, 'project');
  fs.mkdirSync(path.join(project, 'cloudfunctions', 'remind'), { recursive: true });
  fs.writeFileSync(path.join(project, 'cloudbase-local.schema.json'), JSON.stringify([{ name: 'notes', rules: { read: false, write: false }, indexes: [{ name: 'k', keys: [['k', 1]] }] }]));
  fs.writeFileSync(path.join(project, 'cloudfunctions', 'remind', 'config.json'), JSON.stringify({ timeout: 20, triggers: [{ name: 'every-minute', type: 'timer', config: '0 * * * * * *' }], permissions: { openapi: ['subscribeMessage.send'] } }));
  fs.writeFileSync(
    path.join(project, 'cloudfunctions', 'remind', 'index.js'),
    `const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
exports.main = async () => {
  await cloud.database().collection('notes').add({ data: { k: 99, text: 'from the timer' } });
  return cloud.openapi.subscribeMessage.send({ touser: 'smoke-owner', templateId: 'TPL_SMOKE', data: { thing1: { value: '定时提醒' } } });
};
`,
  );
  server = spawn(process.execPath, [path.join(installed, 'dist', 'main.js')], {
    cwd: project,
    env: { ...process.env, CLOUDBASE_LOCAL_PORT: '0', CLOUDBASE_LOCAL_ENV: 'smoke-env', NODE_PATH: path.join(root, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = /READY (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (ready) resolve(ready[1]!);
    });
    server!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    server!.on('exit', (code) => reject(new Error(`cloudbase-local exited ${code}: ${out}`)));
  });
}, 60_000);

afterAll(() => {
  server?.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

const post = async (p: string, body: unknown) => (await fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

it('packs, installs offline, starts alone, and the unmodified SDKs use it: insert, indexed query, transaction, timer, subscribeMessage.send', async () => {
  // The installed library's own surface points the SDK at the server.
  const { sdkEnvironment } = require(installed) as typeof import('@wuye/cloudbase-local');
  Object.assign(process.env, sdkEnvironment(url, 'smoke-env'), QUIET_SDK);
  const db = tcb.init({ env: 'smoke-env' }).database();

  const { id } = (await db.collection('notes').add({ k: 1, text: '第一条' })) as { id: string };
  const found = await db.collection('notes').where({ k: 1 }).get();
  expect(found.data.map((d: { _id: string }) => d._id)).toEqual([id]);
  // Strict mode holds for this project's declaration too: no index covers `text`.
  await expect(db.collection('notes').where({ text: '第一条' }).get()).rejects.toThrow(/index/);

  await db.runTransaction(async (t: typeof db) => {
    const { data } = await t.collection('notes').doc(id).get();
    await t.collection('notes').doc(id).update({ k: (data as { k: number }).k + 1 });
  });
  expect((await db.collection('notes').where({ k: 2 }).get()).data).toHaveLength(1);

  // The owner allowed one message; a minute later the timer fires and the function sends it.
  await post('/local/openapi/subscriptions', { openid: 'smoke-owner', results: { TPL_SMOKE: 'accept' } });
  await post('/local/clock', { advanceMs: 60_000 });
  const tick = (await post('/local/timers/tick', {})) as { fired: unknown[] };
  expect(tick.fired).toEqual(['remind/every-minute']);
  const log = (await (await fetch(`${url}/local/console/invocations`)).json()) as unknown[];
  expect(log).toEqual([expect.objectContaining({ function: 'remind', trigger: 'timer', code: 'OK' })]);
  expect((await db.collection('notes').where({ k: 99 }).get()).data).toHaveLength(1);
  const messages = (await (await fetch(`${url}/local/openapi/messages?touser=smoke-owner`)).json()) as Array<{ templateId: string }>;
  expect(messages.map((m) => m.templateId)).toEqual(['TPL_SMOKE']);
}, 60_000);
