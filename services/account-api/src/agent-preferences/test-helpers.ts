import type { Db } from '@turumba/platform/db';
import { outboxEvents } from '@turumba/platform/outbox';
import { gatewayHeaders, type TestIdentity, testServiceToken } from '@turumba/platform/testing';
import { and, eq } from 'drizzle-orm';
import { accounts, accountUsers, roles } from '../accounts/tables';
import { teamMembers, teams } from '../teams/tables';
import type { createTestAccountApi } from '../test-support';
import { users } from '../users/tables';

/*
 * Helpers for this module's tests: identities as the gateway would forward them, signed requests,
 * and rows the accounts/teams modules would create (written straight to the database so these
 * tests do not depend on those modules' endpoints).
 */

export type TestApi = Awaited<ReturnType<typeof createTestAccountApi>>;
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The gateway's identity for a seeded user: all their accounts with the role in each. */
export async function identityOf(db: Db, email: string): Promise<TestIdentity> {
  const rows = await db
    .select({ userId: users.id, accountId: accountUsers.accountId, role: roles.key, roleId: roles.id })
    .from(users)
    .innerJoin(accountUsers, eq(accountUsers.userId, users.id))
    .innerJoin(roles, eq(roles.id, accountUsers.roleId))
    .where(eq(users.email, email));
  if (rows.length === 0) throw new Error(`no member ${email}`);
  return {
    userId: rows[0]!.userId,
    accountIds: rows.map((r) => r.accountId),
    roleIds: rows.map((r) => r.roleId),
    accountRoles: Object.fromEntries(rows.map((r) => [r.accountId, r.role])),
  };
}

/** The seeded Demo account's admin and two agents. */
export async function demoMembers(db: Db) {
  return {
    admin: await identityOf(db, 'admin@demo.local'),
    agent1: await identityOf(db, 'agent1@demo.local'),
    agent2: await identityOf(db, 'agent2@demo.local'),
  };
}

export function call(
  api: TestApi,
  method: Method,
  url: string,
  as: TestIdentity,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return api.app.inject({
    method,
    url,
    headers: { ...gatewayHeaders(method, url, as), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export function callInternal(api: TestApi, url: string, token: string | null = testServiceToken) {
  return api.app.inject({ method: 'GET', url, headers: token ? { 'x-service-token': token } : {} });
}

/** An account with its built-in roles; returns the account id and role ids by key. */
export async function createAccount(db: Db, ids: () => string, name: string) {
  const accountId = ids();
  await db.insert(accounts).values({ id: accountId, name });
  const roleIds: Record<string, string> = {};
  for (const key of ['admin', 'supervisor', 'agent'])
    roleIds[key] = await createRole(db, ids, accountId, key);
  return { accountId, roleIds };
}

export async function createRole(db: Db, ids: () => string, accountId: string, key: string) {
  const id = ids();
  await db.insert(roles).values({ id, accountId, key, name: key });
  return id;
}

export async function roleIdOf(db: Db, accountId: string, key: string): Promise<string> {
  const [row] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.accountId, accountId), eq(roles.key, key)));
  if (!row) throw new Error(`no ${key} role in ${accountId}`);
  return row.id;
}

export async function createUser(db: Db, ids: () => string, email: string, name: string, isActive = true) {
  const id = ids();
  await db.insert(users).values({ id, email, name, isActive });
  return id;
}

export async function addMember(
  db: Db,
  ids: () => string,
  accountId: string,
  userId: string,
  roleId: string,
) {
  await db.insert(accountUsers).values({ id: ids(), accountId, userId, roleId });
}

export async function createTeam(
  db: Db,
  ids: () => string,
  accountId: string,
  name: string,
  userIds: string[],
) {
  const teamId = ids();
  await db.insert(teams).values({ id: teamId, accountId, name });
  for (const userId of userIds) await db.insert(teamMembers).values({ id: ids(), accountId, teamId, userId });
  return teamId;
}

export async function preferenceEvents(db: Db, userId: string) {
  const rows = await db
    .select()
    .from(outboxEvents)
    .where(eq(outboxEvents.aggregateId, userId))
    .orderBy(outboxEvents.createdAt);
  return rows.filter((r) => r.eventType === 'agent.preference.updated');
}
