import type { Db } from '@turumba/platform/db';
import { eq } from 'drizzle-orm';
import { accounts, accountUsers, roles } from '../accounts/tables';
import { users } from './tables';

export function createUserRepo(db: Db) {
  return {
    async findByEmail(email: string) {
      const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
      return row;
    },

    async findById(id: string) {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row;
    },

    async findByCognitoSub(sub: string) {
      const [row] = await db.select().from(users).where(eq(users.cognitoSub, sub)).limit(1);
      return row;
    },

    /** Every account the user belongs to, with the role they hold there. */
    async memberships(userId: string) {
      return db
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
        .orderBy(accounts.createdAt);
    },
  };
}
export type UserRepo = ReturnType<typeof createUserRepo>;
