import type { Db } from '@turumba/platform/db';
import { and, asc, count, eq } from 'drizzle-orm';
import { accountUsers } from '../accounts/tables';
import { users } from '../users/tables';
import { teamMembers } from './tables';

// Joins the users table for names and emails: the users module offers no service for it yet.
const memberColumns = {
  teamId: teamMembers.teamId,
  userId: teamMembers.userId,
  role: teamMembers.role,
  name: users.name,
  email: users.email,
  isActive: users.isActive,
  createdAt: teamMembers.createdAt,
  updatedAt: teamMembers.updatedAt,
};

export interface MemberRow {
  teamId: string;
  userId: string;
  role: 'member' | 'lead';
  name: string;
  email: string;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Drizzle queries on `team_members` of one team; every one is scoped to the team's account. */
export function teamMemberRepo(db: Db) {
  const ofTeam = (accountId: string, teamId: string) =>
    and(eq(teamMembers.accountId, accountId), eq(teamMembers.teamId, teamId));
  const select = () =>
    db.select(memberColumns).from(teamMembers).innerJoin(users, eq(users.id, teamMembers.userId));

  return {
    async list(accountId: string, teamId: string, page?: { skip: number; limit: number }) {
      const query = select().where(ofTeam(accountId, teamId)).orderBy(asc(users.name), asc(users.id));
      const [rows, [totals]] = await Promise.all([
        page ? query.offset(page.skip).limit(page.limit) : query,
        db.select({ total: count() }).from(teamMembers).where(ofTeam(accountId, teamId)),
      ]);
      return { rows: rows as MemberRow[], total: totals?.total ?? 0 };
    },

    async find(accountId: string, teamId: string, userId: string): Promise<MemberRow | undefined> {
      const [row] = await select().where(and(ofTeam(accountId, teamId), eq(teamMembers.userId, userId)));
      return row as MemberRow | undefined;
    },

    async userIds(accountId: string, teamId: string): Promise<string[]> {
      const rows = await db
        .select({ userId: teamMembers.userId })
        .from(teamMembers)
        .where(ofTeam(accountId, teamId));
      return rows.map((r) => r.userId);
    },

    /** Whether the user belongs to the account (only its users may join its teams). */
    async isAccountUser(accountId: string, userId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: accountUsers.id })
        .from(accountUsers)
        .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
      return Boolean(row);
    },

    async insert(values: typeof teamMembers.$inferInsert) {
      await db.insert(teamMembers).values(values);
    },

    async updateRole(accountId: string, teamId: string, userId: string, role: MemberRow['role'], now: Date) {
      const rows = await db
        .update(teamMembers)
        .set({ role, updatedAt: now })
        .where(and(ofTeam(accountId, teamId), eq(teamMembers.userId, userId)))
        .returning({ id: teamMembers.id });
      return rows.length > 0;
    },

    async delete(accountId: string, teamId: string, userId: string) {
      const rows = await db
        .delete(teamMembers)
        .where(and(ofTeam(accountId, teamId), eq(teamMembers.userId, userId)))
        .returning({ id: teamMembers.id });
      return rows.length > 0;
    },
  };
}
export type TeamMemberRepo = ReturnType<typeof teamMemberRepo>;
