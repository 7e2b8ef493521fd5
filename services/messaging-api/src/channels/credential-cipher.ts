import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Channel credentials at rest: AES-256-GCM over the credentials JSON, as
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id (first 8 hex digits of the
 * key's SHA-256) lets a rotated deployment decrypt rows written with a previous key while
 * writing new ones with the current key. The channel id is the additional authenticated data,
 * so a ciphertext copied onto another channel row does not decrypt.
 */
export interface CredentialCipher {
  encrypt(channelId: string, credentials: Record<string, unknown>): string;
  decrypt(channelId: string, ciphertext: string): Record<string, unknown>;
  /** True when the row was written with a key other than the current one (re-encrypt it). */
  isStale(ciphertext: string): boolean;
}

export class CredentialDecryptionError extends Error {
  constructor(reason: string) {
    super(`channel credentials cannot be decrypted: ${reason}`);
    this.name = 'CredentialDecryptionError';
  }
}

const VERSION = 'v1';

/** Accepts base64 and base64url. */
export function decodeKey(encoded: string): Buffer {
  const key = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error('an AES-256 key must be 32 bytes');
  return key;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createCredentialCipher(currentKey: string, previousKeys: string[] = []): CredentialCipher {
  const current = decodeKey(currentKey);
  const currentId = keyId(current);
  const keys = new Map<string, Buffer>([[currentId, current]]);
  for (const encoded of previousKeys) {
    const key = decodeKey(encoded);
    if (!keys.has(keyId(key))) keys.set(keyId(key), key);
  }

  return {
    encrypt(channelId, credentials) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(channelId, 'utf8'));
      const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [VERSION, currentId, ...parts].join('.');
    },

    decrypt(channelId, ciphertext) {
      const [version, id, iv, tag, body, ...rest] = ciphertext.split('.');
      if (version !== VERSION || !id || !iv || !tag || body === undefined || rest.length > 0) {
        throw new CredentialDecryptionError('unknown format');
      }
      const key = keys.get(id);
      if (!key) throw new CredentialDecryptionError(`no key with id ${id} is configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(channelId, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new CredentialDecryptionError('authentication failed');
      }
    },

    isStale(ciphertext) {
      return ciphertext.split('.')[1] !== currentId;
    },
  };
}
