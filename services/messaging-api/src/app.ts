import { registerGatewayGuard, registerServiceTokenGuard } from '@turumba/platform/auth';
import { createHttpApp, type HttpApp } from '@turumba/platform/http';
import { registerBotRulesModule } from './bot-rules/module';
import { registerCannedResponsesModule } from './canned-responses/module';
import { registerChannelsModule } from './channels/module';
import { registerContactIdentifiersModule } from './contact-identifiers/module';
import { registerConversationsModule } from './conversations/module';
import type { Deps } from './deps';
import { registerQueueModule } from './queue/module';

/** Builds the Messaging API from its dependencies; never listens. */
export async function buildApp(deps: Deps): Promise<HttpApp> {
  const app = await createHttpApp({
    name: 'Turumba Messaging API',
    logger: deps.logger,
    readiness: deps.infra.readiness,
  });
  registerGatewayGuard(app, { secret: deps.config.GATEWAY_SHARED_SECRET });
  registerServiceTokenGuard(app, deps.config.SERVICE_TOKEN);
  const conversations = registerConversationsModule(app, deps.modules, deps.directory);
  registerCannedResponsesModule(app, deps.modules, { directory: deps.directory, conversations });
  registerContactIdentifiersModule(app, deps.modules, deps.directory);
  registerChannelsModule(app, deps.modules);
  registerBotRulesModule(app, deps.modules, deps.directory);
  registerQueueModule(app, deps.modules, deps.directory);
  return app;
}
