import type { Db } from '@turumba/platform/db';
import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { MergeSnapshot } from './merge-plan';
import { contactMerges } from './tables';

export type ContactMergeRow = typeof contactMerges.$inferSelect;

/** Drizzle queries on `contact_merges`, scoped to one account. */
export function contactMergeRepo(db: Db) {
  return {
    async insert(row: {
      id: string;
      accountId: string;
      survivorId: string;
      mergedId: string;
      snapshot: MergeSnapshot;
      mergedBy: string;
      now: Date;
    }) {
      const { now, snapshot, ...rest } = row;
      await db.insert(contactMerges).values({
        ...rest,
        snapshot: snapshot as unknown as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      });
    },

    /** The given merge into the survivor, or its latest one, if not undone; locked for the undo. */
    async findActive(accountId: string, survivorId: string, mergeId?: string) {
      const [row] = await db
        .select()
        .from(contactMerges)
        .where(
          and(
            eq(contactMerges.accountId, accountId),
            eq(contactMerges.survivorId, survivorId),
            isNull(contactMerges.undoneAt),
            mergeId ? eq(contactMerges.id, mergeId) : undefined,
          ),
        )
        .orderBy(desc(contactMerges.createdAt), desc(contactMerges.id))
        .limit(1)
        .for('update');
      return row;
    },

    async markUndone(accountId: string, id: string, by: string, now: Date) {
      await db
        .update(contactMerges)
        .set({ undoneAt: now, undoneBy: by, updatedAt: now })
        .where(and(eq(contactMerges.accountId, accountId), eq(contactMerges.id, id)));
    },

    /** Forgets the merges (and their snapshots) that involve any of the contacts. */
    async deleteInvolving(accountId: string, contactIds: string[]) {
      if (contactIds.length === 0) return;
      await db
        .delete(contactMerges)
        .where(
          and(
            eq(contactMerges.accountId, accountId),
            or(inArray(contactMerges.survivorId, contactIds), inArray(contactMerges.mergedId, contactIds)),
          ),
        );
    },
  };
}
