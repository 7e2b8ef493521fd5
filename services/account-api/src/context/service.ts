import type { JwtVerifier } from '@turumba/platform/auth';
import { Unauthorized } from '@turumba/platform/errors';
import type { Logger } from '@turumba/platform/logger';
import type { UserRepo } from '../users/repo';
import type { CognitoUserResolver } from './cognito-users';
import type { BasicContext } from './dto';
import type { CacheRead, MembershipCache } from './membership-cache';

export type { BasicContext } from './dto';

export interface ContextServiceDeps {
  users: UserRepo;
  verify: JwtVerifier;
  cache: MembershipCache;
  logger: Logger;
  /** Cognito mode: the token's `sub` is Cognito's, matched to `users.cognito_sub`. */
  cognitoUserId?: CognitoUserResolver;
  /** Our own tokens (this issuer) carry their sign-in as `sid`; a logged-out one is refused. */
  sessions?: { issuer: string; isLive(sid: string, userId: string): Promise<boolean> };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who the bearer of a token is and what they may touch: what the gateway forwards downstream. */
export function createContextService(deps: ContextServiceDeps) {
  async function load(userId: string): Promise<BasicContext> {
    const user = await deps.users.findById(userId);
    if (!user?.isActive) throw new Unauthorized('Unknown or inactive user');
    const memberships = await deps.users.memberships(user.id);
    return {
      user_id: user.id,
      email: user.email,
      name: user.name,
      account_ids: memberships.map((m) => m.accountId),
      role_ids: memberships.map((m) => m.roleId),
      accounts: memberships.map((m) => ({
        account_id: m.accountId,
        name: m.accountName,
        role: m.roleKey,
        role_id: m.roleId,
        permissions: m.permissions,
      })),
    };
  }

  // The cache only saves time: when Kv is down, answer from the database.
  async function readCache(userId: string): Promise<CacheRead | undefined> {
    try {
      return await deps.cache.read(userId);
    } catch (err) {
      deps.logger.warn({ err }, 'context cache unavailable');
      return undefined;
    }
  }

  return {
    async basicContext(token: string): Promise<BasicContext> {
      const verified = await deps.verify(token);
      const userId = deps.cognitoUserId ? await deps.cognitoUserId(verified) : verified.subject;
      if (!userId || !uuid.test(userId)) throw new Unauthorized('Unknown or inactive user');
      const { sid, iss } = verified.claims;
      if (deps.sessions && iss === deps.sessions.issuer && typeof sid === 'string') {
        if (!uuid.test(sid) || !(await deps.sessions.isLive(sid, userId)))
          throw new Unauthorized('Session ended');
      }
      const cached = await readCache(userId);
      if (cached?.hit) return cached.context;
      const context = await load(userId);
      if (cached) await deps.cache.write(userId, cached.version, context).catch(() => {});
      return context;
    },
  };
}
export type ContextService = ReturnType<typeof createContextService>;
