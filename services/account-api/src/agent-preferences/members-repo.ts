import type { Db } from '@turumba/platform/db';
import { and, asc, eq, exists, inArray } from 'drizzle-orm';
import { accounts, accountUsers, roles } from '../accounts/tables';
import { teamMembers, teams } from '../teams/tables';
import { users } from '../users/tables';
import { agentPreferences } from './tables';

/*
 * Read-only membership queries (account_users, roles, teams, team_members, users) that decide
 * whose preferences a caller may see and who the routing engine may pick. These tables belong to
 * the accounts and teams modules; we only read them.
 */

/** The user's accounts, all of them or only those among `within`. */
export async function accountIdsOfUser(
  db: Db,
  userId: string,
  within?: readonly string[],
): Promise<string[]> {
  if (within && within.length === 0) return [];
  const rows = await db
    .select({ accountId: accountUsers.accountId })
    .from(accountUsers)
    .where(
      and(eq(accountUsers.userId, userId), within ? inArray(accountUsers.accountId, [...within]) : undefined),
    )
    .orderBy(asc(accountUsers.accountId));
  return rows.map((r) => r.accountId);
}

export async function accountExists(db: Db, accountId: string): Promise<boolean> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return rows.length > 0;
}

export async function teamExists(db: Db, accountId: string, teamId: string): Promise<boolean> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.accountId, accountId)))
    .limit(1);
  return rows.length > 0;
}

/** Every member of the account (of the team too, when given) with their role and preferences. */
export async function routingCandidates(db: Db, accountId: string, teamId?: string) {
  const inTeam = teamId
    ? exists(
        db
          .select({ id: teamMembers.id })
          .from(teamMembers)
          .where(
            and(
              eq(teamMembers.teamId, teamId),
              eq(teamMembers.accountId, accountId),
              eq(teamMembers.userId, accountUsers.userId),
            ),
          ),
      )
    : undefined;
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      isActive: users.isActive,
      role: roles.key,
      preferences: agentPreferences,
    })
    .from(accountUsers)
    .innerJoin(users, eq(users.id, accountUsers.userId))
    .innerJoin(roles, eq(roles.id, accountUsers.roleId))
    .leftJoin(agentPreferences, eq(agentPreferences.userId, accountUsers.userId))
    .where(and(eq(accountUsers.accountId, accountId), inTeam))
    .orderBy(asc(users.name), asc(users.id));
}
export type RoutingCandidate = Awaited<ReturnType<typeof routingCandidates>>[number];

/** user id → the ids of their teams in the account. */
export async function teamIdsByUser(
  db: Db,
  accountId: string,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({ userId: teamMembers.userId, teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.accountId, accountId), inArray(teamMembers.userId, [...userIds])))
    .orderBy(asc(teamMembers.teamId));
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.teamId]);
  return byUser;
}
