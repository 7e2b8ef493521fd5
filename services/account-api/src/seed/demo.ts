import type { Db } from '@turumba/platform/db';
import { defaultRoles } from '../accounts/default-roles';
import { accounts, accountUsers, roles } from '../accounts/tables';
import { hashPassword } from '../auth/passwords';
import { users } from '../users/tables';

export const demoUsers = [
  { email: 'admin@demo.local', name: 'Demo Admin', role: 'admin' },
  { email: 'agent1@demo.local', name: 'Agent One', role: 'agent' },
  { email: 'agent2@demo.local', name: 'Agent Two', role: 'agent' },
] as const;

/**
 * Creates the "Demo" account with an admin and two agents, once: it does nothing when any
 * account exists already. Returns whether it seeded.
 */
export async function seedDemo(db: Db, ids: () => string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: accounts.id }).from(accounts).limit(1);
    if (existing.length > 0) return false;
    const accountId = ids();
    await tx.insert(accounts).values({ id: accountId, name: 'Demo' });
    const roleIds: Record<string, string> = {};
    for (const [key, role] of Object.entries(defaultRoles)) {
      roleIds[key] = ids();
      await tx.insert(roles).values({ id: roleIds[key], accountId, key, ...role });
    }
    for (const demo of demoUsers) {
      const userId = ids();
      await tx.insert(users).values({ id: userId, email: demo.email, name: demo.name, passwordHash });
      await tx.insert(accountUsers).values({ id: ids(), accountId, userId, roleId: roleIds[demo.role]! });
    }
    return true;
  });
}
