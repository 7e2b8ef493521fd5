import type { Db } from '@turumba/platform/db';
import { and, count, eq, inArray, type SQL } from 'drizzle-orm';
import { contactIdentifiers } from './tables';

export type ContactIdentifierRow = typeof contactIdentifiers.$inferSelect;
type NewRow = typeof contactIdentifiers.$inferInsert;
type Patch = Partial<Pick<ContactIdentifierRow, 'contactId' | 'displayName' | 'metadata' | 'updatedAt'>>;

export function contactIdentifierRepo(db: Db) {
  const t = contactIdentifiers;
  const one = (accountIds: string[], id: string) => and(inArray(t.accountId, accountIds), eq(t.id, id));
  return {
    async list(
      accountIds: string[],
      where: SQL | undefined,
      orderBy: SQL[],
      page: { skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as ContactIdentifierRow[], total: 0 };
      const scope = and(inArray(t.accountId, accountIds), where);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(t)
          .where(scope)
          .orderBy(...orderBy)
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(t).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async find(accountIds: string[], id: string, forUpdate = false) {
      if (accountIds.length === 0) return undefined;
      const query = db.select().from(t).where(one(accountIds, id));
      const [row] = forUpdate ? await query.for('update') : await query;
      return row;
    },

    async findByIdentity(accountId: string, channelType: string, identifier: string) {
      const [row] = await db
        .select()
        .from(t)
        .where(
          and(
            eq(t.accountId, accountId),
            eq(t.channelType, channelType as never),
            eq(t.identifier, identifier),
          ),
        );
      return row;
    },

    ofContact(accountId: string, contactId: string) {
      return db
        .select()
        .from(t)
        .where(and(eq(t.accountId, accountId), eq(t.contactId, contactId)))
        .orderBy(t.channelType, t.createdAt);
    },

    async insert(row: NewRow) {
      const [inserted] = await db.insert(t).values(row).returning();
      return inserted!;
    },

    async update(accountId: string, id: string, patch: Patch) {
      const [row] = await db
        .update(t)
        .set(patch)
        .where(and(eq(t.accountId, accountId), eq(t.id, id)))
        .returning();
      return row!;
    },

    async delete(accountId: string, id: string) {
      await db.delete(t).where(and(eq(t.accountId, accountId), eq(t.id, id)));
    },
  };
}
