import rateLimit from '@fastify/rate-limit';
import { RateLimited } from '@turumba/platform/errors';
import type { AnyFastify } from '@turumba/platform/http';
import type { Kv } from '@turumba/platform/kv';
import type { FastifyRequest } from 'fastify';
import { kvRateLimitStore } from './kv-rate-limit-store';

export interface RateLimits {
  /** Per client IP, on login, refresh and register. 0: off. */
  authPerMinute: number;
  /** Per client IP, on the public web-chat widget API. 0: off. */
  publicPerMinute: number;
  /** Per channel, on provider webhooks. 0: off. */
  webhookPerChannelPerMinute: number;
}

type Limited = 'auth' | 'public' | 'webhook';

const authPaths = new Set(['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/register']);

/** Which limit a (normalised) path falls under, and the subject it is counted for. */
export function limitedRoute(path: string, ip: string): { kind: Limited; subject: string } | undefined {
  if (authPaths.has(path)) return { kind: 'auth', subject: ip };
  if (path.startsWith('/v1/public/')) return { kind: 'public', subject: ip };
  const webhook = /^\/v1\/webhooks\/[^/]+\/([^/]{1,64})\/?$/.exec(path);
  if (webhook) return { kind: 'webhook', subject: webhook[1]!.toLowerCase() };
  return undefined;
}

/**
 * 429 (the §3 envelope, with Retry-After) before a body is read or a backend is called. Counted
 * in Kv, so gateway instances sharing Redis share the windows. Should the store fail, requests go
 * through: the backends keep their own limits (sign-in attempts, web-chat messages) and an outage
 * of Redis must not take the public API down with it.
 */
export async function registerRateLimits(app: AnyFastify, limits: RateLimits, kv: Kv) {
  await app.register(rateLimit, { global: false, store: kvRateLimitStore(kv), skipOnError: true });
  const perMinute: Record<Limited, number> = {
    auth: limits.authPerMinute,
    public: limits.publicPerMinute,
    webhook: limits.webhookPerChannelPerMinute,
  };
  const subjects = new WeakMap<FastifyRequest, string>();
  const checks = Object.fromEntries(
    (Object.keys(perMinute) as Limited[]).map((kind) => [
      kind,
      perMinute[kind] > 0
        ? app.createRateLimit({
            max: perMinute[kind],
            timeWindow: 60_000,
            keyGenerator: (request) => `${kind}:${subjects.get(request)}`,
          })
        : undefined,
    ]),
  ) as Record<Limited, ReturnType<AnyFastify['createRateLimit']> | undefined>;

  app.addHook('onRequest', async (request) => {
    const path = new URL(request.url, 'http://gateway.invalid').pathname;
    const route = limitedRoute(path, request.ip);
    const check = route && checks[route.kind];
    if (!route || !check) return;
    subjects.set(request, route.subject);
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) throw new RateLimited(Math.max(1, result.ttlInSeconds));
  });
}
