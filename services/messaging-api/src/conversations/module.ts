import type { HttpApp } from '@turumba/platform/http';
import { registerMessageRoutes } from '../messages/routes';
import type { ModuleDeps } from '../module-deps';
import { registerConversationActionRoutes } from './action-routes';
import { createInboxCounter } from './counts';
import type { AccountDirectory } from './directory';
import { registerConversationRoutes } from './routes';
import { type ConversationService, createConversationService } from './service';

/** Conversations, their messages, assignment and read markers (the agent inbox API). */
export function registerConversationsModule(
  app: HttpApp,
  deps: ModuleDeps,
  directory: AccountDirectory,
): ConversationService {
  const service = createConversationService({
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    directory,
    counter: createInboxCounter(deps.db),
  });
  registerConversationRoutes(app, service);
  registerConversationActionRoutes(app, service);
  registerMessageRoutes(app, service);
  return service;
}
