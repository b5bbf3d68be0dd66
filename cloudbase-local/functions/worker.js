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

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  resetEnv(msg.env);
  offsetMs = msg.offsetMs;
  try {
    const fn = require(msg.file);
    if (typeof fn.main !== 'function') throw new Error(`${msg.file} exports no main(event, context)`);
    const context = { request_id: msg.id, function_name: msg.name, namespace: msg.env.SCF_NAMESPACE, environment: msg.env.TCB_ENV };
    const result = await fn.main(msg.event, context);
    process.send({ type: 'result', id: msg.id, result: result === undefined ? null : result });
  } catch (e) {
    process.send({ type: 'error', id: msg.id, error: { message: e && e.message ? e.message : String(e), stack: e && e.stack } });
  }
});

// The channel to CloudBase Local closes when it ends, however it ends (a SIGKILL included): a
// container never outlives its server, holding on to nothing for nobody.
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready' });
