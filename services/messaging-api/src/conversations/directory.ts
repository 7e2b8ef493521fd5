import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';

/**
 * What the inbox needs to know about users that the gateway does not forward: an agent's teams
 * (visibility, ARCHITECTURE.md §4) and a user's display name (`{{agent_name}}`). The Account API
 * owns both; tests inject an in-process fake with this interface.
 */
export interface AccountDirectory {
  teamsOf(accountId: string, userId: string): Promise<string[]>;
  userName(accountId: string, userId: string): Promise<string | null>;
}

export interface HttpDirectoryOptions {
  accountApiUrl: string;
  serviceToken: string;
  kv: Kv;
  logger: Logger;
  /** How long a user's teams are cached. Default 30 s: a team change reaches the inbox within that. */
  ttlSeconds?: number;
  timeoutMs?: number;
}

type Fetched = { ok: true; data: unknown } | { ok: false };

function teamIdsOf(data: unknown): string[] {
  const items = Array.isArray(data) ? data : (data as { team_ids?: unknown })?.team_ids;
  if (!Array.isArray(items)) return [];
  return items
    .map((item) => (typeof item === 'string' ? item : (item as { id?: unknown })?.id))
    .filter((id): id is string => typeof id === 'string');
}

/**
 * The Account API's internal routes, with `X-Service-Token`:
 * `GET /internal/users/{user_id}/teams?account_id=` → `data: [{id, ...}]` (or `{team_ids}`), and
 * `GET /internal/users/{user_id}?account_id=` → `data: {name}`. A failed lookup yields no teams
 * (the agent then sees only their own and unteamed queue conversations: never more than allowed)
 * and is not cached.
 */
export function createHttpAccountDirectory(options: HttpDirectoryOptions): AccountDirectory {
  const ttlSeconds = options.ttlSeconds ?? 30;
  async function fetchData(path: string): Promise<Fetched> {
    try {
      const res = await fetch(new URL(path, options.accountApiUrl), {
        headers: { 'x-service-token': options.serviceToken },
        signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
      });
      if (!res.ok) {
        options.logger.warn({ path, status: res.status }, 'account api lookup failed');
        return { ok: false };
      }
      return { ok: true, data: ((await res.json()) as { data?: unknown }).data };
    } catch (err) {
      options.logger.warn({ err, path }, 'account api unreachable');
      return { ok: false };
    }
  }
  async function cached<T>(key: string, path: string, pick: (data: unknown) => T, fallback: T): Promise<T> {
    const hit = await options.kv.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
    const fetched = await fetchData(path);
    if (!fetched.ok) return fallback;
    const value = pick(fetched.data);
    await options.kv.set(key, JSON.stringify(value), { ttlSeconds });
    return value;
  }
  const query = (accountId: string) => `?account_id=${encodeURIComponent(accountId)}`;
  return {
    teamsOf: (accountId, userId) =>
      cached(
        `messaging:directory:teams:${accountId}:${userId}`,
        `/internal/users/${encodeURIComponent(userId)}/teams${query(accountId)}`,
        teamIdsOf,
        [],
      ),
    userName: (accountId, userId) =>
      cached(
        `messaging:directory:name:${accountId}:${userId}`,
        `/internal/users/${encodeURIComponent(userId)}${query(accountId)}`,
        (data) => {
          const name = (data as { name?: unknown })?.name;
          return typeof name === 'string' && name.trim() ? name : null;
        },
        null,
      ),
  };
}
