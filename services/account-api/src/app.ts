import { registerGatewayGuard, registerServiceTokenGuard } from '@turumba/platform/auth';
import { createHttpApp, type HttpApp } from '@turumba/platform/http';
import { registerAccountRoutes } from './accounts/routes';
import { registerAgentPreferencesModule } from './agent-preferences/module';
import { registerAuthRoutes } from './auth/routes';
import { registerContactsModule } from './contacts/module';
import { registerContextRoutes } from './context/routes';
import type { Deps } from './deps';
import { registerDirectoryModule } from './directory/module';
import { registerRoleRoutes } from './roles/routes';
import { registerJwksRoute, registerKeyRotationRoute } from './signing-keys/routes';
import { registerTeamsModule } from './teams/module';
import { registerUserRoutes } from './users/routes';

/** Builds the Account API from its dependencies; never listens. */
export async function buildApp(deps: Deps): Promise<HttpApp> {
  const app = await createHttpApp({
    name: 'Turumba Account API',
    logger: deps.logger,
    readiness: deps.infra.readiness,
  });
  registerGatewayGuard(app, { secret: deps.config.GATEWAY_SHARED_SECRET });
  registerServiceTokenGuard(app, deps.config.SERVICE_TOKEN);
  registerAuthRoutes(app, deps.auth);
  registerContextRoutes(app, deps.context);
  registerJwksRoute(app, deps.keys, deps.clock);
  registerKeyRotationRoute(app, deps.keys, deps.clock, deps.config.ACCESS_TOKEN_TTL_SECONDS);
  registerAccountRoutes(app, deps.accountService);
  registerUserRoutes(app, deps.userService);
  registerRoleRoutes(app, deps.roleService);
  registerTeamsModule(app, deps.modules);
  registerDirectoryModule(app, deps.modules);
  registerContactsModule(app, deps.modules);
  registerAgentPreferencesModule(app, deps.modules);
  return app;
}
