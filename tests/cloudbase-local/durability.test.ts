// Durability: every write CloudBase Local acknowledged is there after `kill -9` and a restart.
// The server runs as a child process built from cloudbase-local/main.ts, as `npm start` runs it.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { buildSync } from 'esbuild';
import { sdkEnvironment } from '../../cloudbase-local';
import { QUIET_SDK } from '../support/cloudbase';

const root = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-durability-'));
const entry = path.join(work, 'cloudbase-local.js');

beforeAll(() => {
  buildSync({ entryPoints: [path.join(root, 'cloudbase-local/main.ts')], outfile: entry, bundle: true, platform: 'node', packages: 'external', logLevel: 'error', absWorkingDir: root });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      env: { ...process.env, CLOUDBASE_LOCAL_PORT: '0', CLOUDBASE_LOCAL_DATA: dataDir, CLOUDBASE_LOCAL_PROJECT: root, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

function sdk(url: string) {
  Object.assign(process.env, sdkEnvironment(url, 'local-env'), QUIET_SDK);
  return tcb.init({ env: 'local-env' }).database();
}

it('keeps every acknowledged write across kill -9 in the middle of a burst', async () => {
  const dataDir = path.join(work, 'data');
  const first = await start(dataDir);
  const db = sdk(first.url);
  const acknowledged: string[] = [];
  const burst = Array.from({ length: 400 }, (_x, i) =>
    db
      .collection('requests')
      .add({ key: `k-${i}`, at: new Date() })
      .then((r) => acknowledged.push(r.id!))
      .catch(() => undefined),
  );
  // Kill the server once part of the burst has been acknowledged.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (acknowledged.length >= 50) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  first.child.kill('SIGKILL');
  await Promise.all(burst);
  const killedAt = acknowledged.length;
  expect(killedAt).toBeGreaterThanOrEqual(50);

  const second = await start(dataDir);
  try {
    const db2 = sdk(second.url);
    const found = new Set<string>();
    for (let offset = 0; offset < 1000; offset += 100) {
      const { data } = await db2.collection('requests').where({ _id: db2.command.in(acknowledged.slice(offset, offset + 100)) }).limit(100).get();
      data.forEach((d: { _id: string }) => found.add(d._id));
    }
    expect(acknowledged.filter((id) => !found.has(id))).toEqual([]);
  } finally {
    second.child.kill('SIGTERM');
  }
});
