import type { VerifiedToken } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { isUniqueViolation } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import type { UserRepo, UserRow } from '../users/repo';

export interface CognitoUserDeps {
  db: Db;
  users: UserRepo;
  kv: Kv;
  clock: () => Date;
  ids: () => string;
}

// A user's Cognito sub never changes, so the lookup can be cached for a while.
const subCacheSeconds = 300;
const subKey = (sub: string) => `account:ctx:cognito-sub:${sub}`;

function verifiedEmail(claims: VerifiedToken['claims']): string | undefined {
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  return verified && typeof claims.email === 'string' ? claims.email : undefined;
}

/**
 * Our user for a Cognito token: matched by `sub`; on a first sign-in, an ID token with a verified
 * email links the user of that email (if not linked to another identity) or creates one without
 * accounts (they can then create an account). Undefined: nobody we can tell.
 */
export function createCognitoUserResolver(deps: CognitoUserDeps) {
  async function linkOrCreate(sub: string, claims: VerifiedToken['claims']): Promise<UserRow | undefined> {
    const email = verifiedEmail(claims);
    if (!email) return undefined;
    const now = deps.clock();
    const existing = await deps.users.findByEmail(email);
    if (existing) return existing.cognitoSub ? undefined : deps.users.linkCognitoSub(existing.id, sub, now);
    const name = typeof claims.name === 'string' && claims.name ? claims.name : email.split('@')[0]!;
    try {
      const user = { id: deps.ids(), email, name, passwordHash: null, cognitoSub: sub };
      return await deps.users.insert(deps.db, user, now);
    } catch (err) {
      // Two first requests raced; the other one created the user.
      if (isUniqueViolation(err)) return deps.users.findByCognitoSub(sub);
      throw err;
    }
  }

  return async function userIdFor(token: VerifiedToken): Promise<string | undefined> {
    const cached = await deps.kv.get(subKey(token.subject));
    if (cached) return cached;
    const user =
      (await deps.users.findByCognitoSub(token.subject)) ?? (await linkOrCreate(token.subject, token.claims));
    if (user) await deps.kv.set(subKey(token.subject), user.id, { ttlSeconds: subCacheSeconds });
    return user?.id;
  };
}
export type CognitoUserResolver = ReturnType<typeof createCognitoUserResolver>;
