import { closeInOrder, type HttpApp } from '@turumba/platform/http';
import { buildApp } from './app';
import type { MessagingApiConfig } from './config';
import { createDeps, type Overrides } from './deps';
import { startWorkers } from './workers';

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
  const workers = await startWorkers(deps.modules);
  const url = await app.listen({ port: config.MESSAGING_API_PORT, host: config.HOST });
  return {
    app,
    url,
    close: () =>
      closeInOrder(
        [
          ['http', () => app.close()],
          ...workers.map((w): [string, () => Promise<void>] => [w.name, () => w.stop()]),
          ['infrastructure', () => deps.infra.close()],
        ],
        deps.logger,
      ),
  };
}
