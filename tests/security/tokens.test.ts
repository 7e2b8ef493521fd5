/**
 * JWTs at the gateway and at the Realtime handshake (ARCHITECTURE.md §4): RS256 only, against the
 * JWKS, with iss, aud, exp and sub required. Tokens are minted here with the Account API's own
 * private key (read from its database), so only the one defect under test is wrong in each.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { exportJWK, generateKeyPair, importPKCS8, type JWTPayload, SignJWT } from 'jose';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingKeys } from '../../services/account-api/src/signing-keys/tables';
import { type SecurityStack, startSecurityStack } from './stack';
import { call, createTenant, type Tenant } from './tenants';

let stack: SecurityStack;
let tenant: Tenant;
let kid: string;
let privatePem: string;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: 'turumba',
    aud: 'turumba-api',
    sub: tenant.userId,
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
    ...overrides,
  };
}

async function signed(payload: JWTPayload, header: Record<string, unknown> = {}) {
  const key = await importPKCS8(privatePem, 'RS256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT', ...header }).sign(key);
}

async function hmacWithPublicKey(): Promise<string> {
  // The classic RS256/HS256 confusion: the public key (PEM, as published) used as an HMAC secret.
  const publicPem = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' });
  const secret = new TextEncoder().encode(String(publicPem));
  return new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(secret);
}

async function badTokens(): Promise<Record<string, string>> {
  const valid = await signed(claims());
  const [header, , signature] = valid.split('.');
  const stranger = await generateKeyPair('RS256');
  const strangerJwk = await exportJWK(stranger.publicKey);
  const { exp: _exp, ...withoutExp } = claims();
  const { sub: _sub, ...withoutSub } = claims();
  return {
    'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`,
    'alg none with the real kid': `${b64url({ alg: 'none', kid, typ: 'JWT' })}.${b64url(claims())}.`,
    'HS256 signed with the public key': await hmacWithPublicKey(),
    'wrong issuer': await signed(claims({ iss: 'https://evil.example.com' })),
    'wrong audience': await signed(claims({ aud: 'another-api' })),
    expired: await signed(claims({ iat: nowSeconds() - 3600, exp: nowSeconds() - 600 })),
    'not yet valid': await signed(claims({ nbf: nowSeconds() + 600 })),
    'missing exp': await signed(withoutExp),
    'missing sub': await signed(withoutSub),
    'unknown kid (another key)': await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'unknown-kid', typ: 'JWT' })
      .sign(stranger.privateKey),
    'real kid, another key': await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .sign(stranger.privateKey),
    'embedded jwk header': await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', jwk: strangerJwk, typ: 'JWT' })
      .sign(stranger.privateKey),
    'tampered payload': `${header}.${b64url(claims({ sub: '00000000-0000-4000-8000-000000000000' }))}.${signature}`,
    'tampered signature': `${valid.slice(0, -4)}AAAA`,
    truncated: valid.split('.').slice(0, 2).join('.'),
    garbage: 'not.a.jwt',
  };
}

beforeAll(async () => {
  stack = await startSecurityStack();
  tenant = await createTenant(stack, 'jwt');
  const [key] = await stack.databases.account.db.select().from(signingKeys);
  kid = key!.kid;
  privatePem = key!.privateKeyPem;
}, 240_000);

afterAll(() => stack?.close(), 60_000);

describe('JWT verification', () => {
  it('accepts a token minted here with the real key (the attacks below are the only defect)', async () => {
    const res = await call(stack.gateway, 'GET', '/v1/conversations', { token: await signed(claims()) });
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 at the gateway for every malformed, forged or out-of-date token', async () => {
    const failures: string[] = [];
    for (const [name, token] of Object.entries(await badTokens())) {
      for (const url of ['/v1/conversations', '/v1/users/me']) {
        const res = await call(stack.gateway, 'GET', url, { token });
        if (res.statusCode !== 401) failures.push(`${name} ${url} → ${res.statusCode}`);
        else expect(res.json()).toMatchObject({ success: false, error: 'unauthorized' });
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses the same tokens at the Realtime handshake', async () => {
    const failures: string[] = [];
    for (const [name, token] of Object.entries(await badTokens())) {
      const outcome = await handshake(token);
      if (outcome !== 'unauthorized') failures.push(`${name} → ${outcome}`);
    }
    expect(failures).toEqual([]);
  });

  it('ends the sessions on logout: their refresh tokens, and their access tokens at the handshake and at the gateway', async () => {
    const signIn = async () => {
      const login = await call(stack.gateway, 'POST', '/v1/auth/login', {
        body: { email: tenant.email, password: tenant.password },
      });
      expect(login.statusCode).toBe(200);
      return login.json().data as { access_token: string; refresh_token: string };
    };
    const used = await signIn();
    const unseen = await signIn(); // never presented to the gateway before the logout
    const logout = await call(stack.gateway, 'POST', '/v1/auth/logout', { token: used.access_token });
    expect(logout.statusCode).toBe(204);
    for (const { refresh_token } of [used, unseen]) {
      const refreshed = await call(stack.gateway, 'POST', '/v1/auth/refresh', { body: { refresh_token } });
      expect(refreshed.statusCode).toBe(401);
    }
    const refused = await call(stack.gateway, 'GET', '/v1/users/me', { token: unseen.access_token });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ success: false, error: 'unauthorized' });
    // A token the gateway checked within CONTEXT_CACHE_SECONDS may pass there until its entry
    // lapses (SECURITY.md); the Realtime handshake asks the Account API every time.
    for (const { access_token } of [used, unseen]) expect(await handshake(access_token)).toBe('unauthorized');
  });
});

/** What the Realtime handshake through the gateway answers to a token: 'connected' or the refusal. */
function handshake(token: string): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = io(`${stack.gatewayUrl}/agents`, {
      path: '/ws',
      auth: { token },
      reconnection: false,
      transports: ['websocket'],
      timeout: 10_000,
    });
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}
