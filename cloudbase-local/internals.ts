// CloudBase Local's own parts, for its unit tests (tests/cloudbase-local/): the store, the index
// structure, cron parsing, the invocation log, the console's helpers. No promise of stability is
// made for them; a project uses the package's main entry (index.ts).
export { Store, type Doc, type Mutation } from './database/store';
export { CompoundIndex, TypeEdge, compareValues, type Bound } from './database/compound-index';
export { nextFire, parseCron } from './timers/cron';
export { INVOCATION_LOG_CAPACITY, InvocationLog } from './functions/invocations';
export { isLocalRequest } from './local-only';
export { shanghaiEjson } from './console/module';
export { chosenPort, lanAddresses, listenHint, probePort, LAN_WARNING } from './local-net';
