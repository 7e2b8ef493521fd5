import type { Db } from '@turumba/platform/db';
import type { MemberRepo } from './members-repo';
import { enqueueMembershipChanged } from './membership-events';
import type { AccountRepo, AccountWithRole } from './repo';

export interface CreateAccountDeps {
  accounts: AccountRepo;
  members: MemberRepo;
  ids: () => string;
}

/**
 * A new account with the three built-in roles and `userId` as its admin, inside the caller's
 * transaction (registration creates the user in the same one).
 */
export async function createAccountWithAdmin(
  deps: CreateAccountDeps,
  tx: Db,
  input: { name: string; userId: string },
  now: Date,
): Promise<AccountWithRole> {
  const account = await deps.accounts.insert(tx, { id: deps.ids(), name: input.name }, now);
  const roleIds = await deps.accounts.insertDefaultRoles(tx, account.id, deps.ids, now);
  const member = { id: deps.ids(), accountId: account.id, userId: input.userId, roleId: roleIds.admin };
  await deps.members.insert(tx, member, now);
  await enqueueMembershipChanged(
    tx,
    { accountId: account.id, userId: input.userId, change: 'added', role: 'admin', isActive: true },
    now,
  );
  return { ...account, role: 'admin' };
}
