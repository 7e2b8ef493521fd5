import type { HttpApp } from '@turumba/platform/http';
import type { AccountDirectory } from '../conversations/directory';
import type { ModuleDeps } from '../module-deps';
import { registerBotRuleRoutes } from './routes';
import { createBotRuleService } from './service';

/** Bot rules (spec §1.4): `/v1/bot-rules` CRUD and `POST /v1/bot-rules/test`. */
export function registerBotRulesModule(app: HttpApp, deps: ModuleDeps, directory: AccountDirectory) {
  registerBotRuleRoutes(app, createBotRuleService({ ...deps, directory }));
}
