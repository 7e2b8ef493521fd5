/**
 * Browser-test support: the whole product in-process on embedded defaults (like `npm start`, but on
 * ports 0 and a temp DATA_DIR), the web app built with Vite into a temp dir, and Debian's Chromium
 * driven by playwright-core. Tests skip themselves when /usr/bin/chromium is absent.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSilentLogger } from '@turumba/platform/logger';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';
import { build } from 'vite';
import { type Stack, startStack } from '../../scripts/stack';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const PASSWORD = 'correct-horse-battery';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Builds apps/web into a fresh directory (the gateway serves it through WEB_DIST_DIR). */
export async function buildWebApp(outDir: string): Promise<void> {
  await build({
    root: join(root, 'apps/web'),
    configFile: join(root, 'apps/web/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

export interface Harness {
  stack: Stack;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

/** Starts the product with a freshly built web app, and Chromium. */
export async function startHarness(): Promise<Harness> {
  const work = mkdtempSync(join(tmpdir(), 'turumba-browser-'));
  const dist = join(work, 'dist');
  const data = join(work, 'data');
  mkdirSync(data);
  await buildWebApp(dist);
  const stack = await startStack(
    {
      DATA_DIR: data,
      DEMO_PASSWORD: PASSWORD,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      ACCOUNT_API_PORT: '0',
      MESSAGING_API_PORT: '0',
      REALTIME_PORT: '0',
      WEB_DIST_DIR: dist,
    },
    createSilentLogger(),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Playwright gives every launch a fresh temporary user-data-dir and removes it on close;
    // each test context on top of it has its own storage (agent and customer never share it).
  });
  return {
    stack,
    browser,
    url: stack.gatewayUrl,
    async close() {
      await browser.close().catch(() => undefined);
      await stack.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Console errors and failed requests of a page, to assert a clean console. */
export interface PageProblems {
  errors: string[];
}

/**
 * Routes the web app already calls while another part of the backend is still adding them (the
 * widget asks for the visitor's history and copes without it). Their "route not found" answer is
 * expected until they land; any other error of theirs still counts.
 */
const pendingRoutes = [/^GET \/v1\/public\/webchat\/[^/]+\/messages$/];

async function isPendingRoute(res: Response): Promise<boolean> {
  const request = `${res.request().method()} ${new URL(res.url()).pathname}`;
  if (res.status() !== 404 || !pendingRoutes.some((r) => r.test(request))) return false;
  const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
  return body?.message === `Route ${request} not found`;
}

/** A page in a fresh context (its own storage), recording console errors and uncaught exceptions. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, baseURL: url });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium's line for an HTTP error: the response listener records it, with its URL.
    if (message.text().startsWith('Failed to load resource: the server responded with a status of')) return;
    problems.errors.push(message.text());
  });
  page.on('pageerror', (err) => problems.errors.push(`uncaught: ${err.message}`));
  page.on('response', async (res) => {
    if (res.status() < 400 || (await isPendingRoute(res))) return;
    problems.errors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return { context, page, problems };
}

export async function loginInBrowser(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', exact: true }).waitFor();
}

/** A small REST client for setting up data the way an integration would. */
export async function apiAs(baseUrl: string, email: string) {
  const res = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  const token = ((await res.json()) as { data: { access_token: string } }).data.access_token;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
  }
  return {
    token,
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
    status: async (path: string) =>
      (await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).status,
  };
}

export type Api = Awaited<ReturnType<typeof apiAs>>;

/** A webchat visitor writing over the public API (what the widget's HTTP fallback does). */
export async function visitorSays(
  baseUrl: string,
  channelId: string,
  text: string,
  visitor: { name?: string; email?: string } = {},
  session?: { token: string; visitor_id: string },
): Promise<{ token: string; visitor_id: string }> {
  const s =
    session ??
    (
      (await (
        await fetch(`${baseUrl}/v1/public/webchat/${channelId}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as { data: { token: string; visitor_id: string } }
    ).data;
  const res = await fetch(`${baseUrl}/v1/public/webchat/${channelId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webchat-token': s.token },
    body: JSON.stringify({
      visitor_id: s.visitor_id,
      message_id: `m-${Math.random().toString(36).slice(2)}`,
      text,
      visitor,
    }),
  });
  if (!res.ok) throw new Error(`visitor post: ${res.status} ${await res.text()}`);
  return s;
}

/** A WhatsApp Cloud API webhook, signed with the channel's app secret like Meta signs it. */
export async function whatsappSays(
  baseUrl: string,
  channelId: string,
  appSecret: string,
  from: { wa_id: string; name: string },
  text: string,
  sentAt = new Date(),
): Promise<void> {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: from.name }, wa_id: from.wa_id }],
              messages: [
                {
                  from: from.wa_id,
                  id: `wamid.${Math.random().toString(36).slice(2)}`,
                  timestamp: String(Math.floor(sentAt.getTime() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const signature = createHmac('sha256', appSecret).update(body).digest('hex');
  const res = await fetch(`${baseUrl}/v1/webhooks/whatsapp/${channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
    body,
  });
  if (!res.ok) throw new Error(`whatsapp webhook: ${res.status} ${await res.text()}`);
}

/** Polls `check` until it returns a value (or the time runs out). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out${last ? `: ${String(last)}` : ''}`);
}

/**
 * Whether a widget visitor can hold a live `/customers` socket on this backend (the Realtime
 * service verifies visitor tokens through the Messaging API). Steps that need the customer to
 * receive pushes depend on it.
 */
export async function canVisitorConnect(baseUrl: string, channelId: string): Promise<boolean> {
  const { io } = await import('socket.io-client');
  const res = await fetch(`${baseUrl}/v1/public/webchat/${channelId}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { token } = ((await res.json()) as { data: { token: string } }).data;
  const socket = io(`${baseUrl}/customers`, {
    path: '/ws',
    auth: { token },
    reconnection: false,
    timeout: 5000,
  });
  const ok = await new Promise<boolean>((resolve) => {
    socket.on('connect', () => resolve(true));
    socket.on('connect_error', () => resolve(false));
  });
  socket.close();
  return ok;
}

/**
 * Whether the Messaging API lists a visitor's history (`GET /v1/public/webchat/{id}/messages`):
 * the widget shows it after a reload in a browser that kept nothing but the session.
 */
export async function canReadHistory(baseUrl: string, channelId: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/v1/public/webchat/${channelId}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { token } = ((await res.json()) as { data: { token: string } }).data;
  const history = await fetch(`${baseUrl}/v1/public/webchat/${channelId}/messages?limit=1`, {
    headers: { 'x-webchat-token': token },
  });
  return history.status !== 404;
}
