import type { HttpApp } from '@turumba/platform/http';
import type { ModuleDeps } from '../module-deps';
import { createFindEligibleAgents } from './eligible-agents';
import { registerInternalAgentRoutes } from './internal-routes';
import { createListPreferences } from './list-preferences';
import { registerAgentPreferencesRoutes } from './routes';
import { createAgentPreferencesService } from './service';

/** Agent preferences (spec §2): `/v1/agent-preferences*` and `/internal/agents/eligible` (spec §5). */
export function registerAgentPreferencesModule(app: HttpApp, deps: ModuleDeps) {
  registerAgentPreferencesRoutes(app, createAgentPreferencesService(deps), createListPreferences(deps));
  registerInternalAgentRoutes(app, createFindEligibleAgents(deps));
}
