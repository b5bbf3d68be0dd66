// CloudBase Local's HTTP transport: `POST /admin` (the SDKs' one endpoint, also `/admin/i/<id>` for
// calls made from a function invocation, so counters know whose they are) and local-only routes
// under `/local/`. Bad input never crashes it: every failure is an answer.
import http from 'http';
import crypto from 'crypto';
import Busboy from 'busboy';
import { AdminError, TopLevel, type ActionHandler, type AdminRequest, type LocalRequest, type LocalResponse, type RouteHandler } from './app';

interface Route {
  method: string;
  parts: string[];
  handler: RouteHandler;
}

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AdminError('INVALID_PARAM', 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseMultipart(req: http.IncomingMessage, body: Buffer): Promise<{ fields: Record<string, unknown>; files: Record<string, Buffer> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    const files: Record<string, Buffer> = {};
    const bb = Busboy({ headers: req.headers });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (files[name] = Buffer.concat(chunks)));
    });
    bb.on('close', () => resolve({ fields, files }));
    bb.on('error', reject);
    bb.end(body);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const isBuffer = Buffer.isBuffer(body);
  const payload = isBuffer ? body : body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': isBuffer ? 'application/octet-stream' : 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(payload)), ...headers });
  res.end(payload);
}

export class Transport {
  private readonly actions = new Map<string, ActionHandler>();
  private readonly routes: Route[] = [];
  private ready: Promise<void> = Promise.resolve();
  readonly server: http.Server;

  constructor() {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => send(res, 500, { code: 'SYS_ERR', message: String(e instanceof Error ? e.message : e) }));
    });
    // Keep-alive sockets would hold `stop()` open; answers are small and local.
    this.server.keepAliveTimeout = 1000;
  }

  /** Requests wait for `until` (the services being registered) before they are routed. */
  holdUntil(until: Promise<void>): void {
    this.ready = until;
  }

  action(name: string, handler: ActionHandler): void {
    if (this.actions.has(name)) throw new Error(`action ${name} registered twice`);
    this.actions.set(name, handler);
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.push({ method, parts: path.split('/').filter(Boolean), handler });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    const body = await readBody(req);
    await this.ready;
    if (req.method === 'POST' && parts[0] === 'admin' && (parts.length === 1 || (parts.length === 3 && parts[1] === 'i'))) {
      return this.admin(req, res, body, parts[2]);
    }
    for (const route of this.routes) {
      if (route.method !== req.method || route.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const matches = route.parts.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(parts[i]!)), true) : p === parts[i]));
      if (!matches) continue;
      const local: LocalRequest = {
        method: req.method,
        path: url.pathname,
        params,
        query: url.searchParams,
        body,
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress ?? '',
        json: <T>() => (body.length ? JSON.parse(body.toString('utf8')) : {}) as T,
      };
      let out: LocalResponse;
      try {
        out = await route.handler(local);
      } catch (e) {
        out = e instanceof SyntaxError ? { status: 400, body: { error: 'invalid JSON' } } : e instanceof AdminError ? { status: 400, body: { code: e.code, message: e.message } } : { status: 500, body: { error: String(e) } };
      }
      return send(res, out.status, out.body, out.headers);
    }
    send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  }

  private async admin(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, invocation?: string): Promise<void> {
    const requestId = crypto.randomUUID();
    try {
      const isMultipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
      let request: AdminRequest;
      if (isMultipart) {
        const { fields, files } = await parseMultipart(req, raw);
        request = { body: fields, files, invocation };
      } else {
        const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AdminError('INVALID_PARAM', 'body must be a JSON object');
        request = { body: parsed as Record<string, unknown>, invocation };
      }
      const handler = this.actions.get(String(request.body.action));
      if (!handler) throw new AdminError('INVALID_ACTION', `unknown action ${String(request.body.action)}`);
      const data = await handler(request);
      if (data instanceof TopLevel) return send(res, 200, { requestId, ...data.fields });
      if (Buffer.isBuffer(data)) return send(res, 200, data);
      send(res, 200, { requestId, data });
    } catch (e) {
      if (e instanceof AdminError) return send(res, 200, { code: e.code, message: e.message, requestId });
      if (e instanceof SyntaxError) return send(res, 200, { code: 'INVALID_PARAM', message: `invalid request: ${e.message}`, requestId });
      send(res, 200, { code: 'SYS_ERR', message: e instanceof Error ? e.message : String(e), requestId });
    }
  }
}
