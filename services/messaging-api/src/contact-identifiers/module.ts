import type { HttpApp } from '@turumba/platform/http';
import type { AccountDirectory } from '../conversations/directory';
import type { ModuleDeps } from '../module-deps';
import { registerContactIdentifierRoutes } from './routes';
import { createContactIdentifierService } from './service';

export function registerContactIdentifiersModule(
  app: HttpApp,
  deps: ModuleDeps,
  directory: AccountDirectory,
) {
  registerContactIdentifierRoutes(app, createContactIdentifierService({ ...deps, directory }));
}
