import { randomBytes } from 'node:crypto';
import type { HttpApp } from '@turumba/platform/http';
import { createKv, type Kv } from '@turumba/platform/kv';
import { createSilentLogger } from '@turumba/platform/logger';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDeps } from '../deps';
import { limitedRoute } from './rate-limits';

const channelA = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const channelB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const okBody = { body: { success: true, data: {}, message: null } };

let upstream: FakeServer;
let kv: Kv;
const apps: HttpApp[] = [];

/** A gateway whose counters live in `kv` (Redis under a prefix unique to this file when REDIS_URL is set). */
async function gateway(limits: Record<string, string>) {
  const config = loadConfig({
    GATEWAY_SHARED_SECRET: 'rate-limit-test-secret-0123456789',
    ACCOUNT_API_URL: upstream.url,
    MESSAGING_API_URL: upstream.url,
    WEB_DIST_DIR: '/nonexistent',
    ...limits,
  });
  const app = await buildApp(createDeps(config, { logger: createSilentLogger(), kv }));
  apps.push(app);
  return app;
}

function post(app: HttpApp, url: string, ip = '198.51.100.7') {
  return app.inject({ method: 'POST', url, remoteAddress: ip, payload: { email: 'a@b.c', password: 'x' } });
}

beforeAll(async () => {
  upstream = await startFakeServer({
    'POST /v1/auth/login': () => okBody,
    'POST /v1/public/webchat/c1/sessions': () => okBody,
    [`POST /v1/webhooks/telegram/${channelA}`]: () => okBody,
    [`POST /v1/webhooks/telegram/${channelB}`]: () => okBody,
  });
  kv = createKv({ url: process.env.REDIS_URL, keyPrefix: `test:gateway:${randomBytes(6).toString('hex')}:` });
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await upstream?.close();
  await kv?.close();
});

describe('gateway rate limits', () => {
  it('classifies login, the widget API and webhooks (per channel), and nothing else', () => {
    expect(limitedRoute('/v1/auth/login', '1.2.3.4')).toEqual({ kind: 'auth', subject: '1.2.3.4' });
    expect(limitedRoute('/v1/public/webchat/x/messages', '1.2.3.4')).toEqual({
      kind: 'public',
      subject: '1.2.3.4',
    });
    expect(limitedRoute(`/v1/webhooks/sms/${channelA.toUpperCase()}`, '1.2.3.4')).toEqual({
      kind: 'webhook',
      subject: channelA,
    });
    expect(limitedRoute('/v1/conversations', '1.2.3.4')).toBeUndefined();
  });

  it('answers 429 in the error envelope with Retry-After once an IP is over the login limit', async () => {
    const app = await gateway({ GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++)
      expect((await post(app, '/v1/auth/login', '198.51.100.1')).statusCode).toBe(200);
    const before = upstream.requests.length;
    const limited = await post(app, '/v1/auth/login', '198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(61);
    expect(limited.json()).toMatchObject({
      success: false,
      error: 'rate_limited',
      message: 'Too many requests',
    });
    // Refused before the backend is called; another client address still gets through.
    expect(upstream.requests.length).toBe(before);
    expect((await post(app, '/v1/auth/login', '198.51.100.2')).statusCode).toBe(200);
  });

  it('limits the public widget API per IP', async () => {
    const app = await gateway({ GATEWAY_RATE_LIMIT_PUBLIC_PER_MINUTE: '2' });
    const url = '/v1/public/webchat/c1/sessions';
    expect((await post(app, url, '198.51.100.3')).statusCode).toBe(200);
    expect((await post(app, url, '198.51.100.3')).statusCode).toBe(200);
    expect((await post(app, url, '198.51.100.3')).statusCode).toBe(429);
  });

  it('limits webhooks per channel, whatever the sending IP', async () => {
    const app = await gateway({ GATEWAY_RATE_LIMIT_WEBHOOK_PER_MINUTE: '2' });
    const urlA = `/v1/webhooks/telegram/${channelA}`;
    expect((await post(app, urlA, '203.0.113.1')).statusCode).toBe(200);
    expect((await post(app, urlA, '203.0.113.2')).statusCode).toBe(200);
    expect((await post(app, urlA, '203.0.113.3')).statusCode).toBe(429);
    expect((await post(app, `/v1/webhooks/telegram/${channelB}`, '203.0.113.3')).statusCode).toBe(200);
  });

  it('shares the windows between gateway instances using the same store', async () => {
    const limits = { GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE: '2' };
    const [one, two] = [await gateway(limits), await gateway(limits)];
    expect((await post(one, '/v1/auth/login', '198.51.100.9')).statusCode).toBe(200);
    expect((await post(two, '/v1/auth/login', '198.51.100.9')).statusCode).toBe(200);
    expect((await post(one, '/v1/auth/login', '198.51.100.9')).statusCode).toBe(429);
    expect((await post(two, '/v1/auth/login', '198.51.100.9')).statusCode).toBe(429);
  });

  it('does not limit when a limit is 0', async () => {
    const app = await gateway({ GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE: '0' });
    for (let i = 0; i < 5; i++)
      expect((await post(app, '/v1/auth/login', '198.51.100.10')).statusCode).toBe(200);
  });
});
