import { randomUUID } from 'node:crypto';
import { cognitoEndpoints } from '@turumba/platform/auth';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestAccountApi,
  demoPassword,
  identityFromToken,
  send,
  type TestAccountApi,
} from '../test-support';

/* Cognito mode against a local JWKS: a fake pool signs tokens, the API fetches its keys over HTTP. */
const region = 'eu-west-1';
const poolId = 'eu-west-1_TestPool';
const clientId = 'turumba-web';
const { issuer } = cognitoEndpoints(region, poolId);

let api: TestAccountApi;
let pool: FakeServer;
let poolKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  poolKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'pool-key-1', alg: 'RS256', use: 'sig' };
  pool = await startFakeServer({ 'GET /jwks.json': () => ({ body: { keys: [jwk] } }) });
  api = await createTestAccountApi({
    env: {
      COGNITO_USER_POOL_ID: poolId,
      AWS_REGION: region,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_JWKS_URL: `${pool.url}/jwks.json`,
    },
  });
});
afterAll(async () => {
  await api?.cleanup();
  await pool?.close();
});

/** An ID token (aud = client, with email) or an access token (client_id, no email) of the pool. */
function poolToken(sub: string, claims: JWTPayload = {}, key = poolKey, tokenIssuer = issuer) {
  return new SignJWT({ aud: clientId, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'pool-key-1' })
    .setIssuer(tokenIssuer)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

const context = (token: string) =>
  api.app.inject({ url: '/context/basic', headers: { authorization: `Bearer ${token}` } });

describe('Cognito mode', () => {
  const adminSub = randomUUID();

  it("links a verified email's user to the pool identity on first sign-in, then matches by sub", async () => {
    const idToken = await poolToken(adminSub, { email: 'admin@demo.local', email_verified: true });
    const first = await context(idToken);
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toMatchObject({
      email: 'admin@demo.local',
      accounts: [{ name: 'Demo', role: 'admin' }],
    });
    const accessToken = await poolToken(adminSub, {
      aud: undefined,
      client_id: clientId,
      token_use: 'access',
    });
    const again = await context(accessToken);
    expect(again.json().data.user_id).toBe(first.json().data.user_id);
  });

  it('serves /v1/users/me for the matched user', async () => {
    const me = await identityFromToken(api, await poolToken(adminSub));
    const res = await send(api, 'GET', '/v1/users/me', me);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ email: 'admin@demo.local', accounts: [{ role: 'admin' }] });
  });

  it('creates a user without accounts for a new verified email, who may then open an account', async () => {
    const token = await poolToken(randomUUID(), {
      email: 'newcomer@example.com',
      email_verified: 'true',
      name: 'New Comer',
    });
    const me = await identityFromToken(api, token);
    expect(me.accountIds).toEqual([]);
    const res = await send(api, 'POST', '/v1/accounts', me, { name: 'Newcomer Co' });
    expect(res.statusCode).toBe(201);
    expect((await identityFromToken(api, token)).accountRoles).toEqual({ [res.json().data.id]: 'admin' });
  });

  it('answers 401 for an unknown sub without a verified email, and for an unverified one', async () => {
    expect((await context(await poolToken(randomUUID()))).statusCode).toBe(401);
    const unverified = await poolToken(randomUUID(), { email: 'agent1@demo.local', email_verified: false });
    expect((await context(unverified)).statusCode).toBe(401);
  });

  it('answers 401 for a token of another issuer, another client or another key', async () => {
    const other = (await generateKeyPair('RS256')).privateKey;
    expect(
      (await context(await poolToken(adminSub, {}, poolKey, 'https://evil.example.com'))).statusCode,
    ).toBe(401);
    expect((await context(await poolToken(adminSub, { aud: 'another-client' }))).statusCode).toBe(401);
    expect((await context(await poolToken(adminSub, {}, other))).statusCode).toBe(401);
  });

  it('answers local login, registration and refresh with 400: sign-in happens at the identity provider', async () => {
    const attempts = [
      send(api, 'POST', '/v1/auth/login', undefined, { email: 'admin@demo.local', password: demoPassword }),
      send(api, 'POST', '/v1/auth/register', undefined, {
        email: 'someone@example.com',
        password: 'long-enough-password',
        name: 'Someone',
        account_name: 'Someone Co',
      }),
      send(api, 'POST', '/v1/auth/refresh', undefined, { refresh_token: 'anything' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'bad_request',
        message: expect.stringMatching(/identity provider/),
      });
    }
  });

  it('adds a new user without a password (they sign in at the pool)', async () => {
    const admin = await identityFromToken(api, await poolToken(adminSub));
    const res = await send(api, 'POST', '/v1/users', admin, { email: 'pooled@example.com', name: 'Pooled' });
    expect(res.statusCode).toBe(201);
    const token = await poolToken(randomUUID(), { email: 'pooled@example.com', email_verified: true });
    expect((await identityFromToken(api, token)).accountRoles).toEqual({ [admin.accountIds[0]!]: 'agent' });
  });
});
