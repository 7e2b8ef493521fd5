import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { requireUser } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { NotFound } from '@turumba/platform/errors';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { ListQuery } from '@turumba/platform/query';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { accountUsers } from '../accounts/tables';
import type { ModuleDeps } from '../module-deps';
import { teamMembers } from '../teams/tables';
import { users } from '../users/tables';
import { AccountMember, AccountMembersParams, listAccountMembers } from './account-members';

const Params = z.object({ user_id: z.uuid() });
const Query = z.object({ account_id: z.uuid() });
const UserTeams = z.object({ user_id: z.uuid(), account_id: z.uuid(), team_ids: z.array(z.uuid()) });
const DirectoryUser = z.object({ id: z.uuid(), name: z.string(), email: z.string(), is_active: z.boolean() });

/** The member of an account, or 404 when the user does not belong to it. */
async function member(db: Db, accountId: string, userId: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, isActive: users.isActive })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)))
    .limit(1);
  if (!row) throw new NotFound('User');
  return row;
}

/**
 * Who is who in an account. For every member: the account's members with names and roles
 * (`/v1/accounts/{id}/members`). Service-to-service lookups for the Messaging API's inbox
 * (X-Service-Token, never exposed by the gateway): an agent's teams in an account (role
 * visibility) and a user's name (`{{agent_name}}`).
 */
export function registerDirectoryModule(app: HttpApp, deps: ModuleDeps) {
  app.get(
    '/v1/accounts/:id/members',
    {
      schema: {
        tags: ['accounts'],
        security: [{ bearerAuth: [] }],
        summary:
          "The account's members for every member (id, name, role, is_active; no emails); filter name, role, is_active",
        params: AccountMembersParams,
        querystring: ListQuery,
        response: { 200: listEnvelope(AccountMember) },
      },
    },
    async (request) => {
      const result = await listAccountMembers(
        deps.db,
        requireUser(request),
        request.params.id,
        request.query,
      );
      return list(result.data, result.meta);
    },
  );

  const schema = (summary: string, data: z.ZodType) => ({
    tags: ['internal'],
    summary,
    description: 'Service to service: needs `X-Service-Token`; the gateway never exposes it.',
    params: Params,
    querystring: Query,
    response: { 200: itemEnvelope(data) },
  });

  app.get(
    '/internal/users/:user_id/teams',
    { schema: schema("A member's teams in an account", UserTeams) },
    async (request) => {
      const { user_id: userId } = request.params;
      const { account_id: accountId } = request.query;
      await member(deps.db, accountId, userId);
      const rows = await deps.db
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(and(eq(teamMembers.accountId, accountId), eq(teamMembers.userId, userId)));
      return ok({ user_id: userId, account_id: accountId, team_ids: rows.map((r) => r.teamId) });
    },
  );

  app.get(
    '/internal/users/:user_id',
    { schema: schema('A member of an account', DirectoryUser) },
    async (request) => {
      const row = await member(deps.db, request.query.account_id, request.params.user_id);
      return ok({ id: row.id, name: row.name, email: row.email, is_active: row.isActive });
    },
  );
}
