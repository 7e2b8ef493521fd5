import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@turumba/platform/logger';
import { type FreshDatabaseUrl, testDatabaseUrlFor } from '@turumba/platform/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../scripts/stack';

const password = 'correct-horse-battery';
let stack: Stack;
let dataDir: string;
let databases: FreshDatabaseUrl[] = [];

function env(): Record<string, string | undefined> {
  return {
    DATA_DIR: dataDir,
    DEMO_PASSWORD: password,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    ACCOUNT_API_PORT: '0',
    MESSAGING_API_PORT: '0',
    REALTIME_PORT: '0',
    ACCOUNT_DATABASE_URL: databases[0]?.url,
    MESSAGING_DATABASE_URL: databases[1]?.url,
    REDIS_URL: process.env.REDIS_URL,
    // The skeleton emits no events; its bus is the in-process one so parallel files cannot cross-talk.
  };
}

async function login(email = 'admin@demo.local') {
  const res = await fetch(`${stack.gatewayUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { access_token: string } }).data.access_token;
}

function connect(auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(`${stack.gatewayUrl}/agents`, { path: '/ws', auth, reconnection: false, timeout: 5000 });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'turumba-e2e-'));
  if (process.env.TEST_DATABASE_URL) {
    databases = [await testDatabaseUrlFor('account'), await testDatabaseUrlFor('messaging')];
  }
  stack = await startStack(env(), createSilentLogger());
});

afterAll(async () => {
  await stack?.close();
  for (const db of databases) await db.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('walking skeleton through the gateway', () => {
  it('logs a demo user in and lists their conversations in the list envelope', async () => {
    const token = await login();
    const res = await fetch(`${stack.gatewayUrl}/v1/conversations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, data: [], meta: { total: 0, skip: 0, limit: 100 } });
  });

  it('answers 401 without a token and with a bad password', async () => {
    const res = await fetch(`${stack.gatewayUrl}/v1/conversations`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ success: false, error: 'unauthorized' });
    const bad = await fetch(`${stack.gatewayUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.local', password: 'wrong-password' }),
    });
    expect(bad.status).toBe(401);
  });

  it('ignores identity headers forged by a client', async () => {
    const token = await login('agent1@demo.local');
    const forgedAccount = '00000000-0000-4000-8000-000000000001';
    const res = await fetch(`${stack.gatewayUrl}/v1/conversations`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-account-ids': forgedAccount,
        'x-user-id': forgedAccount,
        'x-role-ids': forgedAccount,
      },
    });
    expect(res.status).toBe(200);
    // Selecting the forged account explicitly is refused as not found: it is not the user's.
    const select = await fetch(`${stack.gatewayUrl}/v1/conversations`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-account-ids': forgedAccount,
        'x-account-id': forgedAccount,
      },
    });
    expect(select.status).toBe(404);
  });

  it('does not expose internal routes or path tricks', async () => {
    const token = await login();
    for (const path of ['/internal/contacts/upsert', '/v1/webhooks/../../internal/x', '/context/basic']) {
      const res = await fetch(`${stack.gatewayUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status, path).toBe(404);
    }
  });

  it('accepts a socket with the token on /ws and refuses one without or with a bad token', async () => {
    const token = await login();
    const socket = await connect({ token });
    expect(socket.connected).toBe(true);
    socket.close();
    await expect(connect({})).rejects.toThrow(/unauthorized/);
    await expect(connect({ token: `${token}x` })).rejects.toThrow(/unauthorized/);
  });

  it('reuses the data on a second start', async () => {
    await stack.close();
    stack = await startStack(env(), createSilentLogger());
    expect(stack.demoPassword).toBeUndefined();
    expect(await login()).toBeTruthy();
  });
});
