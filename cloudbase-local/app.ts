// The seam between CloudBase Local's HTTP server and its services (database, storage, functions,
// open APIs, timers). Each service is a module with `register(app)`; the server owns transport only.
import type { Database } from './database/actions';

/** A clock tests can move. Everything in CloudBase Local reads time through it (serverDate, URL
 * expiry, timer triggers, and the functions it runs). */
export interface Clock {
  now(): Date;
  /** Move the clock forward (or back) by `ms`. */
  advance(ms: number): void;
  /** Jump to an instant. */
  set(instant: Date): void;
  /** Current offset from the machine clock, in ms (passed to function workers). */
  offsetMs(): number;
}

/** Per-invocation and per-collection operation counts, for the benchmarks (issue 6). */
export interface Counters {
  record(entry: { invocation?: string; collection?: string; reads?: number; writes?: number; scanned?: number; inMemorySorts?: number; bytesRead?: number; action: string }): void;
  snapshot(): unknown;
  /** One invocation's totals (the console's invocation log), or undefined when it touched nothing. */
  ofInvocation(invocation: string): { reads: number; writes: number; scanned: number; inMemorySorts: number; bytesRead: number } | undefined;
  reset(): void;
}

/** The body of a `POST /admin` call, already parsed (JSON, or the multipart fields of `wx.openApi`). */
export type AdminBody = Record<string, unknown>;

export interface AdminRequest {
  body: AdminBody;
  /** Set when the caller is a function invocation run by CloudBase Local (from the `/admin/i/<id>` path). */
  invocation?: string;
  /** Raw multipart file parts, by field name, for `wx.openApi`. */
  files?: Record<string, Buffer>;
}

/** What an action returns: `data` for success; throwing an `AdminError` gives `{code, message}`. */
export type ActionHandler = (req: AdminRequest) => Promise<unknown>;

/** A reply whose fields go at the top level beside `requestId` instead of under `data`
 * (`database.startTransaction` answers `{requestId, transactionId}`). */
export class TopLevel {
  constructor(readonly fields: Record<string, unknown>) {}
}

export class AdminError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface LocalRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
  /** Request headers (lower-case names) and the peer's address: the console answers loopback only. */
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
  json<T = unknown>(): T;
}

export interface LocalResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type RouteHandler = (req: LocalRequest) => Promise<LocalResponse>;

export interface LocalApp {
  readonly env: string;
  readonly clock: Clock;
  readonly counters: Counters;
  /** Folder for durable data, or null to keep everything in memory (tests). */
  readonly dataDir: string | null;
  /** The project's root: `database/`, `cloudfunctions/` are read from here. */
  readonly projectRoot: string;
  /** Strict mode refuses queries no declared index covers (on in tests). */
  readonly strict: boolean;
  /** The database, registered before any module (the console reads collections through it). */
  readonly database: Database;
  /** Base URL the server listens on, e.g. http://127.0.0.1:3030 (known after listen). */
  baseUrl(): string;
  /** Handle `POST /admin` bodies whose `action` is `name`. */
  action(name: string, handler: ActionHandler): void;
  /** Handle a local-only HTTP endpoint; `path` may hold `:params`. Local endpoints live under `/local/`. */
  route(method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler): void;
  /** Run when the server stops (flush, close files, end workers). */
  onClose(fn: () => Promise<void> | void): void;
}

export interface LocalModule {
  register(app: LocalApp): void | Promise<void>;
}
