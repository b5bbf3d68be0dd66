// npm run doctor's checks, one by one, on the project's real files with one thing broken at a time.
import fs from 'fs';
import path from 'path';
import { readCloudbaseRc, type CloudbaseRc } from '../../cloudbase-local/cloudbaserc';
import { DEFAULT_POLICY } from '../../domain/policy';
import { preflight, type PreflightInput } from '../../scripts/preflight';
import { missingOnRuntime } from '../../scripts/runtime-apis';

const root = path.resolve(__dirname, '../..');
const rc = readCloudbaseRc(root)!;
const templates = JSON.parse(fs.readFileSync(path.join(root, 'config/subscription-templates.json'), 'utf8')) as PreflightInput['templates'];
const bundles = Object.fromEntries(rc.functions.map((f) => [f.name, fs.readFileSync(path.join(root, 'cloudfunctions', f.name, 'index.js'), 'utf8')]));
const now = new Date('2026-11-29T10:00:00+08:00');

/** A project ready to go live: real ids filled in, next year's holidays entered. */
function ready(): PreflightInput {
  return {
    appid: 'wx1234567890abcdef',
    rc: { ...structuredClone(rc), envId: 'wuye-prod-8g3k' },
    templates: templates.map((t, i) => ({ ...t, id: `Jq3xVbK0${i}mZ9sYtR2uW5cLp7dHfA1eG4iN6oQ8` })),
    functionFolders: rc.functions.map((f) => f.name),
    bundles,
    policy: { ...DEFAULT_POLICY, serviceDesk: { name: '客服中心', phone: '0571-88886666' }, calendar: { ...DEFAULT_POLICY.calendar, overrides: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], yearsCoveredByOverrides: [2027] } },
    now,
    bench: { worstSweepMs: 1_400, worstApiMs: 300 },
    heartbeat: new Date(now.getTime() - 60_000),
  };
}
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
  expect(blockers({ ...ready(), templates: [{ ...t[0]!, fields: ['character_string1', 'thing2', 'time3', 'thing4'] }, ...t.slice(1)] })).toEqual([expect.stringContaining('字段与代码发送的不一致')]);
});

it('warns when next year has no holidays, blocks when this year has none, and blocks an inconsistent policy', () => {
  expect(warnings({ ...ready(), policy: { ...DEFAULT_POLICY, serviceDesk: ready().policy.serviceDesk } })).toEqual([expect.stringContaining('2027 年的节假日数据还没有')]);
  expect(warnings({ ...ready(), policy: { ...ready().policy, serviceDesk: { name: '客服中心', phone: '' } } })).toEqual([expect.stringContaining('客服中心电话未设置')]);
  expect(blockers({ ...ready(), policy: DEFAULT_POLICY, now: new Date('2027-03-01T10:00:00+08:00'), heartbeat: new Date('2027-03-01T09:59:00+08:00') })).toEqual([expect.stringContaining('2027 年没有节假日数据')]);
  const broken = { ...ready().policy, categories: [{ code: 'repair', label: '工程维修', department: 'nowhere' }] };
  expect(blockers({ ...ready(), policy: broken })).toEqual([expect.stringContaining('责任部门 nowhere 不存在')]);
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
  expect(blockers({ ...ready(), heartbeat: null })).toEqual([expect.stringContaining('定时任务从未运行')]);
  expect(blockers({ ...ready(), heartbeat: new Date(now.getTime() - 30 * 60_000) })).toEqual([expect.stringContaining('已停止')]);
  expect(warnings({ ...ready(), heartbeat: undefined })).toEqual([expect.stringContaining('没有检查定时任务')]);
});

it('every function bundle uses nothing its declared runtime lacks (the build targets that runtime)', () => {
  for (const f of rc.functions) expect({ name: f.name, missing: missingOnRuntime(bundles[f.name]!, f.runtime) }).toEqual({ name: f.name, missing: [] });
  expect(rc.functions.every((f) => f.runtime === 'Nodejs18.15')).toBe(true);
  // A bundle for an older runtime would be caught: the scheduler's webhook needs global fetch.
  expect(missingOnRuntime(bundles.scheduler!, 'Nodejs16.13')).toEqual(['fetch（Node.js 18 起才有）']);
});
