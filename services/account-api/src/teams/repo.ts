import type { Db } from '@turumba/platform/db';
import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { teams } from './tables';

// Spelled out with qualified names: Drizzle leaves columns unqualified in a one-table select,
// where a bare "id" inside the subquery would mean team_members.id.
const memberCount = sql<number>`(select count(*) from "team_members" tm where tm."team_id" = "teams"."id")`
  .mapWith(Number)
  .as('member_count');

const teamColumns = {
  id: teams.id,
  accountId: teams.accountId,
  name: teams.name,
  description: teams.description,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
  memberCount,
};

export type TeamRow = typeof teams.$inferSelect & { memberCount: number };
type TeamValues = typeof teams.$inferInsert;

/** Drizzle queries on `teams` (with member counts); every one is scoped to accounts. */
export function teamRepo(db: Db) {
  return {
    async list(
      accountIds: string[],
      where: SQL | undefined,
      orderBy: SQL[],
      page: { skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as TeamRow[], total: 0 };
      const scope = and(inArray(teams.accountId, accountIds), where);
      const [rows, [totals]] = await Promise.all([
        db
          .select(teamColumns)
          .from(teams)
          .where(scope)
          .orderBy(...orderBy)
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(teams).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async find(accountIds: string[], id: string): Promise<TeamRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select(teamColumns)
        .from(teams)
        .where(and(eq(teams.id, id), inArray(teams.accountId, accountIds)));
      return row;
    },

    async insert(values: TeamValues): Promise<TeamRow> {
      const [row] = await db.insert(teams).values(values).returning();
      return { ...row!, memberCount: 0 };
    },

    async update(accountId: string, id: string, patch: Partial<TeamValues>) {
      await db
        .update(teams)
        .set(patch)
        .where(and(eq(teams.accountId, accountId), eq(teams.id, id)));
      return this.find([accountId], id);
    },

    /** Deletes the team (its memberships cascade). */
    async delete(accountId: string, id: string) {
      await db.delete(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, id)));
    },
  };
}
export type TeamRepo = ReturnType<typeof teamRepo>;
