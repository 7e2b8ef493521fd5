import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Api,
  apiAs,
  canVisitorConnect,
  eventually,
  type Harness,
  hasChromium,
  loginInBrowser,
  openPage,
  startHarness,
} from './support';

interface Conversation {
  id: string;
  labels: string[];
  last_message_preview: string | null;
}

/*
 * Admin screens through the browser: connect a web chat channel, embed it with /widget.js, build a
 * team, and write a bot rule that fires on a customer's message. The bot-rule test runs once the
 * Messaging API serves /v1/bot-rules (routing lands later); until then it is skipped.
 */
describe.skipIf(!hasChromium)('admin screens', () => {
  let h: Harness;
  let admin: Api;
  let hasBotRules = false;

  beforeAll(async () => {
    h = await startHarness();
    admin = await apiAs(h.url, 'admin@demo.local');
    hasBotRules = (await admin.status('/v1/bot-rules')) !== 404;
    if (!hasBotRules) console.warn('[browser] /v1/bot-rules answers 404: the bot-rule test waits on routing');
    // Builds the web app and starts the product: slow on a busy machine.
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  async function createWebchatChannel(name: string) {
    const { context, page, problems } = await openPage(h.browser, h.url);
    await loginInBrowser(page, 'admin@demo.local');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Channels' }).waitFor();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect a channel' });
    await dialog.getByText('Web chat', { exact: true }).click();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await page.getByText(`${name} is ready`).waitFor();
    await page.locator('tr', { hasText: name }).waitFor();
    const channels = await admin.get<{ id: string; name: string }[]>('/v1/channels');
    const channel = channels.find((c) => c.name === name)!;
    return { context, page, problems, channelId: channel.id };
  }

  it('connects a web chat channel and a visitor writes through the embedded /widget.js', async () => {
    const { context, page, problems, channelId } = await createWebchatChannel('Help widget');
    expect(await page.locator('tr', { hasText: 'Help widget' }).getByText('Connected').count()).toBe(1);

    // A customer's site embeds the loader; the launcher opens the chat in an iframe.
    // The shop is another origin: a tiny local server of its own.
    const shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body><h1>Shop</h1>` +
          `<script src="${h.url}/widget.js" data-channel-id="${channelId}" async></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const site = await openPage(h.browser, h.url);
    await site.page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
    await site.page.getByRole('button', { name: 'Open chat' }).click();
    const chat = site.page.frameLocator('iframe[title="Chat with us"]');
    await chat.getByLabel('Your message').fill('Hi from the shop page');
    await chat.getByLabel('Your message').press('Enter');
    await chat.locator('.w-msg--mine', { hasText: 'Hi from the shop page' }).waitFor();

    // It reaches the inbox.
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('tab', { name: /All/ }).click();
    await page.locator('.conv-row', { hasText: 'Hi from the shop page' }).waitFor({ timeout: 15_000 });

    expect(problems.errors).toEqual([]);
    expect(site.problems.errors).toEqual([]);
    await site.context.close();
    await context.close();
    shop.close();
  }, 90_000);

  it('creates a team, adds an agent, and every admin screen loads cleanly', async () => {
    const { context, page, problems } = await openPage(h.browser, h.url);
    await loginInBrowser(page, 'admin@demo.local');
    await page.goto('/admin/teams');
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Billing');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Billing', level: 2 }).waitFor();
    await page.getByLabel('Agent to add').selectOption({ label: 'Agent One (agent1@demo.local)' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('.member-list', { hasText: 'Agent One' }).waitFor();

    for (const [path, heading] of [
      ['/admin/canned-responses', 'Canned responses'],
      ['/admin/users', 'Users & roles'],
      ['/admin/agents', 'Agent preferences'],
      ['/settings', 'My preferences'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    }
    await page.getByText('Demo Admin', { exact: false }).first().waitFor();
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('signs out from the user menu, and the session ends on the server too', async () => {
    const { context, page, problems } = await openPage(h.browser, h.url);
    await loginInBrowser(page, 'agent2@demo.local');
    const stored = await page.evaluate(() =>
      (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
      ).sessionStorage.getItem('turumba.session'),
    );
    const refreshToken = (JSON.parse(stored ?? '{}') as { refresh_token?: string }).refresh_token;
    expect(refreshToken).toEqual(expect.any(String));
    const loggedOut = page.waitForResponse((res) => res.url().endsWith('/v1/auth/logout'));
    await page.getByRole('button', { name: /Open the user menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await loggedOut).status()).toBe(204);
    // The session ended on the server: its refresh token no longer works.
    const refreshed = await fetch(`${h.url}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    expect(refreshed.status).toBe(401);
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('writes a keyword bot rule, dry-runs it, and it fires on a customer message', async (ctx) => {
    if (!hasBotRules) ctx.skip();
    const { context, page, problems, channelId } = await createWebchatChannel('Refund desk');
    await page.goto('/admin/bot-rules');
    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New bot rule' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Refund keywords');
    await dialog.getByRole('textbox', { name: /^Keywords/ }).fill('refund, money back');
    await dialog.getByRole('button', { name: 'Text' }).click();
    await dialog
      .getByRole('textbox', { name: /^Reply text/ })
      .fill('Our billing team will help you shortly.');
    await dialog.getByRole('textbox', { name: /^Add labels/ }).fill('billing');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await page.locator('.rule-card', { hasText: 'Refund keywords' }).waitFor();

    await page.getByLabel('Customer message').fill('I want a refund for order 42');
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByText('Matches “Refund keywords”').waitFor();

    // A customer writes: the bot answers and labels the conversation.
    const customer = await openPage(h.browser, h.url, { width: 420, height: 720 });
    await customer.page.goto(`/widget/${channelId}`);
    await customer.page.getByLabel('Your message').fill('Hello, I need a refund please');
    await customer.page.getByLabel('Your message').press('Enter');
    const conversation = await eventually(async () => {
      const list = await admin.get<Conversation[]>(`/v1/conversations?channel_id=${channelId}`);
      return list.find((c) => c.labels.includes('billing'));
    }, 20_000);
    const thread = await admin.get<{ sender_type: string; content: string }[]>(
      `/v1/conversations/${conversation.id}/messages`,
    );
    expect(thread.some((m) => m.sender_type === 'bot' && m.content.includes('billing team'))).toBe(true);
    if (await canVisitorConnect(h.url, channelId)) {
      await customer.page.locator('.w-msg--bot', { hasText: 'billing team' }).waitFor({ timeout: 15_000 });
    }

    expect(problems.errors).toEqual([]);
    expect(customer.problems.errors).toEqual([]);
    await customer.context.close();
    await context.close();
  }, 90_000);
});
