import type { HttpApp } from '@turumba/platform/http';
import type { SigningKeyService } from './service';

export function registerJwksRoute(app: HttpApp, keys: SigningKeyService, clock: () => Date) {
  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return keys.jwks(clock());
  });
}
