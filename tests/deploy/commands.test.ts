// The two go-live commands as a company runs them on a fresh clone (dist/ is built by global setup):
// the deploy's dry run prints the whole plan, and the preflight names what blocks going live.
import { execFile, spawnSync } from 'child_process';
import fs from 'fs';
import net, { type AddressInfo } from 'net';
import path from 'path';
import { promisify } from 'util';
import { localDate } from '../../domain/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import { QUIET_SDK } from '../support/cloudbase';

const root = path.resolve(__dirname, '../..');
/** No keys and no function variables: what a clean clone's shell has. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TENCENTCLOUD_|MINIPROGRAM_PRIVATE_KEY|CLOUDBASE_LOCAL_URL|SETUP_CODE|STAFF_GROUP_WEBHOOK)/.test(k)));
const SETUP_CODE = 'YG-2026-setup-7f3k9q';
const run = (script: string, args: string[] = [], extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(root, 'dist', script), ...args], { cwd: root, env: { ...env, ...extra }, encoding: 'utf8', timeout: 60_000 });
/** The doctor against an environment; asynchronously, as CloudBase Local answers from this very process. */
const doctor = (extra: Record<string, string>) =>
  promisify(execFile)(process.execPath, [path.join(root, 'dist', 'doctor.js')], { cwd: root, env: { ...env, ...QUIET_SDK, ...extra }, encoding: 'utf8', timeout: 120_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
/** The doctor against a running CloudBase Local. */
const doctorAgainst = (c: { url: string; env: string }) => doctor({ CLOUDBASE_LOCAL_URL: c.url, CLOUDBASE_LOCAL_ENV: c.env });

/** The deploy with `--mode <m>` and a `.env.<m>` holding `values`, as a company keeps its secrets for `tcb` and for us. */
function deployWithEnvFile(values: Record<string, string>, args: string[] = ['--dry-run']) {
  const mode = `jest-${process.pid}`;
  const file = path.join(root, `.env.${mode}`);
  fs.writeFileSync(file, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
  try {
    return run('deploy.js', [...args, '--mode', mode]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

it('npm run deploy -- --dry-run prints the complete plan in Chinese and changes nothing', () => {
  const r = deployWithEnvFile({ SETUP_CODE });
  expect(r.status).toBe(0);
  for (const line of ['创建云函数 api：Nodejs18.15，超时 20 秒', '创建云函数 scheduler：Nodejs18.15，超时 60 秒，内存 256 MB，云端安装依赖，定时触发器 sweep（0 * * * * * *）', '创建云函数 events', '为集合 complaints 创建索引', '集合 complaints 的安全规则设为「仅管理端可读写」', '云存储权限设为「仅创建者可读写」', '消息推送', '登记云调用权限（管理接口做不到，只能在微信开发者工具中）：右键 cloudfunctions/api →「上传并部署：云端安装依赖」，登记 security.msgSecCheck、security.mediaCheckAsync、subscribeMessage.send、cloudbase.sendSmsV2', '右键 cloudfunctions/scheduler →「上传并部署：云端安装依赖」，登记 security.mediaCheckAsync、subscribeMessage.send、cloudbase.sendSmsV2', '这是演练：没有改动任何东西。']) {
    expect(r.stdout).toContain(line);
  }
  // Every variable each function gets, the secrets masked.
  expect(r.stdout).toContain('云函数 api：\n      SETUP_CODE = ****9q（必填：公司开通码，负责人凭它成为第一位管理员）\n      DEPLOYED_CODE_SHA256 = ');
  expect(r.stdout).toContain('云函数 scheduler：\n      MINIPROGRAM_STATE = formal（可选：');
  expect(r.stdout).not.toContain(SETUP_CODE);
});

it('the deploy refuses, already in its dry run, a required function variable left empty or too short', () => {
  // Set in the shell only: `{{env.X}}` is the .env files' to the CLI, so it is ours too.
  const unset = run('deploy.js', ['--dry-run'], { SETUP_CODE });
  expect(unset.status).not.toBe(0);
  expect(unset.stdout).toContain('      SETUP_CODE = （空）（必填');
  expect(unset.stderr).toContain('✗ 云函数 api 的环境变量 SETUP_CODE 为空（公司开通码，负责人凭它成为第一位管理员）：请在项目根目录的 .env.local 写一行 SETUP_CODE=至少12位的值 后重新部署');
  expect(unset.stderr).toContain('部署会被拒绝');
  const short = deployWithEnvFile({ SETUP_CODE: 'abc12' });
  expect(short.status).not.toBe(0);
  expect(short.stderr).toContain('✗ 云函数 api 的环境变量 SETUP_CODE 只有 5 位，至少要 12 位');
});

it('npm run doctor exits non-zero on a fresh clone and says why, in Chinese', () => {
  const r = run('doctor.js');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('✗ 小程序 AppID 未设置');
  expect(r.stdout).toContain('✗ 云开发环境 id 未设置');
  expect(r.stdout).toContain('的 id 仍是占位符 TPL_COMPLAINT_ACCEPTED');
  expect(r.stdout).toContain('✗ 无法连接云开发环境：没有可连接的环境');
  expect(r.stdout).toMatch(/有 \d+ 项必须处理后才能上线。/);
});

it('npm run doctor blocks on an environment it cannot reach instead of passing it', async () => {
  const closed = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => closed.once('listening', resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
  const r = await doctor({ CLOUDBASE_LOCAL_URL: url, CLOUDBASE_LOCAL_ENV: 'wuye-local' });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`✗ 无法连接云开发环境 wuye-local（${url}）：connect ECONNREFUSED`);
  expect(r.stdout).not.toMatch(/节假日数据|客服中心电话|定时任务最后运行/);
});

it('npm run doctor judges what the company set in 设置, read from the environment’s database (here CloudBase Local)', async () => {
  const { admin, startApi } = await import('../support/api');
  const c = await startApi();
  try {
    await c.db.collection('members').add({ ...admin });
    const local = { CLOUDBASE_LOCAL_URL: c.url, CLOUDBASE_LOCAL_ENV: c.env };
    expect((await doctor(local)).stdout).toContain('! 客服中心电话未设置');
    // The company enters next year's holidays and opens two communities, only one with its own desk.
    const nextYear = Number(localDate(new Date()).slice(0, 4)) + 1;
    const calendar = { ...DEFAULT_POLICY.calendar, overrides: [{ date: `${nextYear}-01-01`, kind: 'holiday', name: '元旦' }], yearsCoveredByOverrides: [nextYear] };
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy: { ...DEFAULT_POLICY, calendar } })).toMatchObject({ ok: true });
    expect(await c.call(admin._id, { action: 'admin.community.upsert', name: '阳光花园', households: 300, serviceDesk: { phone: '0571-88881111', hours: '8:00-20:00' } })).toMatchObject({ ok: true });
    expect(await c.call(admin._id, { action: 'admin.community.upsert', name: '翠湖苑', households: 120 })).toMatchObject({ ok: true });
    const some = await doctor(local);
    expect(some.stdout).toContain(`✓ 节假日数据覆盖 ${nextYear - 1}–${nextYear} 年`);
    expect(some.stdout).toContain('! 小区 翠湖苑 没有客服电话，公司的客服中心电话也未设置');
    // …and the company's 客服电话, which 翠湖苑's owners call.
    expect(await c.call(admin._id, { action: 'admin.policy.set', policy: { ...DEFAULT_POLICY, calendar, serviceDesk: { name: '客服中心', phone: '0571-88886666' } } })).toMatchObject({ ok: true });
    const all = await doctor(local);
    expect(all.stdout).toContain(`✓ 节假日数据覆盖 ${nextYear - 1}–${nextYear} 年`);
    expect(all.stdout).not.toMatch(/节假日数据还没有|客服电话|客服中心电话/);
  } finally {
    await c.stop();
  }
});

it('npm run doctor reads the scheduler’s heartbeat from a running environment (here CloudBase Local)', async () => {
  const { startApi } = await import('../support/api');
  const c = await startApi();
  try {
    const before = await doctorAgainst(c);
    expect(before.stdout).toContain('✗ 定时任务从未运行');
    await c.post('/local/functions/scheduler/invoke', { data: {} });
    const after = await doctorAgainst(c);
    expect(after.stdout).toMatch(/✓ 定时任务最后运行于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（0 分钟前）/);
  } finally {
    await c.stop();
  }
});

it('npm run doctor probes each function’s 云调用 permissions live and names the one deployed without DevTools', async () => {
  const { startApi } = await import('../support/api');
  const c = await startApi();
  try {
    // The scheduler went up through the management API only: declared in config.json, never registered.
    await c.post('/local/openapi/permissions', { function: 'scheduler', registered: false });
    const before = await doctorAgainst(c);
    expect(before.stdout).toContain('✗ 云调用权限未开通：云函数 scheduler 不能调用 security.mediaCheckAsync、subscribeMessage.send、cloudbase.sendSmsV2（-604101）。登记云调用权限');
    expect(before.stdout).toContain('✓ 云函数 api 的云调用权限已生效：security.msgSecCheck、security.mediaCheckAsync、subscribeMessage.send、cloudbase.sendSmsV2');
    await c.post('/local/openapi/permissions', { function: 'scheduler', registered: true });
    const after = await doctorAgainst(c);
    expect(after.stdout).toContain('✓ 云函数 scheduler 的云调用权限已生效');
    expect(after.stdout).not.toContain('云调用权限未开通');
  } finally {
    await c.stop();
  }
}, 300_000);

it('npm run doctor asks every robot set in 设置 whether it answers, and blocks on a wrong key (issue 27)', async () => {
  const { admin, startApi } = await import('../support/api');
  const c = await startApi();
  try {
    await c.db.collection('members').add({ ...admin });
    expect((await doctorAgainst(c)).stdout).toContain('✗ 公司政策要求以短信提醒当值人员');
    expect(await c.call(admin._id, { action: 'admin.alerts.set', duty: `${c.url}/local/outbound/webhook/send?key=duty-robot-0001`, departments: { security: `${c.url}/local/outbound/webhook/send?key=security-robot-01` }, smsTemplateId: '2233445' })).toMatchObject({ ok: true });
    const good = await doctorAgainst(c);
    expect(good.stdout).toContain('✓ 员工提醒：值班群、安保部群的机器人都能应答，短信模板 2233445');
    // The empty probe reached the robot but no group: CloudBase Local answered it 40008, as 企业微信 does.
    expect((await c.get<Array<{ errcode: number }>>('/local/outbound?kind=webhook')).map((p) => p.errcode)).toEqual([40008, 40008]);
    await c.post('/local/outbound/faults', { kind: 'webhook', key: 'security-robot-01', errcode: 93000, times: 1 });
    expect((await doctorAgainst(c)).stdout).toContain('✗ 安保部群的群机器人地址无效（93000 invalid webhook url）');
  } finally {
    await c.stop();
  }
}, 300_000);
