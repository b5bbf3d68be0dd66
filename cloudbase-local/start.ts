// CloudBase Local: a local CloudBase that the unmodified SDKs talk to over HTTP, on 127.0.0.1
// (`npm start -- --lan` may open it to the LAN; see scripts/start.js). It depends on no project: a
// project hands in its collections and, for the console, its calendar and demo (see README.md).
import path from 'path';
import type { AddressInfo } from 'net';
import type { CollectionSpec } from './database/spec';
import type { LocalApp, LocalModule } from './app';
import { movableClock } from './clock';
import { operationCounters } from './counters';
import { registerDatabase, type Database } from './database/actions';
import { Transport } from './server';

export interface StartOptions {
  /** 0 = an ephemeral port (tests). */
  port?: number;
  /** Address to listen on: 127.0.0.1 unless LAN mode asks for 0.0.0.0. */
  host?: string;
  /** Host put in the URLs it hands out (storage links, SDK redirection): 127.0.0.1 unless a phone on the LAN must reach them. */
  advertisedHost?: string;
  /** Folder for durable data; null keeps everything in memory. */
  dataDir?: string | null;
  projectRoot?: string;
  strict?: boolean;
  env?: string;
  /** Collections to create, with their indexes and rules (the project's declaration); none by default. */
  collections?: CollectionSpec[];
  /** How long a transaction may stay open (real time); the default is MongoDB's 60 s. */
  transactionLifetimeMs?: number;
  /** Further services (storage, functions, open APIs, timers). */
  modules?: LocalModule[];
}

export interface RunningCloudBase {
  app: LocalApp;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

export async function startCloudBaseLocal(options: StartOptions = {}): Promise<RunningCloudBase> {
  const transport = new Transport();
  const closers: Array<() => Promise<void> | void> = [];
  let base = '';
  let database: Database | undefined;
  const app: LocalApp = {
    env: options.env ?? 'local-env',
    clock: movableClock(),
    counters: operationCounters(),
    dataDir: options.dataDir === undefined ? path.resolve('.cloudbase-local') : options.dataDir,
    projectRoot: options.projectRoot ?? process.cwd(),
    strict: options.strict ?? false,
    get database() {
      if (!database) throw new Error('the database is not registered yet');
      return database;
    },
    baseUrl: () => base,
    action: (name, handler) => transport.action(name, handler),
    route: (method, p, handler) => transport.route(method, p, handler),
    onClose: (fn) => closers.push(fn),
  };
  // The port is taken before the data directory is opened: a second instance on a busy port must
  // fail without loading (and compacting) the journal the running one is appending to. Requests
  // that arrive before the services are registered wait for them.
  let opened!: () => void;
  transport.holdUntil(new Promise<void>((resolve) => (opened = resolve)));
  await new Promise<void>((resolve, reject) => {
    transport.server.once('error', reject);
    transport.server.listen(options.port ?? 3030, options.host ?? '127.0.0.1', () => resolve());
  });
  base = `http://${options.advertisedHost ?? '127.0.0.1'}:${(transport.server.address() as AddressInfo).port}`;

  try {
    database = registerDatabase(app, { collections: options.collections ?? [], transactionLifetimeMs: options.transactionLifetimeMs });
    app.route('GET', '/local/clock', async () => ({ status: 200, body: { now: app.clock.now().toISOString(), offsetMs: app.clock.offsetMs() } }));
    app.route('POST', '/local/clock', async (req) => {
      const body = req.json<{ advanceMs?: number; set?: string }>();
      if (typeof body.advanceMs === 'number' && Number.isFinite(body.advanceMs)) app.clock.advance(body.advanceMs);
      else if (typeof body.set === 'string' && !Number.isNaN(Date.parse(body.set))) app.clock.set(new Date(body.set));
      else return { status: 400, body: { error: 'give {advanceMs: number} or {set: ISO instant}' } };
      return { status: 200, body: { now: app.clock.now().toISOString() } };
    });
    app.route('GET', '/local/counters', async () => ({ status: 200, body: app.counters.snapshot() }));
    app.route('POST', '/local/counters/reset', async () => {
      app.counters.reset();
      return { status: 200, body: {} };
    });

    for (const m of options.modules ?? []) await m.register(app);
  } catch (e) {
    for (const close of closers.reverse()) await close();
    transport.server.close();
    throw e;
  }
  opened();

  return {
    app,
    database: database!,
    url: base,
    async stop() {
      for (const close of closers.reverse()) await close();
      transport.server.closeAllConnections();
      await new Promise<void>((resolve) => transport.server.close(() => resolve()));
    },
  };
}
