// 云调用 permissions outside DevTools (issue 26): a function's config.json `permissions.openapi` is
// registered only when WeChat's own tooling uploads the function (CloudBase FAQ 「云调用报错 -604101
// 如何解决」); neither manager-node nor the tcb CLI nor miniprogram-ci's uploadFunction registers it.
// So the deploy names the DevTools step, and the doctor's live probe says whether it was done: each
// function, asked `{ probe: 'openapi' }` with the environment's keys, calls each API it declares once.
import path from 'path';
import { declaredOpenApis, type CloudbaseRc } from '@wuye/cloudbase-local';
import type { CloudApp } from '../server/kernel/ports';
import { NO_PERMISSION, type OpenApiProbe } from '../server/kernel/openapi-errors';
import type { Finding } from './preflight';

/** Each deployed function with the open APIs its config.json declares (only those declaring any). */
export function declaredPermissions(rc: CloudbaseRc, root: string): Array<{ function: string; apis: string[] }> {
  const functionsRoot = path.resolve(root, rc.functionRoot);
  return rc.functions.map((f) => ({ function: f.name, apis: declaredOpenApis(functionsRoot, f.name) })).filter((d) => d.apis.length > 0);
}

/** The step only DevTools can do, one line per function, for the deploy's plan and the doctor. */
export function devToolsSteps(declared: Array<{ function: string; apis: string[] }>): string[] {
  return declared.map((d) => `登记云调用权限（管理接口做不到，只能在微信开发者工具中）：右键 cloudfunctions/${d.function} →「上传并部署：云端安装依赖」，登记 ${d.apis.join('、')}；约 10 分钟后生效，再运行 npm run doctor 确认`);
}

/** Ask each function for its probe; one that cannot be reached is named with the error. */
export async function probePermissions(app: CloudApp, names: string[]): Promise<Array<OpenApiProbe | { function: string; error: string }>> {
  return Promise.all(
    names.map(async (name) => {
      try {
        const { result } = await app.callFunction({ name, data: { probe: 'openapi' } });
        return result as OpenApiProbe;
      } catch (e) {
        return { function: name, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}

/** The doctor's lines: every declared API whose call the gateway refused with -604101 is a blocker. */
export function permissionFindings(probes: Array<OpenApiProbe | { function: string; error: string }>): Finding[] {
  const out: Finding[] = [];
  for (const p of probes) {
    if ('error' in p) {
      out.push({ level: 'blocker', text: `无法调用云函数 ${p.function} 检查云调用权限：${p.error}` });
      continue;
    }
    const missing = p.results.filter((r) => r.errCode === NO_PERMISSION).map((r) => r.api);
    if (missing.length) out.push({ level: 'blocker', text: `云调用权限未开通：云函数 ${p.function} 不能调用 ${missing.join('、')}（-604101）。${devToolsSteps([{ function: p.function, apis: missing }])[0]}` });
    else if (p.results.length) out.push({ level: 'ok', text: `云函数 ${p.function} 的云调用权限已生效：${p.results.map((r) => r.api).join('、')}` });
  }
  return out;
}
