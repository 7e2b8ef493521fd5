import { registerGatewayGuard } from '@turumba/platform/auth';
import { createHttpApp, type HttpApp } from '@turumba/platform/http';
import { registerAuthRoutes } from './auth/routes';
import { registerContextRoutes } from './context/routes';
import type { Deps } from './deps';
import { registerJwksRoute } from './signing-keys/routes';

/** Builds the Account API from its dependencies; never listens. */
export async function buildApp(deps: Deps): Promise<HttpApp> {
  const app = await createHttpApp({
    name: 'Turumba Account API',
    logger: deps.logger,
    readiness: deps.infra.readiness,
  });
  registerGatewayGuard(app, { secret: deps.config.GATEWAY_SHARED_SECRET });
  registerAuthRoutes(app, deps.auth);
  registerContextRoutes(app, deps.context);
  registerJwksRoute(app, deps.keys, deps.clock);
  return app;
}
