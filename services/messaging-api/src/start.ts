import { closeInOrder, type HttpApp } from '@turumba/platform/http';
import { buildApp } from './app';
import type { MessagingApiConfig } from './config';
import { createDeps, type Overrides } from './deps';

export interface RunningMessagingApi {
  app: HttpApp;
  url: string;
  close(): Promise<void>;
}

export async function startMessagingApi(
  config: MessagingApiConfig,
  overrides: Overrides = {},
): Promise<RunningMessagingApi> {
  const deps = await createDeps(config, overrides);
  const app = await buildApp(deps);
  const url = await app.listen({ port: config.MESSAGING_API_PORT, host: config.HOST });
  return {
    app,
    url,
    close: () =>
      closeInOrder(
        [
          ['http', () => app.close()],
          ['infrastructure', () => deps.infra.close()],
        ],
        deps.logger,
      ),
  };
}
