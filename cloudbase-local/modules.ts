// The services CloudBase Local runs beside the database, in the order they register. Open APIs and
// timers share the functions module's runner: message pushes and timer runs reach the project's functions;
// the console reads its invocation log.
import type { LocalModule } from './app';
import { consoleModule, type ConsoleOptions } from './console/module';
import { functionsModule } from './functions/runner';
import { openApiModule } from './openapi';
import { outboundModule } from './outbound';
import { storageModule } from './storage';
import { timersModule } from './timers';

export interface DefaultModuleOptions {
  autoTick: boolean;
  unregisteredPermissions?: string[];
  /** The function WeChat's pushes (wxa_media_check) go to, as the project's console sets it. */
  messagePushFunction?: string;
  /** The project's calendar and demo for the console. */
  console?: Omit<ConsoleOptions, 'runner'>;
}

export function defaultModules(options: DefaultModuleOptions): LocalModule[] {
  const functions = functionsModule();
  // The robot and SMS ends of staff alerts; SMS is an open API, so it goes through the gateway's checks.
  const outbound = outboundModule();
  return [storageModule(), functions, outbound, openApiModule({ runner: () => functions.runner(), unregisteredPermissions: options.unregisteredPermissions, messagePushFunction: options.messagePushFunction, apis: { 'cloudbase.sendSmsV2': outbound.sendSms } }), timersModule({ runner: () => functions.runner(), autoTick: options.autoTick }), consoleModule({ ...options.console, runner: () => functions.runner() })];
}
