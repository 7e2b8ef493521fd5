import { accountForWrite, requireRole } from '@turumba/platform/auth';
import { type Db, isUniqueViolation } from '@turumba/platform/db';
import { Conflict, NotFound } from '@turumba/platform/errors';
import type { ListQuery } from '@turumba/platform/query';
import { accountsWithRole, type Caller, requireCurrentRole } from '../accounts/authorize';
import { listSql } from '../accounts/list-query';
import type { MemberRepo } from '../accounts/members-repo';
import type { MembershipCache } from '../context/membership-cache';
import { type RoleRepo, roleFields, roleListOrder } from './repo';
import { isBuiltInRole, roleRules, toRoleDto } from './schema';

export interface RoleServiceDeps {
  db: Db;
  roles: RoleRepo;
  members: MemberRepo;
  cache: MembershipCache;
  clock: () => Date;
  ids: () => string;
}

type AccountHeader = string | string[] | undefined;

/** Per-account roles, managed by the account's admins. */
export function createRoleService(deps: RoleServiceDeps) {
  /** 404 unless the role is in one of the caller's accounts; 403 unless they are admin there. */
  async function findManaged(caller: Caller, roleId: string) {
    const role = await deps.roles.findIn(caller.accountIds, roleId);
    if (!role) throw new NotFound('Role');
    requireRole(caller, role.accountId, ['admin']);
    return role;
  }

  return {
    async listRoles(caller: Caller, requested: AccountHeader, query: ListQuery) {
      const accountIds = accountsWithRole(caller, requested, ['admin']);
      const { where, orderBy } = listSql(query, roleRules, roleFields, roleListOrder);
      const { rows, total } = await deps.roles.list(accountIds, where, orderBy, query);
      return { data: rows.map(toRoleDto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    async getRole(caller: Caller, roleId: string) {
      return toRoleDto(await findManaged(caller, roleId));
    },

    async createRole(
      caller: Caller,
      requested: AccountHeader,
      body: { key: string; name: string; permissions: string[] },
    ) {
      const accountId = accountForWrite(caller, requested);
      requireRole(caller, accountId, ['admin']);
      try {
        const role = await deps.db.transaction(async (tx) => {
          await requireCurrentRole(deps.members, tx, caller, accountId, ['admin']);
          return deps.roles.insert(tx, { id: deps.ids(), accountId, ...body }, deps.clock());
        });
        return toRoleDto(role);
      } catch (err) {
        if (isUniqueViolation(err)) throw new Conflict(`A role with key "${body.key}" already exists`);
        throw err;
      }
    },

    /** Built-in roles may be renamed; their permissions are fixed (their key is what grants access). */
    async updateRole(caller: Caller, roleId: string, changes: { name?: string; permissions?: string[] }) {
      const existing = await findManaged(caller, roleId);
      if (changes.permissions && isBuiltInRole(existing.key)) {
        throw new Conflict(`The permissions of the built-in role "${existing.key}" cannot be changed`);
      }
      const { role, holders } = await deps.db.transaction(async (tx) => {
        await requireCurrentRole(deps.members, tx, caller, existing.accountId, ['admin']);
        const updated = await deps.roles.update(tx, existing.accountId, roleId, changes, deps.clock());
        return { role: updated, holders: await deps.members.userIdsWithRole(tx, roleId) };
      });
      // Role names and permissions are part of each holder's cached context.
      await deps.cache.invalidate(holders);
      return toRoleDto(role);
    },

    async deleteRole(caller: Caller, roleId: string) {
      const existing = await findManaged(caller, roleId);
      if (isBuiltInRole(existing.key)) {
        throw new Conflict(`The built-in role "${existing.key}" cannot be deleted`);
      }
      await deps.db.transaction(async (tx) => {
        await requireCurrentRole(deps.members, tx, caller, existing.accountId, ['admin']);
        const holders = await deps.roles.countHolders(tx, roleId);
        if (holders > 0)
          throw new Conflict(`The role is held by ${holders} user(s); give them another role first`);
        await deps.roles.delete(tx, existing.accountId, roleId);
      });
    },
  };
}
export type RoleService = ReturnType<typeof createRoleService>;
