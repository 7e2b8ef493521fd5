import type { Db } from '@turumba/platform/db';
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, accountUsers, roles } from '../accounts/tables';
import { users } from './tables';

export type UserRow = typeof users.$inferSelect;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The `users` table: global identities (memberships live in `account_users`). */
export function createUserRepo(db: Db) {
  return {
    async findByEmail(email: string, tx: Db = db) {
      const [row] = await tx
        .select()
        .from(users)
        .where(eq(users.email, normalizeEmail(email)))
        .limit(1);
      return row;
    },

    async findById(id: string, tx: Db = db) {
      const [row] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
      return row;
    },

    async findByCognitoSub(sub: string) {
      const [row] = await db.select().from(users).where(eq(users.cognitoSub, sub)).limit(1);
      return row;
    },

    async insert(
      tx: Db,
      user: { id: string; email: string; name: string; passwordHash: string | null; cognitoSub?: string },
      now: Date,
    ): Promise<UserRow> {
      const values = { ...user, email: normalizeEmail(user.email), createdAt: now, updatedAt: now };
      const [row] = await tx.insert(users).values(values).returning();
      return row!;
    },

    async update(tx: Db, id: string, changes: { name?: string; isActive?: boolean }, now: Date) {
      const [row] = await tx
        .update(users)
        .set({ ...changes, updatedAt: now })
        .where(eq(users.id, id))
        .returning();
      return row;
    },

    /** Links a Cognito identity to a user who has none yet; undefined when someone else won. */
    async linkCognitoSub(id: string, sub: string, now: Date) {
      const [row] = await db
        .update(users)
        .set({ cognitoSub: sub, updatedAt: now })
        .where(and(eq(users.id, id), isNull(users.cognitoSub)))
        .returning();
      return row;
    },

    /** Every account the user belongs to, with the role they hold there. */
    async memberships(userId: string, tx: Db = db) {
      return tx
        .select({
          accountId: accountUsers.accountId,
          accountName: accounts.name,
          roleId: roles.id,
          roleKey: roles.key,
          permissions: roles.permissions,
        })
        .from(accountUsers)
        .innerJoin(roles, eq(roles.id, accountUsers.roleId))
        .innerJoin(accounts, eq(accounts.id, accountUsers.accountId))
        .where(eq(accountUsers.userId, userId))
        .orderBy(accounts.createdAt, accounts.id);
    },
  };
}
export type UserRepo = ReturnType<typeof createUserRepo>;
