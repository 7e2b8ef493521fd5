import replyFrom from '@fastify/reply-from';
import {
  bearerToken,
  identityHeaders,
  type JwtVerifier,
  signatureHeader,
  signGatewayRequest,
  timestampHeader,
} from '@turumba/platform/auth';
import { BadRequest, NotFound, Unauthorized } from '@turumba/platform/errors';
import type { AnyFastify } from '@turumba/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ForwardedIdentity, IdentityFor } from '../identity/context-cache';
import { matchRoute, type Upstream } from './route-table';

export interface ForwardDeps {
  upstreams: Record<Upstream, string>;
  verify: JwtVerifier;
  identityFor: IdentityFor;
  secret: string;
  /** Largest body of a provider webhook (email carries attachments). */
  bodyLimit: number;
  /** Largest body of every other route (JSON API, login, widget), refused before anything else. */
  apiBodyLimit: number;
  now?: () => number;
}

type Headers = Record<string, string | string[] | undefined>;

const maxUrlLength = 8 * 1024;

/**
 * Forwards `/v1/*` and the JWKS to the backend that owns the path. Client-sent identity headers
 * are always dropped; the gateway sets its own from the verified JWT and signs the request.
 * Bodies pass through as raw bytes so provider webhook signatures still verify downstream.
 */
export async function registerForwarding(app: AnyFastify, deps: ForwardDeps) {
  const nowSeconds = () => Math.floor((deps.now ?? Date.now)() / 1000);
  app.removeAllContentTypeParsers();
  // No parser-wide limit: each route below sets its own (Fastify answers 413 past it).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  await app.register(replyFrom, {
    undici: { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 },
    // Its two info lines per request repeat the access log, with the raw upstream URL (secrets in
    // query strings, such as Meta's hub.verify_token, would reach the logs uncensored).
    disableRequestLogging: true,
  });

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    // Backends' HTTP parsers refuse long request lines with a bare 431; answer in the envelope here.
    if (request.url.length > maxUrlLength) throw new BadRequest(`URL longer than ${maxUrlLength} characters`);
    // Route on the normalised path so `/v1/webhooks/../../internal/x` cannot reach a private route.
    const target = new URL(request.url, 'http://gateway.invalid');
    const url = target.pathname + target.search;
    const route = matchRoute(target.pathname);
    if (!route) throw new NotFound(`Route ${request.method} ${target.pathname}`);
    // reply-from decodes the URL it forwards; a stray `%` would otherwise surface as a 500.
    if (!isDecodable(url)) throw new BadRequest('Malformed percent-encoding in the URL');
    const identity = route.isPublic ? undefined : await authenticate(request);
    const identityValues = identityHeaderValues(identity);
    const timestamp = nowSeconds();
    const signature = signGatewayRequest(
      { method: request.method, url, headers: identityValues, timestamp },
      deps.secret,
    );
    // Raw bytes with their own content type: reply-from would otherwise re-encode JSON bodies.
    const rawBody = Buffer.isBuffer(request.body)
      ? { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' }
      : {};
    return reply.from(deps.upstreams[route.upstream] + url, {
      ...rawBody,
      rewriteRequestHeaders: (_req, headers: Headers) => {
        const clean: Headers = { ...headers };
        for (const name of [...identityHeaders, signatureHeader, timestampHeader]) delete clean[name];
        return {
          ...clean,
          ...identityValues,
          [signatureHeader]: signature,
          [timestampHeader]: String(timestamp),
          'x-request-id': String(request.id),
          // The client address as the gateway saw it: backends throttle on it, so a client-sent
          // X-Forwarded-For is replaced, never passed on.
          'x-forwarded-for': request.ip,
        };
      },
      onError: (replyFromError, { error }) => {
        request.log.warn({ err: error, upstream: route.upstream }, 'upstream unavailable');
        replyFromError.status(503).header('retry-after', '5').send({
          success: false,
          error: 'service_unavailable',
          message: 'Upstream service unavailable',
          details: {},
        });
      },
    });
  }

  async function authenticate(request: FastifyRequest): Promise<ForwardedIdentity> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new Unauthorized();
    await deps.verify(token);
    return deps.identityFor(token);
  }

  // The JSON API and the public routes are small; only webhooks may be large. The limit applies
  // before the JWT is checked, so an anonymous client cannot make the gateway buffer 25 MiB.
  app.all('/v1/*', { schema: { hide: true }, bodyLimit: deps.apiBodyLimit }, forward);
  app.all('/v1/webhooks/*', { schema: { hide: true }, bodyLimit: deps.bodyLimit }, forward);
  app.get('/.well-known/jwks.json', { schema: { hide: true } }, forward);
}

function isDecodable(url: string): boolean {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}

function identityHeaderValues(identity: ForwardedIdentity | undefined): Record<string, string> {
  if (!identity) return {};
  return {
    'x-user-id': identity.userId,
    'x-account-ids': identity.accountIds.join(','),
    'x-role-ids': identity.roleIds.join(','),
    'x-account-roles': identity.accountRoles.join(','),
  };
}
