// Every function invocation CloudBase Local runs, kept for the console in a bounded ring: who called
// which function with what, how long it took, what it read and wrote (the counters), what it answered
// and what it logged. Large requests and answers are cut to a preview so the ring stays small.
import type { Tally } from '../counters';

export interface LogLine {
  level: string;
  at: string;
  text: string;
}

export interface InvocationRecord {
  /** Increasing number: the console asks for records after the last one it has. */
  seq: number;
  id: string;
  function: string;
  openid: string | null;
  /** 'timer' for a timer trigger run, 'push' for a message push, null for a user's call. */
  trigger: string | null;
  /** The `action` field of the request, when it has one (the api function routes on it). */
  action: string | null;
  /** When it started, by the movable clock. */
  at: string;
  durationMs: number;
  /** 'OK', the function's own error code (`{ok: false, code}`), or the platform's (timeout, crash). */
  code: string;
  counts: Omit<Tally, 'calls'> | null;
  request: unknown;
  response: unknown;
  error: { code: string; message: string } | null;
  logs: LogLine[];
}

export const INVOCATION_LOG_CAPACITY = 500;
const MAX_PAYLOAD_CHARS = 32 * 1024;

/** A value as kept: itself when small, else a preview of its JSON. */
export function bounded(value: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { truncated: true, preview: String(value).slice(0, 200) };
  }
  if (json === undefined || json.length <= MAX_PAYLOAD_CHARS) return value ?? null;
  return { truncated: true, chars: json.length, preview: json.slice(0, MAX_PAYLOAD_CHARS) };
}

/** The result code of an answer: the api's `{ok: false, code}` is a refusal, anything else is OK. */
export function resultCode(result: unknown): string {
  if (result && typeof result === 'object' && (result as { ok?: unknown }).ok === false) {
    const code = (result as { code?: unknown }).code;
    return typeof code === 'string' ? code : 'ERROR';
  }
  return 'OK';
}

export class InvocationLog {
  private readonly ring: InvocationRecord[] = [];
  private seq = 0;

  constructor(private readonly capacity = INVOCATION_LOG_CAPACITY) {}

  add(record: Omit<InvocationRecord, 'seq'>): InvocationRecord {
    const r = { seq: ++this.seq, ...record };
    this.ring.push(r);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    return r;
  }

  /** Oldest first. */
  all(): readonly InvocationRecord[] {
    return this.ring;
  }

  get(id: string): InvocationRecord | undefined {
    return this.ring.find((r) => r.id === id);
  }
}
