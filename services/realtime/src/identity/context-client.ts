import { createHash } from 'node:crypto';
import { ServiceUnavailable, Unauthorized } from '@turumba/platform/errors';
import { createJsonClient, type JsonResponse, type RequestJson } from '../http/json-client';

export interface AgentIdentity {
  userId: string;
  accountIds: string[];
  roleIds: string[];
  /** account id → role key (admin, supervisor, agent). */
  accountRoles: Record<string, string>;
}

interface Options {
  accountApiUrl: string;
  /** A token's identity is reused this long (reconnect storms ask once per token). Default 15. */
  cacheSeconds?: number;
  maxEntries?: number;
  requestJson?: RequestJson;
  now?: () => number;
}

/** Asks the Account API who a (verified) token belongs to and which accounts they may see. */
export function createContextClient(options: Options) {
  const requestJson = options.requestJson ?? createJsonClient();
  const now = options.now ?? Date.now;
  const ttlMs = (options.cacheSeconds ?? 15) * 1000;
  const maxEntries = options.maxEntries ?? 20_000;
  const cache = new Map<string, { identity: AgentIdentity; expiresAt: number }>();

  async function load(token: string): Promise<AgentIdentity> {
    let response: JsonResponse;
    try {
      response = await requestJson(new URL('/context/basic', options.accountApiUrl), {
        headers: { authorization: `Bearer ${token}` },
      });
    } catch {
      throw new ServiceUnavailable('Account service unreachable', 5);
    }
    if (response.status === 401) throw new Unauthorized('Invalid token');
    if (response.status !== 200)
      throw new ServiceUnavailable(`Account service answered ${response.status}`, 5);
    const body = response.body as {
      data: {
        user_id: string;
        account_ids: string[];
        role_ids?: string[];
        accounts: Array<{ account_id: string; role: string }>;
      };
    };
    return {
      userId: body.data.user_id,
      accountIds: body.data.account_ids,
      roleIds: body.data.role_ids ?? [],
      accountRoles: Object.fromEntries(body.data.accounts.map((a) => [a.account_id, a.role])),
    };
  }

  return async function fetchIdentity(token: string): Promise<AgentIdentity> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = cache.get(key);
    if (cached && cached.expiresAt > now()) return cached.identity;
    const identity = await load(token);
    if (ttlMs > 0) {
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(key, { identity, expiresAt: now() + ttlMs });
    }
    return identity;
  };
}
export type FetchIdentity = ReturnType<typeof createContextClient>;
