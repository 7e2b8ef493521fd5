import { createHash } from 'node:crypto';
import { ServiceUnavailable, Unauthorized } from '@turumba/platform/errors';

export interface ForwardedIdentity {
  userId: string;
  accountIds: string[];
  roleIds: string[];
  /** `account_id:role` pairs. */
  accountRoles: string[];
}

interface Entry {
  identity: ForwardedIdentity;
  expiresAt: number;
}

const maxEntries = 10_000;

/**
 * The user's accounts and roles from the Account API's `/context/basic`, cached briefly per token
 * (keyed by its hash) so the gateway does not ask on every request.
 */
export function createContextCache(options: {
  accountApiUrl: string;
  ttlSeconds: number;
  now?: () => number;
  fetchImpl?: typeof fetch;
}) {
  const entries = new Map<string, Entry>();
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetchImpl ?? fetch;

  async function load(token: string): Promise<ForwardedIdentity> {
    let response: Response;
    try {
      response = await fetchImpl(new URL('/context/basic', options.accountApiUrl), {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new ServiceUnavailable('Account service unreachable', 5);
    }
    if (response.status === 401) throw new Unauthorized('Invalid token');
    if (!response.ok) throw new ServiceUnavailable('Account service failed', 5);
    const { data } = (await response.json()) as {
      data: {
        user_id: string;
        account_ids: string[];
        role_ids: string[];
        accounts: Array<{ account_id: string; role: string }>;
      };
    };
    return {
      userId: data.user_id,
      accountIds: data.account_ids,
      roleIds: data.role_ids,
      accountRoles: data.accounts.map((a) => `${a.account_id}:${a.role}`),
    };
  }

  return async function identityFor(token: string): Promise<ForwardedIdentity> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now()) return cached.identity;
    const identity = await load(token);
    if (options.ttlSeconds > 0) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { identity, expiresAt: now() + options.ttlSeconds * 1000 });
    }
    return identity;
  };
}
export type IdentityFor = ReturnType<typeof createContextCache>;
