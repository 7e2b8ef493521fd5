import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialDecryptionError, createCredentialCipher } from './credential-cipher';

const key = () => randomBytes(32).toString('base64');
const channelId = '6f1b8f5e-4a43-4c4e-9b7e-3d1f0a2b3c4d';
const secret = { bot_token: '123:very-secret-token', webhook_secret: 'w' };

describe('credential cipher', () => {
  it('round-trips credentials and never shows them in the ciphertext', () => {
    const cipher = createCredentialCipher(key());
    const sealed = cipher.encrypt(channelId, secret);
    expect(sealed).not.toContain('very-secret');
    expect(sealed.split('.')).toHaveLength(5);
    expect(cipher.decrypt(channelId, sealed)).toEqual(secret);
  });

  it('uses a fresh IV each time', () => {
    const cipher = createCredentialCipher(key());
    expect(cipher.encrypt(channelId, secret)).not.toBe(cipher.encrypt(channelId, secret));
  });

  it('accepts a base64url key', () => {
    const raw = randomBytes(32);
    const sealed = createCredentialCipher(raw.toString('base64url')).encrypt(channelId, secret);
    expect(createCredentialCipher(raw.toString('base64')).decrypt(channelId, sealed)).toEqual(secret);
  });

  it('refuses a ciphertext moved to another channel', () => {
    const cipher = createCredentialCipher(key());
    const sealed = cipher.encrypt(channelId, secret);
    expect(() => cipher.decrypt('00000000-0000-4000-8000-000000000000', sealed)).toThrow(
      CredentialDecryptionError,
    );
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = createCredentialCipher(key());
    const parts = cipher.encrypt(channelId, secret).split('.');
    parts[4] = `A${parts[4]!.slice(1)}` === parts[4] ? `B${parts[4]!.slice(1)}` : `A${parts[4]!.slice(1)}`;
    expect(() => cipher.decrypt(channelId, parts.join('.'))).toThrow(CredentialDecryptionError);
  });

  it('decrypts rows of a previous key after a rotation and marks them stale', () => {
    const oldKey = key();
    const sealed = createCredentialCipher(oldKey).encrypt(channelId, secret);
    const rotated = createCredentialCipher(key(), [oldKey]);
    expect(rotated.decrypt(channelId, sealed)).toEqual(secret);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.encrypt(channelId, secret))).toBe(false);
  });

  it('names the missing key when a row was written with a key no longer configured', () => {
    const sealed = createCredentialCipher(key()).encrypt(channelId, secret);
    expect(() => createCredentialCipher(key()).decrypt(channelId, sealed)).toThrow(/no key with id/);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => createCredentialCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
