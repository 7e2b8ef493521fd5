import type { HttpApp } from '@turumba/platform/http';
import type { ModuleDeps } from '../module-deps';
import { registerContactIdentifierRoutes } from './routes';
import { createContactIdentifierService } from './service';

export function registerContactIdentifiersModule(app: HttpApp, deps: ModuleDeps) {
  registerContactIdentifierRoutes(app, createContactIdentifierService(deps));
}
