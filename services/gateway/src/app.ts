import { createHttpApp, type HttpApp } from '@turumba/platform/http';
import type { Deps } from './deps';
import { registerDocs } from './docs/openapi';
import { registerForwarding } from './proxy/forward';
import { registerRateLimits } from './proxy/rate-limits';
import { registerWebSocketProxy } from './proxy/websocket';
import { registerWebApp, webAppFallback } from './web/static';

/** The only public entry: `/v1/*` to the backends, `/ws` to Realtime, `/docs`, the web app at `/`. */
export async function buildApp(deps: Deps): Promise<HttpApp> {
  const { config } = deps;
  const app = await createHttpApp({
    name: 'Turumba Gateway',
    logger: deps.logger,
    bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES,
    trustProxy: config.GATEWAY_TRUST_PROXY,
    notFound: webAppFallback(config.WEB_DIST_DIR),
  });
  await app.register(async (scope) => {
    await registerRateLimits(scope, deps.rateLimits, deps.kv);
    await registerForwarding(scope, {
      upstreams: { account: config.ACCOUNT_API_URL, messaging: config.MESSAGING_API_URL },
      verify: deps.verify,
      identityFor: deps.identityFor,
      secret: config.GATEWAY_SHARED_SECRET,
      bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES,
      apiBodyLimit: config.GATEWAY_API_BODY_LIMIT_BYTES,
    });
  });
  await registerWebSocketProxy(app, config.REALTIME_URL);
  await registerDocs(app, [config.ACCOUNT_API_URL, config.MESSAGING_API_URL]);
  await registerWebApp(app, config.WEB_DIST_DIR);
  return app;
}
