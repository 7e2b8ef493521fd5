import { requireRole } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@turumba/platform/errors';
import { type Caller, requireCurrentRole } from '../accounts/authorize';
import type { MemberRow } from '../accounts/members-repo';
import { enqueueMembershipChanged } from '../accounts/membership-events';
import type { AccountHeader, UserServiceDeps } from './deps';
import { memberAccount } from './member-account';
import { toMemberDto, type UpdateUserRequest } from './schema';

async function assertNotLastAdmin(deps: UserServiceDeps, tx: Db, member: MemberRow) {
  if (member.role !== 'admin' || !member.isActive) return;
  if ((await deps.members.countOtherActiveAdmins(tx, member.accountId, member.id)) === 0) {
    throw new Conflict('An account must keep at least one active admin');
  }
}

/**
 * The user record (name, is_active) is shared by all of a user's accounts, so an admin may only
 * change it for someone who belongs to this account alone; they can still remove them from it.
 */
async function assertOwnsUserRecord(deps: UserServiceDeps, tx: Db, member: MemberRow, what: string) {
  if ((await deps.members.countOtherAccounts(tx, member.id, member.accountId)) > 0) {
    throw new Forbidden(`This user also belongs to other accounts: only they can change their ${what}`);
  }
}

async function applyChanges(
  deps: UserServiceDeps,
  tx: Db,
  caller: Caller,
  member: MemberRow,
  body: UpdateUserRequest,
) {
  const now = deps.clock();
  const event = { accountId: member.accountId, userId: member.id };
  if (body.name !== undefined && member.id !== caller.userId)
    await assertOwnsUserRecord(deps, tx, member, 'name');
  if (body.role !== undefined && body.role !== member.role) {
    const role = await deps.roles.findByKey(member.accountId, body.role, tx);
    if (!role) throw new ValidationFailed([{ field: 'body.role', message: 'No such role in this account' }]);
    await assertNotLastAdmin(deps, tx, member);
    await deps.members.setRole(tx, member.accountId, member.id, role.id, now);
    const isActive = body.is_active ?? member.isActive;
    await enqueueMembershipChanged(tx, { ...event, change: 'role_changed', role: role.key, isActive }, now);
  }
  if (body.is_active !== undefined && body.is_active !== member.isActive) {
    await assertOwnsUserRecord(deps, tx, member, 'active state (remove them from this account instead)');
    if (!body.is_active) await assertNotLastAdmin(deps, tx, member);
    const change = body.is_active ? 'reactivated' : 'deactivated';
    const role = body.role ?? member.role;
    await enqueueMembershipChanged(tx, { ...event, change, role, isActive: body.is_active }, now);
  }
  if (body.name !== undefined || body.is_active !== undefined) {
    await deps.users.update(tx, member.id, { name: body.name, isActive: body.is_active }, now);
  }
}

/** Admins change role, name and is_active; anyone may change their own name. */
export async function updateUser(
  deps: UserServiceDeps,
  caller: Caller,
  requested: AccountHeader,
  userId: string,
  body: UpdateUserRequest,
) {
  const accountId = await memberAccount(deps, caller, requested, userId);
  const isOwnName = userId === caller.userId && body.role === undefined && body.is_active === undefined;
  if (!isOwnName) requireRole(caller, accountId, ['admin']);
  const member = await deps.db.transaction(async (tx) => {
    // One membership change at a time per account: the last-admin rule reads, then writes.
    await deps.accounts.lock(tx, accountId);
    if (!isOwnName) await requireCurrentRole(deps.members, tx, caller, accountId, ['admin']);
    const current = await deps.members.find(accountId, userId, tx);
    if (!current) throw new NotFound('User');
    await applyChanges(deps, tx, caller, current, body);
    return (await deps.members.find(accountId, userId, tx))!;
  });
  await deps.cache.invalidate([userId]);
  return toMemberDto(member);
}
