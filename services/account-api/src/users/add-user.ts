import { accountForWrite, requireRole } from '@turumba/platform/auth';
import { type Db, isUniqueViolation } from '@turumba/platform/db';
import { Conflict, ValidationFailed } from '@turumba/platform/errors';
import { type Caller, requireCurrentRole } from '../accounts/authorize';
import { enqueueMembershipChanged } from '../accounts/membership-events';
import { hashPassword } from '../auth/passwords';
import type { AccountHeader, UserServiceDeps } from './deps';
import { type AddUserRequest, toMemberDto } from './schema';

async function findOrCreateUser(deps: UserServiceDeps, tx: Db, body: AddUserRequest, now: Date) {
  const existing = await deps.users.findByEmail(body.email, tx);
  // An existing user keeps their own name and password: another account must not reset them.
  if (existing) return existing;
  if (deps.localLoginEnabled && !body.password) {
    throw new ValidationFailed([{ field: 'body.password', message: 'Required for a new user' }]);
  }
  const passwordHash = deps.localLoginEnabled && body.password ? await hashPassword(body.password) : null;
  return deps.users.insert(tx, { id: deps.ids(), email: body.email, name: body.name, passwordHash }, now);
}

/**
 * Adds a user to the account with a role (admin): creates the user when the email is new, or
 * links the existing user of that email. Already a member: 409.
 */
export async function addUser(
  deps: UserServiceDeps,
  caller: Caller,
  requested: AccountHeader,
  body: AddUserRequest,
) {
  const accountId = accountForWrite(caller, requested);
  requireRole(caller, accountId, ['admin']);
  const now = deps.clock();
  try {
    const member = await deps.db.transaction(async (tx) => {
      await requireCurrentRole(deps.members, tx, caller, accountId, ['admin']);
      const role = await deps.roles.findByKey(accountId, body.role, tx);
      if (!role)
        throw new ValidationFailed([{ field: 'body.role', message: 'No such role in this account' }]);
      const user = await findOrCreateUser(deps, tx, body, now);
      if (await deps.members.find(accountId, user.id, tx))
        throw new Conflict('Already a member of this account');
      await deps.members.insert(tx, { id: deps.ids(), accountId, userId: user.id, roleId: role.id }, now);
      const change = {
        accountId,
        userId: user.id,
        change: 'added',
        role: role.key,
        isActive: user.isActive,
      } as const;
      await enqueueMembershipChanged(tx, change, now);
      return (await deps.members.find(accountId, user.id, tx))!;
    });
    await deps.cache.invalidate([member.id]);
    return toMemberDto(member);
  } catch (err) {
    // A concurrent request added the same email or membership first.
    if (isUniqueViolation(err)) throw new Conflict('A concurrent request added this user; try again');
    throw err;
  }
}
