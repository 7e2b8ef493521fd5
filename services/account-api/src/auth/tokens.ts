import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@turumba/platform/db';
import { SignJWT } from 'jose';
import type { SigningKeyService } from '../signing-keys/service';
import { refreshTokens } from './tables';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
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

/** Issues an RS256 access token and a new opaque refresh token in `familyId`. */
export async function issueTokens(
  deps: { db: Db; keys: SigningKeyService; settings: TokenSettings; ids: () => string },
  user: TokenUser,
  now: Date,
  familyId: string = deps.ids(),
): Promise<TokenPair> {
  const { kid, privateKey } = await deps.keys.activeKey(now);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const accessToken = await new SignJWT({ email: user.email, name: user.name })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(deps.settings.issuer)
    .setAudience(deps.settings.audience)
    .setSubject(user.id)
    .setJti(deps.ids())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + deps.settings.accessTtlSeconds)
    .sign(privateKey);
  const refreshToken = randomBytes(32).toString('base64url');
  await deps.db.insert(refreshTokens).values({
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
