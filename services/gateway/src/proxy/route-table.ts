export type Upstream = 'account' | 'messaging';

export interface RouteMatch {
  upstream: Upstream;
  /** No JWT needed: login, provider webhooks, the public widget API, the JWKS. */
  isPublic: boolean;
}

export const accountPrefixes = [
  '/v1/auth/',
  '/v1/accounts',
  '/v1/users',
  '/v1/roles',
  '/v1/teams',
  '/v1/contacts',
  '/v1/agent-preferences',
];
export const messagingPrefixes = [
  '/v1/conversations',
  '/v1/webhooks/',
  '/v1/channels',
  '/v1/messages',
  '/v1/canned-responses',
  '/v1/bot-rules',
  '/v1/queue',
  '/v1/contact-identifiers',
  '/v1/templates',
  '/v1/public/',
];
export const publicPaths = new Set(['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/register']);
export const publicPrefixes = ['/v1/webhooks/', '/v1/public/'];

function hasPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  // `/v1/contacts` must not match `/v1/contactsfoo`.
  return prefix.endsWith('/') || path.length === prefix.length || path[prefix.length] === '/';
}

/** Which backend serves a (normalised) path, and whether it is public. Undefined: not exposed. */
export function matchRoute(path: string): RouteMatch | undefined {
  if (path === '/.well-known/jwks.json') return { upstream: 'account', isPublic: true };
  const upstream: Upstream | undefined = accountPrefixes.some((p) => hasPrefix(path, p))
    ? 'account'
    : messagingPrefixes.some((p) => hasPrefix(path, p))
      ? 'messaging'
      : undefined;
  if (!upstream) return undefined;
  const isPublic = publicPaths.has(path) || publicPrefixes.some((p) => hasPrefix(path, p));
  return { upstream, isPublic };
}
