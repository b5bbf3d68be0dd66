// A function container: runs one invocation at a time, because the SDKs read the caller's identity
// from process.env on every call (shared/reference/cloudbase-protocol.md). Plain JavaScript so it
// runs as is, both from the bundled server and under the test runner.
'use strict';

// The movable clock: Date.now() and new Date() follow CloudBase Local's clock offset.
const RealDate = Date;
let offsetMs = 0;
class LocalDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = LocalDate;

// Each invocation starts from the container's own environment plus its function's variables and
// caller: nothing of one function's settings or one caller's identity leaks into the next.
const BASE_ENV = { ...process.env };

function resetEnv(env) {
  for (const k of Object.keys(process.env)) if (!(k in BASE_ENV)) delete process.env[k];
  Object.assign(process.env, BASE_ENV, env);
}

// What the function logs, kept per invocation for the console (still printed as before); bounded.
const MAX_LOG_LINES = 200;
const MAX_LOG_CHARS = 2000;
let logs = null;
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    if (logs && logs.length < MAX_LOG_LINES) {
      const text = args.map((a) => (typeof a === 'string' ? a : require('util').inspect(a, { depth: 4, breakLength: Infinity }))).join(' ');
      logs.push({ level, at: new Date().toISOString(), text: text.length > MAX_LOG_CHARS ? `${text.slice(0, MAX_LOG_CHARS)}…` : text });
    }
    original(...args);
  };
}

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  resetEnv(msg.env);
  offsetMs = msg.offsetMs;
  logs = [];
  try {
    const fn = require(msg.file);
    if (typeof fn.main !== 'function') throw new Error(`${msg.file} exports no main(event, context)`);
    const context = { request_id: msg.id, function_name: msg.name, namespace: msg.env.SCF_NAMESPACE, environment: msg.env.TCB_ENV };
    const result = await fn.main(msg.event, context);
    process.send({ type: 'result', id: msg.id, result: result === undefined ? null : result, logs });
  } catch (e) {
    process.send({ type: 'error', id: msg.id, error: { message: e && e.message ? e.message : String(e), stack: e && e.stack }, logs });
  }
  logs = null;
});

// The channel to CloudBase Local closes when it ends, however it ends (a SIGKILL included): a
// container never outlives its server, holding on to nothing for nobody.
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready' });
