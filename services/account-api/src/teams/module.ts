import type { HttpApp } from '@turumba/platform/http';
import type { ModuleDeps } from '../module-deps';
import { registerInternalTeamRoutes } from './internal-routes';
import { registerTeamMemberRoutes } from './member-routes';
import { createTeamMemberService } from './member-service';
import { registerTeamRoutes } from './routes';
import { createTeamService } from './service';

/** Teams: `/v1/teams` with members, and `/internal/teams/{id}/members` for routing. */
export function registerTeamsModule(app: HttpApp, deps: ModuleDeps) {
  registerTeamRoutes(app, createTeamService(deps));
  const members = createTeamMemberService(deps);
  registerTeamMemberRoutes(app, members);
  registerInternalTeamRoutes(app, members);
}
