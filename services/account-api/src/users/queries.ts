import { isManager } from '@turumba/platform/auth';
import { Forbidden, NotFound } from '@turumba/platform/errors';
import type { ListQuery } from '@turumba/platform/query';
import { accountsWithRole, type Caller } from '../accounts/authorize';
import { listSql } from '../accounts/list-query';
import { memberFields, memberListOrder } from '../accounts/members-repo';
import type { AccountHeader, UserServiceDeps } from './deps';
import { memberAccount } from './member-account';
import { memberRules, toMeDto, toMemberDto } from './schema';

type Deps = Pick<UserServiceDeps, 'users' | 'members'>;

/** Members of my accounts where I am admin or supervisor: one row per (user, account). */
export async function listUsers(deps: Deps, caller: Caller, requested: AccountHeader, query: ListQuery) {
  const accountIds = accountsWithRole(caller, requested, ['admin', 'supervisor']);
  const { where, orderBy } = listSql(query, memberRules, memberFields, memberListOrder);
  const { rows, total } = await deps.members.list(accountIds, where, orderBy, query);
  return { data: rows.map(toMemberDto), meta: { total, skip: query.skip, limit: query.limit } };
}

/** A member of one of my accounts: admins and supervisors see anyone, others only themselves. */
export async function getUser(deps: Deps, caller: Caller, requested: AccountHeader, userId: string) {
  const accountId = await memberAccount(deps, caller, requested, userId);
  if (userId !== caller.userId && !isManager(caller, accountId)) {
    throw new Forbidden('This needs the admin or supervisor role');
  }
  const member = await deps.members.find(accountId, userId);
  if (!member) throw new NotFound('User');
  return toMemberDto(member);
}

/** The caller with every account they belong to, read fresh from the database. */
export async function getMe(deps: Deps, caller: Caller) {
  const user = await deps.users.findById(caller.userId);
  if (!user) throw new NotFound('User');
  const memberships = await deps.users.memberships(user.id);
  return toMeDto(
    user,
    memberships.map((m) => ({
      account_id: m.accountId,
      name: m.accountName,
      role: m.roleKey,
      role_id: m.roleId,
      permissions: m.permissions,
    })),
  );
}
