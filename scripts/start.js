// `npm start`: bundle CloudBase Local, the cloud functions and the demo seed; run CloudBase Local
// with the project's functions, timer triggers and durable data in .cloudbase-local/; on first start
// seed the demo company through the real api function; print how to act as each kind of user.
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { buildAll } = require('./build');

const HOW_TO = (url) => `
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
                    在「我的 → 本地模式」切换演示身份（miniprogram/config.ts 的 local.baseUrl 默认 http://127.0.0.1:3030）。
`;

async function main() {
  const root = path.resolve(__dirname, '..');
  const { server, seed } = await buildAll(root);
  const child = spawn(process.execPath, [server], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, TZ: 'Asia/Shanghai' } });
  let out = '';
  child.stdout.on('data', (d) => {
    process.stdout.write(d);
    if (out === null) return;
    out += d.toString();
    const ready = /READY (http:\/\/\S+)/.exec(out);
    if (!ready) return;
    out = null;
    const url = ready[1];
    const env = { ...process.env, CLOUDBASE_LOCAL_URL: url, TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }), TENCENTCLOUD_RUNENV: 'SCF', TENCENTCLOUD_REGION: 'ap-shanghai', TCB_ENV: 'local-env', SCF_NAMESPACE: 'local-env', TCB_CONTEXT_KEYS: 'TCB_ENV', TENCENTCLOUD_SECRETID: 'local', TENCENTCLOUD_SECRETKEY: 'local' };
    try {
      execFileSync(process.execPath, [seed], { cwd: root, env, stdio: 'inherit' });
      console.log(HOW_TO(url));
    } catch {
      console.error('演示数据生成失败（见上方错误），CloudBase Local 仍在运行。');
    }
  });
  // Ctrl-C reaches the child through the terminal's process group; forward other stops explicitly.
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
