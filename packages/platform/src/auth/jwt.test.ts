import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, type JwtVerifier } from './jwt';

let verify: JwtVerifier;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let otherKey: typeof privateKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  verify = createJwtVerifier({
    jwksUrl: 'http://127.0.0.1:1/unused',
    issuer: 'turumba',
    audience: 'turumba-api',
    keySet: createLocalJWKSet({ keys: [jwk] }),
  });
});

function token(claims: Record<string, unknown> = {}, key = privateKey, expires = '5m') {
  return new SignJWT({ aud: 'turumba-api', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer('turumba')
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key);
}

describe('createJwtVerifier', () => {
  it('accepts an RS256 token with the right issuer and audience', async () => {
    expect((await verify(await token())).subject).toBe('user-1');
  });

  it('accepts a Cognito-style access token whose client_id is the audience', async () => {
    expect((await verify(await token({ aud: undefined, client_id: 'turumba-api' }))).subject).toBe('user-1');
  });

  it.each([
    ['a wrong audience', () => token({ aud: 'someone-else' })],
    ['an expired token', () => token({}, privateKey, '-1m')],
    ['a token signed by another key', () => token({}, otherKey)],
    [
      'an HS256 token',
      () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('turumba')
          .setSubject('u')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('x'.repeat(32))),
    ],
    ['garbage', async () => 'not.a.jwt'],
  ])('rejects %s with 401', async (_name, make) => {
    await expect(verify(await make())).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });
});
