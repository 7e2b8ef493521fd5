import type { HttpApp } from '@turumba/platform/http';
import type { AccountDirectory, ConversationService } from '../conversations/service';
import type { ModuleDeps } from '../module-deps';
import { registerCannedResponseRoutes } from './routes';
import { createCannedResponseService } from './service';

export function registerCannedResponsesModule(
  app: HttpApp,
  deps: ModuleDeps,
  inbox: { directory: AccountDirectory; conversations: ConversationService },
) {
  registerCannedResponseRoutes(app, createCannedResponseService({ ...deps, ...inbox }));
}
