// `npm start`: bundle CloudBase Local, the cloud functions and the demo seed; run CloudBase Local
// with the project's functions, timer triggers and durable data in .cloudbase-local/; seed the demo
// company through the real api function (completing a seed an earlier start left unfinished);
// print how to act as each kind of user.
//
// Options: `npm start -- --lan` (or CLOUDBASE_LOCAL_LAN=1) listens on 0.0.0.0 so a phone's 真机预览
// can reach it — off by default, printed with its risk; `--no-build` runs the existing dist/ (tests).
// CLOUDBASE_LOCAL_PORT (3030) and CLOUDBASE_LOCAL_DATA (.cloudbase-local) as for the server.
//
// Stopping: npm runs this under `sh -c`, so a stop can reach any of npm, sh, this script or the
// server, or kill this script outright. Every path ends the whole tree: signals here stop the server
// and the seed; the server also stops when this script's IPC channel closes (SIGKILL included) and
// its function workers when the server's does; and this script stops when its parent goes away
// (npm forwards SIGTERM to sh, which dies without passing it on).
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { buildAll } = require('./build');
const { chosenPort, listenHint, probePort } = require('../cloudbase-local/local-net');

const HOW_TO = (url, consoleUrl) => `
控制台（在浏览器中打开，只对本机开放）:  ${consoleUrl}
  数据库、云函数调用记录、订阅消息、时钟与定时器、存储，以及「周六深夜电梯困人」的演示。

如何体验（演示公司：阳光花园 community-a、翠湖苑 community-b）：
  以业主身份调用:   curl -s ${url}/local/functions/api/invoke -H 'content-type: application/json' \\
                      -d '{"openid":"demo-owner-1","data":{"action":"complaint.mine"}}'
  以员工身份调用:   把 openid 换成 demo-reception-a（客服）、demo-handler-1（维修）、demo-head-eng（部门主管）、
                    demo-duty-manager（值班经理）、demo-gm（总经理）、demo-security（当值安全主管）
  订阅消息收件箱:   ${url}/local/openapi/messages?touser=demo-owner-1
  给订阅额度:       curl -s ${url}/local/openapi/subscriptions -H 'content-type: application/json' \\
                      -d '{"openid":"demo-owner-1","results":{"TPL_COMPLAINT_PROGRESS":"accept"}}'
  图片审核推送:     ${url}/local/openapi/pushes（mediaCheckAsync 的结果约 100 ms 后推送给云函数 events）
  调度器每分钟运行一次（定时触发器 scheduler/sweep），也可 POST ${url}/local/timers/tick。
  小程序本地模式:   微信开发者工具导入本仓库（详情 → 本地设置 → 不校验合法域名），小程序即连到这里；
                    在「我的 → 本地模式」切换演示身份（默认连 http://127.0.0.1:3030；别的地址用 LOCAL_BASE_URL=… npm run build）。
`;

async function main() {
  const root = path.resolve(__dirname, '..');
  const args = process.argv.slice(2);
  const lan = args.includes('--lan') || process.env.CLOUDBASE_LOCAL_LAN === '1';
  const host = lan ? '0.0.0.0' : '127.0.0.1';
  const port = chosenPort();
  // Checked before building: a second `npm start` must not rewrite the functions' index.js under
  // the running one's containers only to fail at listen.
  const busy = await probePort(port, host);
  if (busy) {
    console.error(listenHint(busy, port) ?? busy.message);
    process.exit(1);
  }
  let server = path.join(root, 'dist', 'cloudbase-local.js');
  let seed = path.join(root, 'dist', 'seed.js');
  if (!args.includes('--no-build')) ({ server, seed } = await buildAll(root));
  else if (!fs.existsSync(server) || !fs.existsSync(seed)) throw new Error('--no-build: dist/ has no cloudbase-local.js and seed.js; run node scripts/build.js');

  const env = { ...process.env, TZ: 'Asia/Shanghai', CLOUDBASE_LOCAL_HOST: host };
  const child = spawn(process.execPath, [server], { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env });
  let seeding = null;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (seeding) seeding.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // The server saves and exits within a moment; one that hangs must still not keep the port.
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop());
  // Our parent gone (npm or sh killed, an IDE's stop): we were reparented, so stop as for a signal.
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      stop();
    }
  }, 500);
  parentWatch.unref();

  let out = '';
  child.stdout.on('data', (d) => {
    process.stdout.write(d);
    if (out === null) return;
    out += d.toString();
    const ready = /READY (http:\/\/\S+)/.exec(out);
    if (!ready) return;
    out = null;
    const url = ready[1];
    const seedEnv = { ...process.env, CLOUDBASE_LOCAL_URL: url, TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }), TENCENTCLOUD_RUNENV: 'SCF', TENCENTCLOUD_REGION: 'ap-shanghai', TCB_ENV: 'local-env', SCF_NAMESPACE: 'local-env', TCB_CONTEXT_KEYS: 'TCB_ENV', TENCENTCLOUD_SECRETID: 'local', TENCENTCLOUD_SECRETKEY: 'local' };
    // Not execFileSync: while it blocked, no signal handler here could run to stop the server.
    seeding = spawn(process.execPath, [seed], { cwd: root, env: seedEnv, stdio: ['ignore', 'inherit', 'inherit'] });
    seeding.on('exit', (code) => {
      seeding = null;
      if (stopping) return;
      // The console answers on this machine only, whatever address the server advertises in LAN mode.
      if (code === 0) console.log(HOW_TO(url, `http://127.0.0.1:${port}/`));
      else console.error('演示数据生成失败（见上方错误），CloudBase Local 仍在运行；下次启动会补全演示数据。');
    });
  });
  child.on('exit', (code, signal) => {
    if (seeding) seeding.kill('SIGTERM');
    // Our own stop ends with 0 (Ctrl-C is how one stops a dev server); otherwise pass on its failure.
    process.exit(stopping ? 0 : signal ? 1 : (code ?? 0));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
