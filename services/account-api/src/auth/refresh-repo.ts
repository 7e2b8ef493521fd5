import type { Db } from '@turumba/platform/db';
import { and, eq, isNull } from 'drizzle-orm';
import { refreshTokens } from './tables';

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

/** `refresh_tokens`: stored as SHA-256 hashes, rotated within a family. */
export function createRefreshTokenRepo(db: Db) {
  return {
    /** Locks the row, so two refreshes of one token are decided one after the other. */
    async findByHashForUpdate(tx: Db, tokenHash: string): Promise<RefreshTokenRow | undefined> {
      const [row] = await tx
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .limit(1)
        .for('update');
      return row;
    },

    async markUsed(tx: Db, id: string, now: Date) {
      await tx.update(refreshTokens).set({ usedAt: now, updatedAt: now }).where(eq(refreshTokens.id, id));
    },

    async revokeFamily(tx: Db, familyId: string, now: Date) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now, updatedAt: now })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },

    /**
     * Whether a sign-in (a refresh-token family) is still live: some token of it not revoked.
     * Rotation does not revoke (it marks a token used); logout and reuse detection do.
     */
    async isSessionLive(familyId: string, userId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .where(
          and(
            eq(refreshTokens.familyId, familyId),
            eq(refreshTokens.userId, userId),
            isNull(refreshTokens.revokedAt),
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    async revokeAllOfUser(tx: Db, userId: string, now: Date) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now, updatedAt: now })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    },
  };
}
export type RefreshTokenRepo = ReturnType<typeof createRefreshTokenRepo>;
