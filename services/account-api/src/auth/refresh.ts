import { Unauthorized } from '@turumba/platform/errors';
import type { AuthServiceDeps } from './deps';
import { assertLocalLogin } from './local-login';
import { announceSessionEnded } from './session-events';
import { hashRefreshToken, issueTokensWith, type TokenPair } from './tokens';

type Outcome = { tokens: TokenPair } | { refused: string };

/**
 * Rotates a refresh token: a valid one is marked used and a new pair is issued in its family.
 * A token presented again within `refreshReuseGraceSeconds` of its rotation is a concurrent
 * refresh (two tabs of one session): it gets a pair of its own in the same family. Presented
 * later, it means the token leaked (or a client misbehaves): the whole family is revoked, so
 * whoever holds its newer tokens is signed out too.
 */
export async function refresh(deps: AuthServiceDeps, refreshToken: string): Promise<TokenPair> {
  assertLocalLogin(deps.localLoginEnabled);
  const now = deps.clock();
  const key = await deps.keys.activeKey(now);
  // The transaction commits the revocations below before the 401 is thrown.
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const row = await deps.refreshTokens.findByHashForUpdate(tx, hashRefreshToken(refreshToken));
    if (!row || row.revokedAt) return { refused: 'Invalid refresh token' };
    if (row.usedAt && !withinReuseGrace(row.usedAt, now, deps.settings.refreshReuseGraceSeconds)) {
      await deps.refreshTokens.revokeFamily(tx, row.familyId, now);
      await announceSessionEnded(tx, row.userId, row.familyId, 'refresh_token_reuse', now);
      return { refused: 'Refresh token already used: the session has been signed out' };
    }
    if (row.expiresAt <= now) return { refused: 'Refresh token expired' };
    const user = await deps.users.findById(row.userId, tx);
    if (!user?.isActive) {
      await deps.refreshTokens.revokeFamily(tx, row.familyId, now);
      await announceSessionEnded(tx, row.userId, row.familyId, 'user_inactive', now);
      return { refused: 'Unknown or inactive user' };
    }
    if (!row.usedAt) await deps.refreshTokens.markUsed(tx, row.id, now);
    return { tokens: await issueTokensWith(deps, key, tx, user, now, row.familyId) };
  });
  if ('refused' in outcome) throw new Unauthorized(outcome.refused);
  return outcome.tokens;
}

/** Revokes the family of `refreshToken` if it is the caller's, or every family of the caller. */
export async function logout(deps: AuthServiceDeps, userId: string, refreshToken?: string): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (refreshToken === undefined) {
      await deps.refreshTokens.revokeAllOfUser(tx, userId, now);
      await announceSessionEnded(tx, userId, null, 'logout', now);
      return;
    }
    const row = await deps.refreshTokens.findByHashForUpdate(tx, hashRefreshToken(refreshToken));
    // Someone else's token is left alone, and the answer does not say whether it exists.
    if (row?.userId !== userId) return;
    await deps.refreshTokens.revokeFamily(tx, row.familyId, now);
    await announceSessionEnded(tx, userId, row.familyId, 'logout', now);
  });
}

function withinReuseGrace(usedAt: Date, now: Date, graceSeconds: number): boolean {
  return now.getTime() - usedAt.getTime() < graceSeconds * 1000;
}
