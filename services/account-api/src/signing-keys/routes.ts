import { itemEnvelope } from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import { z } from 'zod';
import type { SigningKeyService } from './service';

export function registerJwksRoute(app: HttpApp, keys: SigningKeyService, clock: () => Date) {
  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return keys.jwks(clock());
  });
}

const RotateRequest = z.object({
  /** How long the old key stays published; at least the access-token lifetime. */
  keep_seconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .optional(),
});
const RotateResponse = z.object({ kid: z.string(), retire_previous_after: z.iso.datetime() });

/**
 * Key rotation is an operator's job, not an account admin's (any sign-up makes someone an admin,
 * and the keys serve every account), so it sits under `/internal/` behind X-Service-Token.
 */
export function registerKeyRotationRoute(
  app: HttpApp,
  keys: SigningKeyService,
  clock: () => Date,
  accessTtlSeconds: number,
) {
  app.post(
    '/internal/signing-keys/rotate',
    {
      schema: {
        tags: ['internal'],
        summary: 'Start signing with a new key; the old one verifies until retire_previous_after',
        body: RotateRequest.nullish(),
        response: { 201: itemEnvelope(RotateResponse) },
      },
    },
    async (request, reply) => {
      const now = clock();
      const keep = Math.max(request.body?.keep_seconds ?? 2 * accessTtlSeconds, accessTtlSeconds);
      const kid = await keys.rotate(now, keep);
      const retireAfter = new Date(now.getTime() + keep * 1000).toISOString();
      return reply.status(201).send(ok({ kid, retire_previous_after: retireAfter }));
    },
  );
}
