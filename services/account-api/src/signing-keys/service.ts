import { randomUUID } from 'node:crypto';
import type { Db } from '@turumba/platform/db';
import { asc, desc, gt, isNull, or } from 'drizzle-orm';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from 'jose';
import { signingKeys } from './tables';

export interface ActiveKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importPKCS8>>;
}

export interface SigningKeyService {
  /** Makes sure a signing key exists (generates and persists one on first start). */
  ensureKey(): Promise<void>;
  activeKey(now: Date): Promise<ActiveKey>;
  /** Public keys still valid for verification. */
  jwks(now: Date): Promise<{ keys: JWK[] }>;
  /** Starts signing with a new key; the old one stays published for `keepSeconds`. */
  rotate(now: Date, keepSeconds: number): Promise<string>;
}

// Replicas re-read the active key this often, so a rotation reaches all of them.
const activeKeyCacheMs = 60_000;

async function insertNewKey(db: Db): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  await db.insert(signingKeys).values({ kid, privateKeyPem: await exportPKCS8(privateKey), publicJwk });
  return kid;
}

export function createSigningKeyService(db: Db): SigningKeyService {
  let cached: { key: ActiveKey; loadedAt: number } | undefined;

  return {
    async ensureKey() {
      const unrotated = isNull(signingKeys.rotatedAt);
      const existing = await db.select({ kid: signingKeys.kid }).from(signingKeys).where(unrotated).limit(1);
      if (existing.length === 0) await insertNewKey(db);
    },

    async activeKey(now) {
      if (cached && now.getTime() - cached.loadedAt < activeKeyCacheMs) return cached.key;
      // Oldest unrotated key: replicas that raced on first start converge on the same one.
      const [row] = await db
        .select()
        .from(signingKeys)
        .where(isNull(signingKeys.rotatedAt))
        .orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid))
        .limit(1);
      if (!row) throw new Error('no signing key: ensureKey() was not called');
      const key = { kid: row.kid, privateKey: await importPKCS8(row.privateKeyPem, 'RS256') };
      cached = { key, loadedAt: now.getTime() };
      return key;
    },

    async jwks(now) {
      const rows = await db
        .select({ publicJwk: signingKeys.publicJwk })
        .from(signingKeys)
        .where(or(isNull(signingKeys.retireAfter), gt(signingKeys.retireAfter, now)))
        .orderBy(desc(signingKeys.createdAt));
      return { keys: rows.map((r) => r.publicJwk as JWK) };
    },

    async rotate(now, keepSeconds) {
      const retireAfter = new Date(now.getTime() + keepSeconds * 1000);
      const kid = await db.transaction(async (tx) => {
        await tx
          .update(signingKeys)
          .set({ rotatedAt: now, retireAfter, updatedAt: now })
          .where(isNull(signingKeys.rotatedAt));
        return insertNewKey(tx);
      });
      cached = undefined;
      return kid;
    },
  };
}
