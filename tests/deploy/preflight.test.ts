// npm run doctor's checks, one by one, on the project's real files with one thing broken at a time.
import fs from 'fs';
import path from 'path';
import { readCloudbaseRc, type CloudbaseRc } from '@wuye/cloudbase-local';
import { collections } from '../../database/schema';
import { DEFAULT_POLICY } from '../../domain/policy';
import { applyStep, readState, readVariables } from '../../scripts/deploy-apply';
import { deployPlan, plannedVariables } from '../../scripts/deploy-plan';
import { CHECKLIST, preflight, type LiveEnvironment, type PreflightInput } from '../../scripts/preflight';
import { missingOnRuntime } from '../../scripts/runtime-apis';
import { FakeManager } from '../support/manager';

const root = path.resolve(__dirname, '../..');
const rc = readCloudbaseRc(root)!;
const templates = JSON.parse(fs.readFileSync(path.join(root, 'config/subscription-templates.json'), 'utf8')) as PreflightInput['templates'];
const bundles = Object.fromEntries(rc.functions.map((f) => [f.name, fs.readFileSync(path.join(root, 'cloudfunctions', f.name, 'index.js'), 'utf8')]));
const now = new Date('2026-11-29T10:00:00+08:00');
const SETUP_CODE = 'YG-2026-setup-7f3k9q';

/** An environment the company has set up: next year's holidays entered, the desk's phone, a deploy with the setup code, a live scheduler. */
function readyEnvironment(): LiveEnvironment {
  return {
    policy: { ...DEFAULT_POLICY, serviceDesk: { name: '客服中心', phone: '0571-88886666' }, calendar: { ...DEFAULT_POLICY.calendar, overrides: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], yearsCoveredByOverrides: [2027] } },
    communities: [{ name: '阳光花园', serviceDesk: { phone: '', hours: '' } }],
    heartbeat: new Date(now.getTime() - 60_000),
    functionVariables: Object.fromEntries(rc.functions.map((f) => [f.name, plannedVariables(f, 'a'.repeat(64), { SETUP_CODE })])),
    alarms: [],
    alerts: { robots: [{ name: '值班群', errCode: 40008, errMsg: 'invalid message type' }, { name: '安保部群', errCode: 40008, errMsg: 'invalid message type' }], dutyRobot: true, smsTemplateId: '2233445' },
  };
}

/** A project ready to go live: real ids filled in, and its environment set up. */
function ready(): PreflightInput {
  return {
    appid: 'wx1234567890abcdef',
    rc: { ...structuredClone(rc), envId: 'wuye-prod-8g3k' },
    templates: templates.map((t, i) => ({ ...t, id: `Jq3xVbK0${i}mZ9sYtR2uW5cLp7dHfA1eG4iN6oQ8` })),
    functionFolders: rc.functions.map((f) => f.name),
    bundles,
    now,
    bench: { worstSweepMs: 1_400, worstApiMs: 300 },
    environment: readyEnvironment(),
  };
}
const withLive = (change: Partial<LiveEnvironment>): PreflightInput => ({ ...ready(), environment: { ...readyEnvironment(), ...change } });
const blockers = (input: PreflightInput) => preflight(input).filter((f) => f.level === 'blocker').map((f) => f.text);
const warnings = (input: PreflightInput) => preflight(input).filter((f) => f.level === 'warning').map((f) => f.text);

it('a project with everything filled in has no blocker and says when the scheduler last ran', () => {
  expect(blockers(ready())).toEqual([]);
  expect(warnings(ready())).toEqual([]);
  expect(preflight(ready()).map((f) => f.text)).toContain('定时任务最后运行于 2026-11-29 09:59（1 分钟前）');
});

it('flags the tourist AppID and an empty env id', () => {
  expect(blockers({ ...ready(), appid: 'touristappid' })).toEqual([expect.stringContaining('AppID 未设置')]);
  expect(blockers({ ...ready(), rc: { ...ready().rc, envId: '' } })).toEqual([expect.stringContaining('环境 id 未设置')]);
});

it('flags an empty or placeholder template id, and fields that differ from what the code sends', () => {
  const t = ready().templates;
  expect(blockers({ ...ready(), templates: [{ ...t[0]!, id: '' }, ...t.slice(1)] })).toEqual([expect.stringContaining('「投诉受理通知」的 id 为空')]);
  expect(blockers({ ...ready(), templates: [{ ...t[0]!, id: 'TPL_COMPLAINT_ACCEPTED' }, ...t.slice(1)] })).toEqual([expect.stringContaining('占位符')]);
  // A company's template maps our fields to its own keywords; a mapping WeChat would refuse (47003) blocks.
  const remap = (keywords: object) => blockers({ ...ready(), templates: [{ ...t[0]!, keywords }, ...t.slice(1)] });
  expect(remap({ number: 'character_string1', summary: 'phrase4', deadline: 'time3' })).toEqual([expect.stringContaining('把摘要放在 phrase4（phrase 类型）：微信会以 47003 拒收')]);
  expect(remap({ number: 'character_string1', deadline: 'thing3', place: 'thing5' })).toEqual([expect.stringContaining('对应「place」，但这条消息没有这个字段')]);
  expect(remap({ number: 'character_string1', summary: 'thing2', status: 'thing2' })).toEqual([expect.stringContaining('对应了两个字段')]);
  // Another template's keyword ids, each of a type that fits: no blocker.
  expect(remap({ number: 'character_string7', summary: 'thing1', deadline: 'date9', status: 'phrase3' })).toEqual([]);
});

it('warns when next year has no holidays, blocks when this year has none, and blocks an inconsistent policy', () => {
  const policy = readyEnvironment().policy;
  expect(warnings(withLive({ policy: { ...DEFAULT_POLICY, serviceDesk: policy.serviceDesk } }))).toEqual([expect.stringContaining('2027 年的节假日数据还没有')]);
  expect(blockers({ ...withLive({ policy: DEFAULT_POLICY, heartbeat: new Date('2027-03-01T09:59:00+08:00') }), now: new Date('2027-03-01T10:00:00+08:00') })).toEqual([expect.stringContaining('2027 年没有节假日数据')]);
  const broken = { ...policy, categories: [{ code: 'repair', label: '工程维修', department: 'nowhere' }] };
  expect(blockers(withLive({ policy: broken }))).toEqual([expect.stringContaining('责任部门 nowhere 不存在')]);
});

it('warns about the 客服电话 only where owners would have no number to call: the company’s, else each community’s own', () => {
  const noCompanyPhone = { ...readyEnvironment().policy, serviceDesk: { name: '客服中心', phone: '' } };
  expect(warnings(withLive({ policy: noCompanyPhone, communities: [] }))).toEqual([expect.stringContaining('客服中心电话未设置')]);
  const desks = [
    { name: '阳光花园', serviceDesk: { phone: '0571-88881111', hours: '8:00-20:00' } },
    { name: '翠湖苑', serviceDesk: { phone: '', hours: '' } },
  ];
  expect(warnings(withLive({ policy: noCompanyPhone, communities: desks }))).toEqual([expect.stringContaining('小区 翠湖苑 没有客服电话')]);
  expect(warnings(withLive({ policy: noCompanyPhone, communities: desks.slice(0, 1) }))).toEqual([]);
});

it('blocks a runtime the bundle is too new for, a timeout below the benchmarks, and a scheduler without its trigger', () => {
  const withFunction = (name: string, change: Partial<CloudbaseRc['functions'][number]>) => ({ ...ready().rc, functions: ready().rc.functions.map((f) => (f.name === name ? { ...f, ...change } : f)) });
  expect(blockers({ ...ready(), rc: withFunction('scheduler', { runtime: 'Nodejs16.13' }) })).toEqual([expect.stringContaining('scheduler 用到了运行时 Nodejs16.13 没有的 fetch')]);
  expect(blockers({ ...ready(), rc: withFunction('scheduler', { timeout: 2 }) })).toEqual([expect.stringContaining('scheduler 超时 2 秒')]);
  expect(blockers({ ...ready(), rc: withFunction('scheduler', { triggers: [] }) })).toEqual([expect.stringContaining('没有定时触发器')]);
  expect(blockers({ ...ready(), bundles: { ...bundles, api: `${bundles.api}\nconst { promise } = Promise.withResolvers();` } })).toEqual([expect.stringContaining('Promise.withResolvers')]);
  expect(blockers({ ...ready(), functionFolders: [...ready().functionFolders, 'reports'] })).toEqual([expect.stringContaining('云函数 reports 没有在 cloudbaserc.json 中声明')]);
});

it('blocks a scheduler that never ran or stopped running', () => {
  expect(blockers(withLive({ heartbeat: null }))).toEqual([expect.stringContaining('定时任务从未运行')]);
  expect(blockers(withLive({ heartbeat: new Date(now.getTime() - 30 * 60_000) }))).toEqual([expect.stringContaining('（30 分钟前），已停止')]);
});

it('reads a heartbeat from a clock ahead of this machine’s as a clock to check, not a negative age', () => {
  const ahead = preflight(withLive({ heartbeat: new Date(now.getTime() + 16 * 60_000) })).find((f) => f.text.startsWith('定时任务'))!;
  expect(ahead).toEqual({ level: 'warning', text: '定时任务最后运行于 2026-11-29 10:16：心跳时间比本机时钟快 16 分钟，请检查本机时间，校准后再运行才能判断定时任务是否仍在运行' });
  // Seconds of difference are the same minute.
  expect(preflight(withLive({ heartbeat: new Date(now.getTime() + 20_000) })).map((f) => f.text)).toContain('定时任务最后运行于 2026-11-29 10:00（0 分钟前）');
});

it('an environment it could not reach is a blocker, not a pass: nothing the company keeps there was checked', () => {
  const input = { ...ready(), environment: { unreachable: '无法连接云开发环境 wuye-prod-8g3k：connect ECONNREFUSED' } };
  expect(blockers(input)).toEqual(['无法连接云开发环境 wuye-prod-8g3k：connect ECONNREFUSED；公司政策（节假日、客服电话）、云函数的环境变量、定时任务心跳与员工提醒渠道都要从环境读取，均未检查']);
  expect(preflight(input).some((f) => /节假日数据|定时任务最后/.test(f.text))).toBe(false);
});

it('checks the functions’ variables in the environment, read through the management API the deploy uses', async () => {
  const m = new FakeManager();
  const names = rc.functions.map((f) => f.name);
  const codeHashes = Object.fromEntries(names.map((n) => [n, 'a'.repeat(64)]));
  for (const step of deployPlan({ rc, functionRootPath: path.join(root, 'cloudfunctions'), codeHashes, collections, state: await readState(m, rc.envId, names, collections), env: { SETUP_CODE } })) await applyStep(m, rc.envId, step);
  expect(blockers(withLive({ functionVariables: await readVariables(m, names) }))).toEqual([]);
  // Cleared in the console (or deployed by other tooling): nobody could become the first administrator.
  const api = m.deployed.get('api')!;
  api.Environment.Variables = api.Environment.Variables.filter((v) => v.Key !== 'SETUP_CODE');
  expect(blockers(withLive({ functionVariables: await readVariables(m, names) }))).toEqual([
    '云函数 api 的环境变量 SETUP_CODE 为空（公司开通码，负责人凭它成为第一位管理员）：请在项目根目录的 .env.local 写一行 SETUP_CODE=至少12位的值 后重新部署（.env.local 不进 git；tcb 命令行读取同一个文件）',
  ]);
  m.deployed.delete('events');
  expect(blockers(withLive({ functionVariables: await readVariables(m, names) }))).toContain('云函数 events 还没有部署到环境：请运行 npm run deploy');
  // CloudBase Local has no management API: said, not silently passed.
  expect(warnings(withLive({ functionVariables: null }))).toEqual([expect.stringContaining('没有核对云函数的环境变量')]);
});

it('every function bundle uses nothing its declared runtime lacks (the build targets that runtime)', () => {
  for (const f of rc.functions) expect({ name: f.name, missing: missingOnRuntime(bundles[f.name]!, f.runtime) }).toEqual({ name: f.name, missing: [] });
  expect(rc.functions.every((f) => f.runtime === 'Nodejs18.15')).toBe(true);
  // A bundle for an older runtime would be caught: the scheduler's webhook needs global fetch.
  expect(missingOnRuntime(bundles.scheduler!, 'Nodejs16.13')).toEqual(['fetch（Node.js 18 起才有）']);
});

it('the staff alert ladder (issue 27): a robot with a wrong key, one that does not answer, SMS asked for without a template and the last run’s alarms block going live', () => {
  const alerts = readyEnvironment().alerts;
  expect(blockers(withLive({ alerts: { ...alerts, robots: [{ name: '值班群', errCode: 93000, errMsg: 'invalid webhook url' }] } }))).toEqual([expect.stringContaining('值班群的群机器人地址无效（93000 invalid webhook url）')]);
  expect(blockers(withLive({ alerts: { ...alerts, robots: [{ name: '安保部群', errCode: -500, errMsg: 'HTTP 500' }] } }))).toEqual([expect.stringContaining('安保部群的群机器人没有应答（-500 HTTP 500）')]);
  expect(blockers(withLive({ alerts: { ...alerts, smsTemplateId: null } }))).toEqual([expect.stringContaining('没有设置短信模板')]);
  // A company whose policy asks for no SMS needs no template.
  const noSms = { ...readyEnvironment().policy, alerts: { ...DEFAULT_POLICY.alerts, rungs: { task: ['webhook' as const], urgent: ['webhook' as const], after_hours_escalation: ['webhook' as const] } } };
  expect(blockers(withLive({ policy: noSms, alerts: { ...alerts, smsTemplateId: null } }))).toEqual([]);
  expect(warnings(withLive({ alerts: { ...alerts, robots: [], dutyRobot: false } }))).toEqual([expect.stringContaining('没有设置任何企业微信群机器人')]);
  expect(blockers(withLive({ alarms: ['企业微信群机器人地址无效（客服中心群，93000 invalid webhook url）：…'] }))).toEqual(['定时任务报警：企业微信群机器人地址无效（客服中心群，93000 invalid webhook url）：…']);
  expect(preflight(ready()).map((f) => f.text)).toContain('员工提醒：值班群、安保部群的机器人都能应答，短信模板 2233445');
});

it('the README’s go-live checklist is the doctor’s, line for line', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /<!-- doctor-checklist -->\n([\s\S]*?)<!-- \/doctor-checklist -->/.exec(readme)?.[1] ?? '';
  expect(block.trim().split('\n').map((l) => l.replace(/^- \[ \] /, ''))).toEqual([...CHECKLIST]);
});
