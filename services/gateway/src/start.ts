import { closeInOrder, type HttpApp } from '@turumba/platform/http';
import { buildApp } from './app';
import type { GatewayConfig } from './config';
import { createDeps, type Overrides } from './deps';

export interface RunningGateway {
  app: HttpApp;
  url: string;
  close(): Promise<void>;
}

export async function startGateway(
  config: GatewayConfig,
  overrides: Overrides = {},
): Promise<RunningGateway> {
  const deps = createDeps(config, overrides);
  const app = await buildApp(deps);
  const url = await app.listen({ port: config.GATEWAY_PORT, host: config.GATEWAY_HOST });
  const closers: Array<[string, () => Promise<void>]> = [['http', () => app.close()]];
  if (deps.ownsKv) closers.push(['kv', () => deps.kv.close()]);
  return { app, url, close: () => closeInOrder(closers, deps.logger) };
}
