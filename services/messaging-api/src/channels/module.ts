import type { HttpApp } from '@turumba/platform/http';
import { createAccountClient } from '../account-client';
import type { ModuleDeps } from '../module-deps';
import { createTemplateRepo } from '../templates/repo';
import { registerTemplateRoutes } from '../templates/routes';
import { createTemplateService } from '../templates/service';
import { registerWebhookRoutes } from '../webhooks/routes';
import { createWebhookService } from '../webhooks/service';
import { createWebchatRepo } from '../webhooks/webchat-repo';
import { registerWebchatReadRoutes } from '../webhooks/webchat-routes';
import { createWebchatService } from '../webhooks/webchat-service';
import { createChannelRepo } from './repo';
import { registerChannelRoutes } from './routes';
import { createChannelRuntime } from './runtime';
import { createChannelService } from './service';

/**
 * The channel side of the Messaging API's HTTP surface: `/v1/channels`, provider webhooks,
 * the web-chat widget's public API and `/v1/templates`.
 */
export function registerChannelsModule(app: HttpApp, deps: ModuleDeps) {
  const { adapters, cipher, channels } = createChannelRuntime(deps);
  const publicUrl = deps.config.PUBLIC_URL;
  const channelService = createChannelService({
    ...deps,
    channels: createChannelRepo(deps.db),
    cipher,
    adapters,
    publicUrl,
    onChannelChanged: (id) => channels.forget(id),
  });
  registerChannelRoutes(app, channelService);

  const webhooks = createWebhookService({ ...deps, channels, adapters, publicUrl });
  const webchat = createWebchatService({
    ...deps,
    webhooks,
    channels,
    repo: createWebchatRepo(deps.db),
    messagesPerMinute: deps.config.WEBCHAT_MESSAGES_PER_MINUTE,
  });
  registerWebhookRoutes(app, webhooks, webchat);
  registerWebchatReadRoutes(app, webchat);

  const accounts = createAccountClient({
    baseUrl: deps.config.ACCOUNT_API_URL,
    serviceToken: deps.config.SERVICE_TOKEN,
  });
  registerTemplateRoutes(
    app,
    createTemplateService({ ...deps, templates: createTemplateRepo(deps.db), accounts }),
  );
}
