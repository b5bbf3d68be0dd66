// The two go-live commands as a company runs them on a fresh clone (dist/ is built by global setup):
// the deploy's dry run prints the whole plan, and the preflight names what blocks going live.
import { execFile, spawnSync } from 'child_process';
import path from 'path';
import { promisify } from 'util';

const root = path.resolve(__dirname, '../..');
/** No keys: what a clean clone has. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TENCENTCLOUD_|MINIPROGRAM_PRIVATE_KEY|CLOUDBASE_LOCAL_URL)/.test(k)));
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist', script), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

/** The doctor against a running CloudBase Local, asynchronously: it answers from this very process. */
const doctorAgainst = (c: { url: string; env: string }) =>
  promisify(execFile)(process.execPath, [path.join(root, 'dist', 'doctor.js')], { cwd: root, env: { ...env, CLOUDBASE_LOCAL_URL: c.url, CLOUDBASE_LOCAL_ENV: c.env }, encoding: 'utf8', timeout: 120_000 }).catch(
    (e: { stdout: string }) => ({ stdout: e.stdout }),
  );

it('npm run deploy -- --dry-run prints the complete plan in Chinese and changes nothing', () => {
  const r = run('deploy.js', '--dry-run');
  expect(r.status).toBe(0);
  for (const line of ['创建云函数 api：Nodejs18.15，超时 20 秒', '创建云函数 scheduler：Nodejs18.15，超时 60 秒，内存 256 MB，云端安装依赖，定时触发器 sweep（0 * * * * * *）', '创建云函数 events', '为集合 complaints 创建索引', '集合 complaints 的权限设为「仅管理端可读写」', '云存储权限设为「仅创建者可读写」', '消息推送', '登记云调用权限（管理接口做不到，只能在微信开发者工具中）：右键 cloudfunctions/api →「上传并部署：云端安装依赖」，登记 security.msgSecCheck、security.mediaCheckAsync', '右键 cloudfunctions/scheduler →「上传并部署：云端安装依赖」，登记 security.mediaCheckAsync、subscribeMessage.send', '这是演练：没有改动任何东西。']) {
    expect(r.stdout).toContain(line);
  }
});

it('npm run doctor exits non-zero on a fresh clone and says why, in Chinese', () => {
  const r = run('doctor.js');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('✗ 小程序 AppID 未设置');
  expect(r.stdout).toContain('✗ 云开发环境 id 未设置');
  expect(r.stdout).toContain('的 id 仍是占位符 TPL_COMPLAINT_ACCEPTED');
  expect(r.stdout).toMatch(/有 \d+ 项必须处理后才能上线。/);
});

it('npm run doctor reads the scheduler’s heartbeat from a running environment (here CloudBase Local)', async () => {
  const { startApi } = await import('../support/api');
  const c = await startApi();
  const doctor = () => doctorAgainst(c);
  try {
    const before = await doctor();
    expect(before.stdout).toContain('✗ 定时任务从未运行');
    await c.post('/local/functions/scheduler/invoke', { data: {} });
    const after = await doctor();
    expect(after.stdout).toMatch(/✓ 定时任务最后运行于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（0 分钟前）/);
  } finally {
    await c.stop();
  }
});

it('npm run doctor probes each function’s 云调用 permissions live and names the one deployed without DevTools', async () => {
  const { startApi } = await import('../support/api');
  const c = await startApi();
  const doctor = () => doctorAgainst(c);
  try {
    // The scheduler went up through the management API only: declared in config.json, never registered.
    await c.post('/local/openapi/permissions', { function: 'scheduler', registered: false });
    const before = await doctor();
    expect(before.stdout).toContain('✗ 云调用权限未开通：云函数 scheduler 不能调用 security.mediaCheckAsync、subscribeMessage.send（-604101）。登记云调用权限');
    expect(before.stdout).toContain('✓ 云函数 api 的云调用权限已生效：security.msgSecCheck、security.mediaCheckAsync');
    await c.post('/local/openapi/permissions', { function: 'scheduler', registered: true });
    const after = await doctor();
    expect(after.stdout).toContain('✓ 云函数 scheduler 的云调用权限已生效');
    expect(after.stdout).not.toContain('云调用权限未开通');
  } finally {
    await c.stop();
  }
}, 300_000);
