// The CloudBase Local console: a few static pages at `/` and the JSON endpoints under
// `/local/console/` they need beyond the other local endpoints — collections and documents, queries
// through the same engine with their strict-mode coverage, the invocation log, the demo company's
// people and a clock step to the next working day. What is a project's own — which days are
// working days, the 演示 script — it hands in (ConsoleOptions), so the console depends on no project.
// Everything here is local-only (../local-only.ts): in LAN mode
// (`npm start -- --lan`) the console stays on this machine.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { EJSON } from 'bson';
import { AdminError, type LocalApp, type LocalModule, type LocalRequest, type LocalResponse } from '../app';
import { uncoveredReason } from '../database/coverage';
import { localOnly } from '../local-only';
import { planQuery, type Sort } from '../database/plan';
import type { FunctionRunner } from '../functions/runner';
import type { InvocationRecord } from '../functions/invocations';

// Beside this module under ts-jest; the bundled server (dist/) finds them in the source tree.
const ASSETS = [path.join(__dirname, 'assets'), path.join(__dirname, '..', 'cloudbase-local', 'console', 'assets')].find((d) => fs.existsSync(d)) ?? path.join(__dirname, 'assets');
const ASSET_TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const ASSET_NAME = /^[a-z-]+\.(html|js|css)$/;

const OFFSET_MS = 8 * 60 * 60_000;
const PAGE_MAX = 100;
const PEOPLE_MAX = 500;

/** An instant as ISO 8601 in Asia/Shanghai (UTC+8 all year): 2026-11-28T23:10:00.000+08:00. */
export function shanghaiIso(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** A document as relaxed EJSON, its dates written in Asia/Shanghai time (still valid EJSON). */
export function shanghaiEjson(doc: unknown): unknown {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.$date === 'string' && Object.keys(o).length === 1) return { $date: shanghaiIso(new Date(o.$date)) };
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, visit(x)]));
    }
    return v;
  };
  return visit(EJSON.serialize(doc as Record<string, unknown>, { relaxed: true }));
}

/** The SDK's order forms: `[{field, direction}]`, `[[field, 'asc'|'desc'|±1]]` or `{field: ±1}`. */
function sortOf(raw: unknown): Sort {
  if (raw === undefined || raw === null) return [];
  const dir = (d: unknown): 1 | -1 => (d === 'desc' || Number(d) < 0 ? -1 : 1);
  if (Array.isArray(raw)) {
    return raw.map((o) => {
      if (Array.isArray(o) && typeof o[0] === 'string') return [o[0], dir(o[1])];
      if (o && typeof o === 'object' && typeof (o as { field?: unknown }).field === 'string') return [(o as { field: string }).field, dir((o as { direction?: unknown }).direction)];
      throw new Error('orderBy');
    });
  }
  if (typeof raw === 'object') return Object.entries(raw as Record<string, unknown>).map(([f, d]) => [f, dir(d)]);
  throw new Error('orderBy');
}

const bad = (message: string): LocalResponse => ({ status: 400, body: { error: message } });

export interface ConsoleOptions {
  runner?: () => FunctionRunner;
  /** The console's 「+1 工作日」: the same local time on the project's next working day. Without it the button says so and moves nothing. */
  nextWorkingDay?: (now: Date) => Date;
  /** A script for the 演示 tab (served as /console/demo.js, defining `window.CloudBaseDemo`); without it the tab says there is no demo. */
  demoScript?: string;
}

/** What /console/demo.js is when the project gives no demo: the page reads `CloudBaseDemo` as absent. */
const NO_DEMO = 'window.CloudBaseDemo = null;\n';

export function consoleModule(options: ConsoleOptions = {}): LocalModule {
  return {
    register(app: LocalApp) {
      const local = (method: 'GET' | 'POST', p: string, handler: (req: LocalRequest) => Promise<LocalResponse>) => app.route(method, p, localOnly(handler));
      const store = () => app.database.store;
      const runner = (): FunctionRunner | null => {
        try {
          return options.runner?.() ?? null;
        } catch {
          return null;
        }
      };
      const asset = (name: string): LocalResponse => {
        const file = path.join(ASSETS, name);
        if (!ASSET_NAME.test(name) || !fs.existsSync(file)) return { status: 404, body: { error: 'not found' } };
        return {
          status: 200,
          headers: {
            'content-type': ASSET_TYPES[name.slice(name.lastIndexOf('.') + 1)]!,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
            // Only its own scripts and styles, and pictures from this server.
            'content-security-policy': "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'",
          },
          body: fs.readFileSync(file),
        };
      };
      local('GET', '/', async () => asset('index.html'));
      local('GET', '/console/:file', async (req) => {
        if (req.params.file !== 'demo.js') return asset(req.params.file!);
        // Served with the headers of the console's own scripts.
        return { ...asset('console.js'), body: options.demoScript ? fs.readFileSync(options.demoScript) : Buffer.from(NO_DEMO) };
      });

      // 数据库
      local('GET', '/local/console/collections', async () => ({
        status: 200,
        body: [...store().collections.values()]
          .map((c) => ({ name: c.name, count: c.docs.size, small: c.spec.small === true, indexes: c.spec.indexes.map((i) => ({ name: i.name, keys: i.keys, unique: i.unique === true })) }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }));
      local('GET', '/local/console/documents', async (req) => {
        const c = store().collections.get(req.query.get('collection') ?? '');
        if (!c) return bad('没有这个集合');
        const offset = Math.max(0, Number(req.query.get('offset')) || 0);
        const limit = Math.min(PAGE_MAX, Math.max(1, Number(req.query.get('limit')) || 20));
        // Newest first: the documents in the reverse of the order they were first written.
        const all = [...c.docs.values()];
        const page = all.slice(Math.max(0, all.length - offset - limit), all.length - offset).reverse();
        return { status: 200, body: { total: all.length, offset, limit, documents: page.map(shanghaiEjson) } };
      });
      local('POST', '/local/console/query', async (req) => {
        const body = req.json<{ collection?: unknown; where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown }>();
        const collection = typeof body.collection === 'string' ? store().collections.get(body.collection) : undefined;
        if (!collection) return bad('没有这个集合');
        if (body.where !== undefined && (typeof body.where !== 'object' || body.where === null || Array.isArray(body.where))) return bad('where 必须是一个 JSON 对象');
        let filter: Record<string, unknown>;
        let sort: Sort;
        try {
          filter = EJSON.parse(JSON.stringify(body.where ?? {})) as Record<string, unknown>;
        } catch (e) {
          return bad(`where 不是有效的 EJSON：${e instanceof Error ? e.message : String(e)}`);
        }
        try {
          sort = sortOf(body.orderBy);
        } catch {
          return bad('orderBy 的写法：[{"field": "submittedAt", "direction": "desc"}]');
        }
        const limit = Math.min(PAGE_MAX, Math.max(1, Number(body.limit) || 20));
        const offset = Math.max(0, Number(body.offset) || 0);
        const reason = uncoveredReason(collection.spec, filter, sort);
        const plan = planQuery(collection.indexes, filter, sort);
        const coverage = {
          covered: reason === null,
          reason,
          index: plan.index ? { name: plan.index.spec.name, keys: plan.index.spec.keys } : null,
          sortServed: sort.length === 0 || plan.sortServed,
          strict: app.strict,
        };
        // The same action the SDK calls, tagged as one invocation so its counts can be read back.
        const tag = `console-${crypto.randomUUID()}`;
        try {
          const out = await app.database.getDocument({
            invocation: tag,
            body: { action: 'database.getDocument', collectionName: collection.name, query: EJSON.stringify(filter, { relaxed: false }), order: JSON.stringify(sort.map(([field, d]) => ({ field, direction: d < 0 ? 'desc' : 'asc' }))), limit, offset },
          });
          const documents = out.list.map((s) => shanghaiEjson(EJSON.parse(s, { relaxed: false })));
          return { status: 200, body: { coverage, documents, counts: app.counters.ofInvocation(tag) ?? null, error: null } };
        } catch (e) {
          const error = e instanceof AdminError ? { code: e.code, message: e.message } : { code: 'SYS_ERR', message: String(e) };
          return { status: 200, body: { coverage, documents: [], counts: null, error } };
        }
      });

      // People: who the demo company's members are (names and roles for the invocation log and forms).
      const members = () => store().collections.get('members')?.docs;
      const person = (openid: string | null) => {
        const m = openid ? (members()?.get(openid) as { name?: unknown; role?: unknown } | undefined) : undefined;
        return { name: typeof m?.name === 'string' ? m.name : null, role: typeof m?.role === 'string' ? m.role : null };
      };
      local('GET', '/local/console/people', async () => ({
        status: 200,
        body: [...(members()?.values() ?? [])].slice(0, PEOPLE_MAX).map((m) => ({
          openid: m._id,
          name: typeof m.name === 'string' ? m.name : '',
          role: typeof m.role === 'string' ? m.role : '',
          kind: typeof m.kind === 'string' ? m.kind : '',
          communityIds: Array.isArray(m.communityIds) ? m.communityIds : [],
          active: m.active !== false,
        })),
      }));

      // 云函数: the invocation log, newest first, filtered; one invocation whole.
      const summary = (r: InvocationRecord) => ({ seq: r.seq, id: r.id, function: r.function, openid: r.openid, trigger: r.trigger, ...person(r.openid), action: r.action, at: r.at, durationMs: r.durationMs, code: r.code, counts: r.counts });
      local('GET', '/local/console/invocations', async (req) => {
        const q = (k: string) => req.query.get(k) || null;
        const after = Number(q('after')) || 0;
        const limit = Math.min(500, Math.max(1, Number(q('limit')) || 200));
        const [fn, openid, action, code] = [q('function'), q('openid'), q('action'), q('code')];
        const matches = (r: InvocationRecord) =>
          r.seq > after && (!fn || r.function === fn) && (!openid || r.openid === openid) && (!action || r.action === action) && (!code || (code === 'error' ? r.code !== 'OK' : r.code === code));
        const list = [...(runner()?.invocations.all() ?? [])].filter(matches).reverse().slice(0, limit);
        return { status: 200, body: list.map(summary) };
      });
      local('GET', '/local/console/invocations/:id', async (req) => {
        const r = runner()?.invocations.get(req.params.id!);
        return r ? { status: 200, body: { ...r, ...person(r.openid) } } : { status: 404, body: { error: '这次调用已不在记录中（只保留最近 500 次）' } };
      });

      // 时钟: the same local time on the next working day, as the project's calendar has it.
      local('POST', '/local/console/clock/workday', async () => {
        if (!options.nextWorkingDay) return { status: 404, body: { error: '这个项目没有提供工作日历，请用「前进」按钮拨时钟' } };
        const next = options.nextWorkingDay(app.clock.now());
        app.clock.set(next);
        return { status: 200, body: { now: next.toISOString() } };
      });
    },
  };
}
