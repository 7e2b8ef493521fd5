import type { HttpApp } from '@turumba/platform/http';
import type { ModuleDeps } from '../module-deps';
import { registerInternalContactRoutes } from './internal-routes';
import { createContactMergeService } from './merge-contacts';
import { registerContactMergeRoutes } from './merge-routes';
import { registerContactRoutes } from './routes';
import { createContactService } from './service';
import { createContactUpsertService } from './upsert-contact';

/** Contacts: `/v1/contacts` (CRUD, merge, unmerge) and `/internal/contacts/*` for the Messaging API. */
export function registerContactsModule(app: HttpApp, deps: ModuleDeps) {
  registerContactRoutes(app, createContactService(deps));
  registerContactMergeRoutes(app, createContactMergeService(deps));
  registerInternalContactRoutes(app, createContactUpsertService(deps));
}
