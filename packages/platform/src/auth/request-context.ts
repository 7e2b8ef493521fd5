import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Unauthorized } from '../errors';
import type { AnyFastify } from '../http/app';
import { identityHeaders, verifyGatewaySignature } from './gateway-signature';

export type RoleKey = 'admin' | 'supervisor' | 'agent';

/** Who is calling, as vouched for by the gateway. Empty for public routes (login, webhooks). */
export interface RequestContext {
  userId: string | null;
  accountIds: string[];
  roleIds: string[];
  /** account id → role key of the user in that account. */
  accountRoles: Record<string, string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    context: RequestContext;
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
}

function idList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => uuid.test(v));
}

function parseAccountRoles(value: string): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const [accountId, role] = pair.split(':');
    if (accountId && role && uuid.test(accountId)) roles[accountId] = role;
  }
  return roles;
}

export interface GatewayGuardOptions {
  secret: string;
  /** Path prefixes that require the gateway signature. Default `/v1/`. */
  prefixes?: string[];
  now?: () => number;
}

/**
 * Backends accept identity only from the gateway: every request under the guarded prefixes must
 * carry a fresh, valid `x-gateway-signature`; the identity headers then become `request.context`.
 */
export function registerGatewayGuard(app: AnyFastify, options: GatewayGuardOptions) {
  const prefixes = options.prefixes ?? ['/v1/'];
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  app.decorateRequest('context', null as unknown as RequestContext);
  app.addHook('onRequest', async (request) => {
    request.context = { userId: null, accountIds: [], roleIds: [], accountRoles: {} };
    if (!prefixes.some((p) => request.url.startsWith(p))) return;
    const headers = Object.fromEntries(identityHeaders.map((name) => [name, header(request, name)]));
    const check = verifyGatewaySignature(
      { method: request.method, url: request.url, headers },
      request.headers,
      options.secret,
      now(),
    );
    if (!check.ok) throw new Unauthorized(`Request rejected: ${check.reason}`);
    const userId = header(request, 'x-user-id');
    request.context = {
      userId: uuid.test(userId) ? userId : null,
      accountIds: idList(header(request, 'x-account-ids')),
      roleIds: idList(header(request, 'x-role-ids')),
      accountRoles: parseAccountRoles(header(request, 'x-account-roles')),
    };
  });
}

/** For routes that need a signed-in user. */
export function requireUser(request: FastifyRequest): RequestContext & { userId: string } {
  if (!request.context?.userId) throw new Unauthorized();
  return request.context as RequestContext & { userId: string };
}

/** Constant-time check of `X-Service-Token` for `/internal/*` routes. */
export function isValidServiceToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/internal/*` routes answer only to other services holding `X-Service-Token`; the gateway never exposes them. */
export function registerServiceTokenGuard(app: AnyFastify, serviceToken: string, prefix = '/internal/') {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(prefix)) return;
    if (!isValidServiceToken(request.headers['x-service-token'], serviceToken)) {
      throw new Unauthorized('A valid X-Service-Token is required');
    }
  });
}
