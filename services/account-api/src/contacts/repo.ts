import type { Db } from '@turumba/platform/db';
import { and, count, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { ContactFields } from './fields';
import { contacts } from './tables';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

/** How many merged_into_id hops a read follows before giving up (merges chain rarely). */
const MAX_MERGE_HOPS = 16;

/** Drizzle queries on `contacts`; every one is scoped to accounts. Pass a transaction to join it. */
export function contactRepo(db: Db) {
  return {
    async insert(row: NewContactRow): Promise<ContactRow> {
      const [created] = await db.insert(contacts).values(row).returning();
      return created!;
    },

    /** Inserts unless a live contact of the account already holds the phone or email. */
    async insertUnlessTaken(row: NewContactRow): Promise<ContactRow | undefined> {
      const [created] = await db.insert(contacts).values(row).onConflictDoNothing().returning();
      return created;
    },

    /** The contact, merged or not. */
    async find(accountIds: string[], id: string): Promise<ContactRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.id, id), inArray(contacts.accountId, accountIds)));
      return row;
    },

    /** The live contact `id` stands for: itself, or the survivor at the end of its merges. */
    async findSurvivor(accountIds: string[], id: string): Promise<ContactRow | undefined> {
      let row = await this.find(accountIds, id);
      for (let hop = 0; row?.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) {
        row = await this.find([row.accountId], row.mergedIntoId);
      }
      return row?.mergedIntoId ? undefined : row;
    },

    async findLiveBy(accountId: string, key: 'phone' | 'email', value: string) {
      const [row] = await db
        .select()
        .from(contacts)
        .where(
          and(eq(contacts.accountId, accountId), eq(contacts[key], value), isNull(contacts.mergedIntoId)),
        );
      return row;
    },

    /** The most recently merged contact that held the phone/email (its survivor may hold another). */
    async findMergedBy(accountId: string, key: 'phone' | 'email', value: string) {
      const [row] = await db
        .select()
        .from(contacts)
        .where(
          and(eq(contacts.accountId, accountId), eq(contacts[key], value), isNotNull(contacts.mergedIntoId)),
        )
        .orderBy(desc(contacts.updatedAt))
        .limit(1);
      return row;
    },

    /** Locks the rows (in id order, so concurrent merges of one pair cannot deadlock). */
    async lock(accountId: string, ids: string[]): Promise<ContactRow[]> {
      return db
        .select()
        .from(contacts)
        .where(and(eq(contacts.accountId, accountId), inArray(contacts.id, ids)))
        .orderBy(contacts.id)
        .for('update');
    },

    async list(
      accountIds: string[],
      where: SQL | undefined,
      orderBy: SQL[],
      page: { skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as ContactRow[], total: 0 };
      const scope = and(inArray(contacts.accountId, accountIds), isNull(contacts.mergedIntoId), where);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(contacts)
          .where(scope)
          .orderBy(...orderBy)
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(contacts).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    /** Updates the contact; with `liveOnly`, only while it is not merged. */
    async update(accountId: string, id: string, patch: Partial<NewContactRow>, liveOnly = false) {
      const [row] = await db
        .update(contacts)
        .set(patch)
        .where(
          and(
            eq(contacts.accountId, accountId),
            eq(contacts.id, id),
            liveOnly ? isNull(contacts.mergedIntoId) : undefined,
          ),
        )
        .returning();
      return row as ContactRow | undefined;
    },

    /**
     * Sets the given fields only where the live contact has none (never overwrites). Properties
     * are added key by key, the stored value winning.
     */
    async fillMissing(accountId: string, id: string, fields: ContactFields, now: Date) {
      const set: Record<string, SQL | Date> = { updatedAt: now };
      for (const key of ['name', 'phone', 'email'] as const) {
        if (fields[key]) set[key] = sql`coalesce(${contacts[key]}, ${fields[key]})`;
      }
      if (fields.properties && Object.keys(fields.properties).length > 0) {
        set.properties = sql`${JSON.stringify(fields.properties)}::jsonb || ${contacts.properties}`;
      }
      if (Object.keys(set).length === 1) return undefined;
      const [row] = await db
        .update(contacts)
        .set(set)
        .where(and(eq(contacts.accountId, accountId), eq(contacts.id, id), isNull(contacts.mergedIntoId)))
        .returning();
      return row;
    },

    /** The contact's id and the ids of every contact merged into it, directly or through a chain. */
    async familyIds(accountId: string, id: string): Promise<string[]> {
      const result = (await db.execute(sql`
        with recursive family as (
          select id from ${contacts} where account_id = ${accountId} and id = ${id}
          union
          select c.id from ${contacts} c join family f on c.merged_into_id = f.id
          where c.account_id = ${accountId}
        )
        select id from family`)) as unknown as { rows: Array<{ id: string }> };
      return result.rows.map((r) => r.id);
    },

    async deleteMany(accountId: string, ids: string[]) {
      if (ids.length === 0) return;
      await db.delete(contacts).where(and(eq(contacts.accountId, accountId), inArray(contacts.id, ids)));
    },
  };
}
export type ContactRepo = ReturnType<typeof contactRepo>;
