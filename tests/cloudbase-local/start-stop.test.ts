// `npm start` (scripts/start.js → dist/cloudbase-local.js → function workers, and the seed) ends
// as a whole however it is stopped, frees its port, and refuses a busy port with a Chinese hint.
// Runs the real script with --no-build: tests/global-setup.js has just built dist/.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { probePort } from '@wuye/cloudbase-local/internals';

const root = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cbl-start-'));
const started: ChildProcess[] = [];
afterAll(() => {
  // A failed assertion must not leave a server behind: end the process groups this file started.
  for (const c of started) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `node scripts/start.js`, or `sh -c` around it as npm runs it, in a process group of its own. */
function start(port: number, viaShell = false): { child: ChildProcess; output: () => string } {
  const env = { ...process.env, CLOUDBASE_LOCAL_PORT: String(port), CLOUDBASE_LOCAL_DATA: fs.mkdtempSync(path.join(work, 'data-')), CLOUDBASE_LOCAL_FUNCTION_TIMEOUT: '30', SILENCE: 'true' };
  // `; exit $?` keeps sh a process of its own even where /bin/sh execs a lone command, as npm's is.
  const command = viaShell ? ['/bin/sh', ['-c', `"${process.execPath}" scripts/start.js --no-build; exit $?`]] : [process.execPath, ['scripts/start.js', '--no-build']];
  const child = spawn(command[0] as string, command[1] as string[], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function until(what: string, check: () => boolean, ms: number, output: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every descendant of `pid` with its command line (ps, as the task's tree is plain processes). */
function tree(pid: number): Array<{ pid: number; args: string }> {
  let lines = '';
  try {
    lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  const children = lines
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^\s*(\d+)\s+(.*)$/.exec(l)!;
      return { pid: Number(m[1]), args: m[2]! };
    });
  return children.flatMap((c) => [c, ...tree(c.pid)]);
}

/** Alive and not a zombie: an orphan's exit status waits for whoever adopted it to reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Starts, waits for READY and for a function worker (the seed runs through the api function). */
async function running(viaShell = false) {
  const port = await freePort();
  const s = start(port, viaShell);
  await until('READY', () => /READY http:\/\/127\.0\.0\.1:\d+/.test(s.output()), 20_000, s.output);
  let pids: Array<{ pid: number; args: string }> = [];
  await until('a function worker', () => (pids = tree(s.child.pid!)).some((p) => p.args.includes('worker.js')), 20_000, s.output);
  const server = pids.find((p) => p.args.includes('cloudbase-local.js'))!;
  const startJs = viaShell ? pids.find((p) => p.args.includes('scripts/start.js'))! : { pid: s.child.pid!, args: 'start.js' };
  return { ...s, port, pids: [s.child.pid!, ...pids.map((p) => p.pid)], server: server.pid, startJs: startJs.pid };
}

async function expectAllGone(r: Awaited<ReturnType<typeof running>>): Promise<void> {
  await until('every process of the tree to end', () => r.pids.every((p) => !alive(p)), 5_000, () => `${r.output()}\nstill alive: ${r.pids.filter(alive).join(' ')}`);
  expect(await probePort(r.port, '127.0.0.1')).toBeNull();
}

it('SIGTERM to start.js ends the server, its workers and the seed, and frees the port', async () => {
  const r = await running();
  expect(r.pids.length).toBeGreaterThanOrEqual(3);
  // The console's address is printed, on 127.0.0.1 whatever the server advertises.
  expect(r.output()).toContain(`控制台:       http://127.0.0.1:${r.port}/`);
  process.kill(r.startJs, 'SIGTERM');
  await expectAllGone(r);
  expect(r.output()).toContain('CloudBase Local 已停止，数据已保存。');
});

it('SIGKILL of start.js: the server notices its parent is gone and ends with its workers', async () => {
  const r = await running();
  process.kill(r.startJs, 'SIGKILL');
  await expectAllGone(r);
});

it('SIGTERM to the shell npm runs it under (which dies without passing it on) still ends everything', async () => {
  const r = await running(true);
  process.kill(r.child.pid!, 'SIGTERM');
  await expectAllGone(r);
});

it('SIGHUP to the server ends it, its workers and start.js', async () => {
  const r = await running();
  process.kill(r.server, 'SIGHUP');
  await expectAllGone(r);
});

it('a busy port: a Chinese hint, no stack trace, a non-zero exit', async () => {
  const port = await freePort();
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    const s = start(port);
    const code = await new Promise<number | null>((resolve) => s.child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(s.output()).toContain(`端口 ${port} 已被占用`);
    expect(s.output()).toContain(`CLOUDBASE_LOCAL_PORT=${port + 1} npm start`);
    expect(s.output()).not.toMatch(/\n\s+at /);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});
