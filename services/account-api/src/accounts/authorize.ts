import {
  type RequestContext,
  type RoleKey,
  requireRole,
  roleIn,
  scopedAccountIds,
} from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { Forbidden } from '@turumba/platform/errors';
import type { MemberRepo } from './members-repo';

export type Caller = RequestContext & { userId: string };

/**
 * Role check for privileged writes: first what the gateway vouched for (404 for another tenant,
 * 403 for a weaker role), then the database inside the write's transaction, because the gateway
 * caches identities for a few seconds and a just-demoted admin must not act as one meanwhile.
 */
export async function requireCurrentRole(
  members: MemberRepo,
  tx: Db,
  caller: Caller,
  accountId: string,
  roles: readonly RoleKey[],
): Promise<void> {
  requireRole(caller, accountId, roles);
  const me = await members.find(accountId, caller.userId, tx);
  if (!me?.isActive || !roles.includes(me.role as RoleKey)) {
    throw new Forbidden(`This needs the ${roles.join(' or ')} role`);
  }
}

/**
 * The accounts a list may read: the caller's (or the one in `X-Account-Id`) where they hold one
 * of `roles`. 403 when they hold it in none of them; another tenant's id is 404.
 */
export function accountsWithRole(
  caller: Caller,
  requested: string | string[] | undefined,
  roles: readonly RoleKey[],
): string[] {
  const scoped = scopedAccountIds(caller, requested);
  const allowed = scoped.filter((accountId) => roles.includes(roleIn(caller, accountId) as RoleKey));
  if (scoped.length > 0 && allowed.length === 0) {
    throw new Forbidden(`This needs the ${roles.join(' or ')} role`);
  }
  return allowed;
}
