import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import { DirectoryUnavailable } from './errors';

/**
 * What the inbox needs to know about users that the gateway does not forward: an agent's teams
 * (visibility, ARCHITECTURE.md §4) and a user's display name (`{{agent_name}}`), and whether ids
 * taken from a request body (assignee, team, contact) belong to the account. The Account API owns
 * all of them; tests inject an in-process fake with this interface.
 */
export interface AccountDirectory {
  teamsOf(accountId: string, userId: string): Promise<string[]>;
  userName(accountId: string, userId: string): Promise<string | null>;
  /** The `is*` checks throw `DirectoryUnavailable` (503) when the Account API cannot answer. */
  isMember(accountId: string, userId: string): Promise<boolean>;
  isTeamOf(accountId: string, teamId: string): Promise<boolean>;
  isContactOf(accountId: string, contactId: string): Promise<boolean>;
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

type Fetched = { ok: true; data: unknown } | { ok: false; status?: number };

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
 * and is not cached. Membership checks use the same user route, `GET /internal/teams/{id}/members
 * ?account_id=` and `GET /internal/contacts/{id}?account_id=`, all 404 outside the account.
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
        return { ok: false, status: res.status };
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
  /**
   * Whether the Account API has this row in the account (its routes answer 404 for another
   * account's ids). Only a yes is cached: a row created a moment ago must not be refused for a
   * whole TTL. Anything but 2xx or 404 is neither yes nor no, so the request fails with 503 and
   * the client retries, rather than storing an unchecked id or calling a real one foreign.
   */
  async function exists(key: string, path: string): Promise<boolean> {
    if ((await options.kv.get(key)) !== null) return true;
    const fetched = await fetchData(path);
    if (fetched.ok) {
      await options.kv.set(key, '1', { ttlSeconds });
      return true;
    }
    if (fetched.status === 404) return false;
    throw new DirectoryUnavailable();
  }
  const query = (accountId: string) => `?account_id=${encodeURIComponent(accountId)}`;
  const id = encodeURIComponent;
  return {
    isMember: (accountId, userId) =>
      exists(
        `messaging:directory:member:${accountId}:${userId}`,
        `/internal/users/${id(userId)}${query(accountId)}`,
      ),
    isTeamOf: (accountId, teamId) =>
      exists(
        `messaging:directory:team:${accountId}:${teamId}`,
        `/internal/teams/${id(teamId)}/members${query(accountId)}`,
      ),
    isContactOf: (accountId, contactId) =>
      exists(
        `messaging:directory:contact:${accountId}:${contactId}`,
        `/internal/contacts/${id(contactId)}${query(accountId)}`,
      ),
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
