import { registerGatewayGuard, registerServiceTokenGuard } from '@turumba/platform/auth';
import { createHttpApp, type HttpApp } from '@turumba/platform/http';
import { registerChannelsModule } from './channels/module';
import { registerConversationRoutes } from './conversations/routes';
import type { Deps } from './deps';

/** Builds the Messaging API from its dependencies; never listens. */
export async function buildApp(deps: Deps): Promise<HttpApp> {
  const app = await createHttpApp({
    name: 'Turumba Messaging API',
    logger: deps.logger,
    readiness: deps.infra.readiness,
  });
  registerGatewayGuard(app, { secret: deps.config.GATEWAY_SHARED_SECRET });
  registerServiceTokenGuard(app, deps.config.SERVICE_TOKEN);
  registerConversationRoutes(app, deps.conversations);
  registerChannelsModule(app, deps.modules);
  return app;
}
