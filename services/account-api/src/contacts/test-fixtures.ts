import type { Db } from '@turumba/platform/db';
import { outboxEvents } from '@turumba/platform/outbox';
import { gatewayHeaders, type TestIdentity, testServiceToken } from '@turumba/platform/testing';
import { and, eq } from 'drizzle-orm';
import { accounts, accountUsers, roles } from '../accounts/tables';
import type { createTestAccountApi } from '../test-support';
import { users } from '../users/tables';

/*
 * Shared by the contacts and teams tests: gateway identities of the seeded demo users, a second
 * tenant written straight to the database, signed requests and the outbox rows they produced.
 */

export type TestApi = Awaited<ReturnType<typeof createTestAccountApi>>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Role = 'admin' | 'supervisor' | 'agent';

/** The identity the gateway would forward for a user of one account. */
export async function identityOf(db: Db, email: string): Promise<TestIdentity> {
  const [row] = await db
    .select({ userId: users.id, accountId: accountUsers.accountId, role: roles.key, roleId: roles.id })
    .from(users)
    .innerJoin(accountUsers, eq(accountUsers.userId, users.id))
    .innerJoin(roles, eq(roles.id, accountUsers.roleId))
    .where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return {
    userId: row.userId,
    accountIds: [row.accountId],
    roleIds: [row.roleId],
    accountRoles: { [row.accountId]: row.role },
  };
}

/** The demo account's admin and agents (seeded by createTestAccountApi). */
export async function demoIdentities(db: Db) {
  const admin = await identityOf(db, 'admin@demo.local');
  return {
    accountId: admin.accountIds[0]!,
    admin,
    agent1: await identityOf(db, 'agent1@demo.local'),
    agent2: await identityOf(db, 'agent2@demo.local'),
  };
}

/** Adds a user with `role` to the account; returns the user's identity. */
export async function addUser(db: Db, ids: () => string, accountId: string, email: string, role: Role) {
  const [roleRow] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.accountId, accountId), eq(roles.key, role)));
  const userId = ids();
  await db.insert(users).values({ id: userId, email, name: email.split('@')[0]! });
  await db.insert(accountUsers).values({ id: ids(), accountId, userId, roleId: roleRow!.id });
  return identityOf(db, email);
}

/** A second tenant with an admin and an agent. */
export async function createOtherAccount(db: Db, ids: () => string, label = 'other') {
  const accountId = ids();
  await db.insert(accounts).values({ id: accountId, name: `Other ${label}` });
  for (const key of ['admin', 'supervisor', 'agent'] as const) {
    await db.insert(roles).values({ id: ids(), accountId, key, name: key });
  }
  return {
    accountId,
    admin: await addUser(db, ids, accountId, `admin@${label}.test`, 'admin'),
    agent: await addUser(db, ids, accountId, `agent@${label}.test`, 'agent'),
  };
}

/** A request signed as the gateway would forward it for `as`. */
export function call(
  api: TestApi,
  method: Method,
  url: string,
  as?: TestIdentity,
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

/** A service-to-service request with (by default) a valid `X-Service-Token`. */
export function callInternal(
  api: TestApi,
  method: Method,
  url: string,
  payload?: unknown,
  token = testServiceToken,
) {
  return api.app.inject({
    method,
    url,
    headers: token ? { 'x-service-token': token } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Outbox rows of one event type, oldest first. */
export async function outboxOf(db: Db, eventType: string) {
  const rows = await db.select().from(outboxEvents).where(eq(outboxEvents.eventType, eventType));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
