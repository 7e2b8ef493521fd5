import type { Db } from '@turumba/platform/db';
import { and, count, eq, inArray, type SQL } from 'drizzle-orm';
import { accountUsers } from '../accounts/tables';
import type { AgentPreferencesRow, AgentPreferencesValues } from './dto';
import { agentPreferences } from './tables';

/*
 * The agent_preferences table. Rows are user-scoped (one per user); the account scoping of
 * ARCHITECTURE.md §4 is applied through account_users: callers pass the accounts whose members
 * they may see.
 */

export async function findPreferences(db: Db, userId: string): Promise<AgentPreferencesRow | undefined> {
  const [row] = await db.select().from(agentPreferences).where(eq(agentPreferences.userId, userId)).limit(1);
  return row;
}

/** Locks the row for a read-modify-write in the caller's transaction. */
export async function lockPreferences(tx: Db, userId: string): Promise<AgentPreferencesRow | undefined> {
  const [row] = await tx
    .select()
    .from(agentPreferences)
    .where(eq(agentPreferences.userId, userId))
    .for('update')
    .limit(1);
  return row;
}

export async function insertPreferences(
  tx: Db,
  values: AgentPreferencesValues & { id: string; userId: string },
): Promise<AgentPreferencesRow> {
  const [row] = await tx.insert(agentPreferences).values(values).returning();
  return row!;
}

/** Inserts a row with the defaults unless the user has one; true when it inserted. */
export async function insertDefaultsIfMissing(
  tx: Db,
  values: { id: string; userId: string; createdAt: Date; updatedAt: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(agentPreferences)
    .values(values)
    .onConflictDoNothing({ target: agentPreferences.userId })
    .returning({ id: agentPreferences.id });
  return inserted.length > 0;
}

export async function updatePreferences(
  tx: Db,
  userId: string,
  values: AgentPreferencesValues,
): Promise<AgentPreferencesRow> {
  const [row] = await tx
    .update(agentPreferences)
    .set(values)
    .where(eq(agentPreferences.userId, userId))
    .returning();
  return row!;
}

export async function deletePreferences(tx: Db, userId: string): Promise<boolean> {
  const deleted = await tx
    .delete(agentPreferences)
    .where(eq(agentPreferences.userId, userId))
    .returning({ id: agentPreferences.id });
  return deleted.length > 0;
}

export interface PreferencesPage {
  accountIds: string[];
  where?: SQL;
  orderBy: SQL[];
  skip: number;
  limit: number;
}

/** Preferences of the members of `accountIds` (a user in two of them appears once). */
export async function listPreferences(db: Db, page: PreferencesPage) {
  const members = db
    .selectDistinct({ userId: accountUsers.userId })
    .from(accountUsers)
    .where(inArray(accountUsers.accountId, page.accountIds));
  const where = and(inArray(agentPreferences.userId, members), page.where);
  const rows = await db
    .select()
    .from(agentPreferences)
    .where(where)
    .orderBy(...page.orderBy)
    .offset(page.skip)
    .limit(page.limit);
  const [total] = await db.select({ n: count() }).from(agentPreferences).where(where);
  return { rows, total: total?.n ?? 0 };
}
