// `npm run doctor`: the go-live preflight, run before going live and after each change. Reads the
// project's own files and the environment — its stored policy, communities, the scheduler's heartbeat
// and (through the deploy's management API) each function's variables:
//   CLOUDBASE_LOCAL_URL=http://127.0.0.1:3030   a running `npm start`
//   TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=…   the environment in cloudbaserc.json
// Prints one Chinese line per check; exits 1 when anything blocks going live, an environment it
// could not read included.
import fs from 'fs';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { readCloudbaseRc, sdkEnvironment, type CloudbaseRc } from '@wuye/cloudbase-local';
import type { Community } from '../server/company/communities-store';
import { currentPolicy } from '../server/kernel/policy';
import type { CloudApp } from '../server/kernel/ports';
import { alertChannels, channelName, webhookUrlProblem } from '../server/kernel/ladder';
import { schedulerHeartbeat } from '../server/kernel/scheduler';
import { readVariables, type ManagerPort } from './deploy-apply';
import { manager } from './manager';
import { declaredPermissions, permissionFindings, probePermissions } from './openapi-permissions';
import { preflight, type Finding, type LadderState, type PreflightInput } from './preflight';

const root = path.resolve(__dirname, '..');
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

function benchFigures(): PreflightInput['bench'] {
  const file = path.join(root, 'bench', 'functions.json');
  if (!fs.existsSync(file)) return null;
  const b = JSON.parse(fs.readFileSync(file, 'utf8')) as { scaling: Array<{ firstSweepMs: number; sweepMsMedian: number; statsMs: number }>; latency: { runs: Array<{ submit: { p95: number }; change: { p95: number } }> } };
  return {
    worstSweepMs: Math.max(...b.scaling.map((s) => Math.max(s.firstSweepMs, s.sweepMsMedian))),
    worstApiMs: Math.max(...b.scaling.map((s) => s.statsMs), ...b.latency.runs.flatMap((r) => [r.submit.p95, r.change.p95])),
  };
}

/** More communities than a company has (an administrator may hold 200); one read. */
const COMMUNITIES_LIMIT = 1000;

/** The environment to read: a running npm start, else cloudbaserc.json's envId with keys; or why there is none. */
function target(rc: CloudbaseRc): { name: string; app: CloudApp; manager: ManagerPort | null } | string {
  const local = process.env.CLOUDBASE_LOCAL_URL;
  if (local) {
    const env = process.env.CLOUDBASE_LOCAL_ENV ?? 'local-env';
    Object.assign(process.env, sdkEnvironment(local, env));
    return { name: `${env}（${local}）`, app: tcb.init({ env }), manager: null };
  }
  const { TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey } = process.env;
  if (!rc.envId || !secretId || !secretKey) return '无法连接云开发环境：没有可连接的环境（填好 cloudbaserc.json 的 envId 并设置 TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY，或对本机 npm start 设置 CLOUDBASE_LOCAL_URL）';
  return { name: rc.envId, app: tcb.init({ env: rc.envId, secretId, secretKey }), manager: manager(root, rc.envId, secretId, secretKey) };
}

/**
 * Each robot set in 设置, asked whether it answers: an empty post, which a live robot refuses as
 * 40008 (no message type) and a wrong key as 93000 — nothing reaches the group.
 */
async function probeRobots(db: ReturnType<CloudApp['database']>, policy: Awaited<ReturnType<typeof currentPolicy>>, local: string | null): Promise<LadderState> {
  const channels = await alertChannels(db);
  const urls = [...new Set([...(channels.duty ? [channels.duty] : []), ...Object.values(channels.departments)])];
  const robots = await Promise.all(
    urls.map(async (url) => {
      const name = channelName(channels, url, policy);
      const problem = webhookUrlProblem(url, local);
      if (problem) return { name, errCode: 93000, errMsg: problem };
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5_000) });
        const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
        return res.ok ? { name, errCode: body.errcode ?? -1, errMsg: body.errmsg ?? '' } : { name, errCode: -res.status, errMsg: `HTTP ${res.status}` };
      } catch (e) {
        return { name, errCode: -1, errMsg: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  return { robots, dutyRobot: channels.duty !== null, smsTemplateId: channels.smsTemplateId };
}

async function readEnvironment(t: ReturnType<typeof target>, rc: CloudbaseRc, now: Date): Promise<PreflightInput['environment']> {
  if (typeof t === 'string') return { unreachable: t };
  const db = t.app.database();
  try {
    const [policy, communities, beat, functionVariables] = await Promise.all([
      currentPolicy(db, now, { fresh: true }),
      db.collection('communities').field({ name: true, serviceDesk: true }).limit(COMMUNITIES_LIMIT).get(),
      schedulerHeartbeat(db),
      t.manager ? readVariables(t.manager, rc.functions.map((f) => f.name)) : null,
    ]);
    const alerts = await probeRobots(db, policy, process.env.CLOUDBASE_LOCAL_URL ? new URL(process.env.CLOUDBASE_LOCAL_URL).origin : null);
    return { policy, communities: communities.data as Array<Pick<Community, 'name' | 'serviceDesk'>>, heartbeat: beat?.at ?? null, alarms: beat?.alarms ?? [], functionVariables, alerts };
  } catch (e) {
    return { unreachable: `无法连接云开发环境 ${t.name}：${e instanceof Error ? e.message : String(e)}` };
  }
}

async function main(): Promise<void> {
  const rc = readCloudbaseRc(root);
  if (!rc) throw new Error('cloudbaserc.json is missing');
  const functionsRoot = path.join(root, rc.functionRoot);
  const functionFolders = fs.readdirSync(functionsRoot).filter((n) => fs.existsSync(path.join(functionsRoot, n, 'src', 'index.ts')));
  const bundles = Object.fromEntries(
    functionFolders.filter((n) => fs.existsSync(path.join(functionsRoot, n, 'index.js'))).map((n) => [n, fs.readFileSync(path.join(functionsRoot, n, 'index.js'), 'utf8')]),
  );
  const now = new Date();
  const t = target(rc);
  const environment = await readEnvironment(t, rc, now);
  const findings = preflight({
    appid: read<{ appid: string }>('project.config.json').appid,
    rc,
    templates: read('config/subscription-templates.json'),
    functionFolders,
    bundles,
    now,
    bench: benchFigures(),
    environment,
  });
  // The live probe: are the 云调用 permissions each function declares registered (DevTools upload)?
  const declared = declaredPermissions(rc, root);
  // Only where the environment answered: an unreachable one is already the blocker.
  if (typeof t !== 'string' && !('unreachable' in environment)) findings.push(...permissionFindings(await probePermissions(t.app, declared.map((d) => d.function))));
  else findings.push({ level: 'warning', text: `未连接云环境，没有检查云调用权限是否已登记（${declared.map((d) => d.function).join('、')}）` });
  const mark: Record<Finding['level'], string> = { ok: '✓', warning: '!', blocker: '✗' };
  for (const f of findings) console.log(`${mark[f.level]} ${f.text}`);
  const blockers = findings.filter((f) => f.level === 'blocker').length;
  console.log(blockers ? `\n有 ${blockers} 项必须处理后才能上线。` : '\n可以上线。');
  process.exitCode = blockers ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
