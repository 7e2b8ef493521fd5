import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@turumba/platform/db';
import { SignJWT } from 'jose';
import type { ActiveKey, SigningKeyService } from '../signing-keys/service';
import { refreshTokens } from './tables';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /**
   * How long after its rotation a refresh token may be presented again without being taken for
   * a stolen one: two tabs refreshing one session at the same moment each get a pair.
   */
  refreshReuseGraceSeconds: number;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface TokenUser {
  id: string;
  email: string;
  name: string;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface TokenDeps {
  db: Db;
  keys: SigningKeyService;
  settings: TokenSettings;
  ids: () => string;
}

/**
 * Issues an RS256 access token and a new opaque refresh token in `familyId`. Inside a
 * transaction pass the handle as `tx`; the signing key is read before it (outside the
 * transaction: on PGlite's single connection a read beside an open transaction would wait on it).
 */
export async function issueTokens(
  deps: TokenDeps,
  user: TokenUser,
  now: Date,
  familyId: string = deps.ids(),
): Promise<TokenPair> {
  return issueTokensWith(deps, await deps.keys.activeKey(now), deps.db, user, now, familyId);
}

export async function issueTokensWith(
  deps: Omit<TokenDeps, 'db' | 'keys'>,
  key: ActiveKey,
  tx: Db,
  user: TokenUser,
  now: Date,
  familyId: string = deps.ids(),
): Promise<TokenPair> {
  const { kid, privateKey } = key;
  const issuedAt = Math.floor(now.getTime() / 1000);
  // `sid` names the sign-in (the refresh-token family): once it is logged out or revoked,
  // `/context/basic` refuses the access tokens it issued (context/service.ts).
  const accessToken = await new SignJWT({ email: user.email, name: user.name, sid: familyId })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(deps.settings.issuer)
    .setAudience(deps.settings.audience)
    .setSubject(user.id)
    .setJti(deps.ids())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + deps.settings.accessTtlSeconds)
    .sign(privateKey);
  const refreshToken = randomBytes(32).toString('base64url');
  await tx.insert(refreshTokens).values({
    id: deps.ids(),
    userId: user.id,
    familyId,
    tokenHash: hashRefreshToken(refreshToken),
    expiresAt: new Date(now.getTime() + deps.settings.refreshTtlSeconds * 1000),
    createdAt: now,
    updatedAt: now,
  });
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    expires_in: deps.settings.accessTtlSeconds,
    token_type: 'Bearer',
  };
}
