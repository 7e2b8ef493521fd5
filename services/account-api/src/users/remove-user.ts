import { requireRole } from '@turumba/platform/auth';
import { Conflict, NotFound } from '@turumba/platform/errors';
import { type Caller, requireCurrentRole } from '../accounts/authorize';
import { enqueueMembershipChanged } from '../accounts/membership-events';
import type { AccountHeader, UserServiceDeps } from './deps';
import { memberAccount } from './member-account';

/** Ends the user's membership of the account (admin); the user and their other accounts stay. */
export async function removeUser(
  deps: UserServiceDeps,
  caller: Caller,
  requested: AccountHeader,
  userId: string,
) {
  const accountId = await memberAccount(deps, caller, requested, userId);
  requireRole(caller, accountId, ['admin']);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await deps.accounts.lock(tx, accountId);
    await requireCurrentRole(deps.members, tx, caller, accountId, ['admin']);
    const member = await deps.members.find(accountId, userId, tx);
    if (!member) throw new NotFound('User');
    const isActiveAdmin = member.role === 'admin' && member.isActive;
    if (isActiveAdmin && (await deps.members.countOtherActiveAdmins(tx, accountId, userId)) === 0) {
      throw new Conflict('An account must keep at least one active admin');
    }
    await deps.members.delete(tx, accountId, userId);
    const change = { accountId, userId, change: 'removed', role: null, isActive: false } as const;
    await enqueueMembershipChanged(tx, change, now);
  });
  await deps.cache.invalidate([userId]);
}
