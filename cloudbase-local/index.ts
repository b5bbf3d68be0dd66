// CloudBase Local as a package: start it (start.ts), run it as a command (cli.ts), add modules to it.
// The public surface (package.json `exports`): what a project needs to start CloudBase Local, add
// services to it, and point the SDKs at it.
export { startCloudBaseLocal, type RunningCloudBase, type StartOptions } from './start';
export { sdkEnvironment } from './sdk-env';
export { defaultModules, type DefaultModuleOptions } from './modules';
export { consoleModule, type ConsoleOptions } from './console/module';
export { functionsModule, type FunctionRunner } from './functions/runner';
export { openApiModule, type MediaCheckEvent, type Push } from './openapi';
export { outboundModule } from './outbound';
export { storageModule } from './storage';
export { timersModule, readTriggers } from './timers';
export { AdminError, TopLevel, type AdminRequest, type LocalApp, type LocalModule, type LocalRequest, type LocalResponse } from './app';
export type { CollectionSpec, IndexSpec, IndexDirection } from './database/spec';
export { readCloudbaseRc, resolveEnvVariables, shellVariables, declaredOpenApis, type CloudbaseRc, type FunctionSpec, type TriggerSpec } from './cloudbaserc';
export { runCloudBaseLocal, type CloudBaseLocalPlugins } from './cli';
