import type { RequestContext } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { NotFound } from '@turumba/platform/errors';
import type { FieldRules, ListQuery } from '@turumba/platform/query';
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { listSql } from '../accounts/list-query';
import { accountUsers, roles } from '../accounts/tables';
import { users } from '../users/tables';

/**
 * A teammate as every member of the account sees them (Chatwoot's `/accounts/{id}/agents`):
 * enough to show names and roles in pickers and activity lines. Emails stay with `/v1/users`,
 * which only admins and supervisors may list.
 */
export const AccountMember = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The role key in this account: admin, supervisor, agent or a custom one. */
  role: z.string(),
  role_name: z.string(),
  is_active: z.boolean(),
});
export type AccountMember = z.infer<typeof AccountMember>;

export const AccountMembersParams = z.object({ id: z.uuid() });

/** No email: a filter on it would let an agent probe addresses one by one. */
const rules: FieldRules = {
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  role: { type: 'string', ops: ['eq', 'ne', 'in'], sortable: true },
  is_active: { type: 'boolean', ops: ['eq'] },
};
const columns = { name: users.name, role: roles.key, is_active: users.isActive };
const fallbackOrder = [asc(users.name), asc(users.id)];

const fromMembers = (db: Db) =>
  db
    .select({
      id: users.id,
      name: users.name,
      role: roles.key,
      role_name: roles.name,
      is_active: users.isActive,
    })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .innerJoin(roles, eq(roles.id, accountUsers.roleId));

/**
 * `GET /v1/accounts/{id}/members`: any member of the account, whatever their role, may read it;
 * an account the caller does not belong to is 404 (never 403, never another tenant's people).
 */
export async function listAccountMembers(
  db: Db,
  caller: RequestContext,
  accountId: string,
  query: ListQuery,
): Promise<{ data: AccountMember[]; meta: { total: number; skip: number; limit: number } }> {
  if (!caller.accountIds.includes(accountId)) throw new NotFound('Account');
  const { where, orderBy } = listSql(query, rules, columns, fallbackOrder);
  const scope: SQL | undefined = and(eq(accountUsers.accountId, accountId), where);
  const [data, [totals]] = await Promise.all([
    fromMembers(db)
      .where(scope)
      .orderBy(...orderBy)
      .offset(query.skip)
      .limit(query.limit),
    db
      .select({ total: count() })
      .from(accountUsers)
      .innerJoin(users, eq(users.id, accountUsers.userId))
      .innerJoin(roles, eq(roles.id, accountUsers.roleId))
      .where(scope),
  ]);
  return { data, meta: { total: totals?.total ?? 0, skip: query.skip, limit: query.limit } };
}
