// The services CloudBase Local runs beside the database, in the order they register.
import type { LocalModule } from './app';
import { functionsModule } from './functions/runner';
import { openApiModule } from './openapi';

export function defaultModules(): LocalModule[] {
  return [functionsModule(), openApiModule()];
}
