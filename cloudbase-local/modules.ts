// The services CloudBase Local runs beside the database, in the order they register.
import type { LocalModule } from './app';
import { functionsModule } from './functions/runner';
import { openApiModule } from './openapi';
import { storageModule } from './storage';
import { timersModule } from './timers';

export function defaultModules(options: { autoTick: boolean }): LocalModule[] {
  const functions = functionsModule();
  return [storageModule(), functions, openApiModule(), timersModule({ runner: () => functions.runner(), autoTick: options.autoTick })];
}
