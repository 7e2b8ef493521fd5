import type { HttpApp } from '@turumba/platform/http';
import type { AccountDirectory } from '../conversations/service';
import type { ModuleDeps } from '../module-deps';
import { registerQueueRoutes } from './routes';
import { createQueueService } from './service';

/** The waiting queue (spec §5): `GET /v1/queue`. Draining it runs in the routing workers. */
export function registerQueueModule(app: HttpApp, deps: ModuleDeps, directory: AccountDirectory) {
  registerQueueRoutes(app, createQueueService({ ...deps, directory }));
}
