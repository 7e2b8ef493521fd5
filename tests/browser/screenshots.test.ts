import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type Api,
  apiAs,
  eventually,
  type Harness,
  hasChromium,
  loginInBrowser,
  openPage,
  startHarness,
  visitorSays,
  whatsappSays,
} from './support';

/*
 * `UPDATE_SCREENSHOTS=1 npx vitest run tests/browser/screenshots.test.ts` refreshes
 * docs/screenshots/*.png from the real product, after seeding it the way customers and admins
 * would (public widget API, signed WhatsApp webhooks, REST). Not part of the normal run.
 */
const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const enabled = hasChromium && process.env.UPDATE_SCREENSHOTS === '1';

interface Conversation {
  id: string;
  contact_name: string | null;
}

async function seed(h: Harness, admin: Api) {
  const me = await admin.get<{ id: string }>('/v1/users/me');
  const web = await admin.post<{ id: string }>('/v1/channels', {
    channel_type: 'webchat',
    name: 'Website chat',
  });
  const wa = await admin.post<{ id: string }>('/v1/channels', {
    channel_type: 'whatsapp',
    name: 'WhatsApp +1 555 078 3881',
    credentials: {
      access_token: 'screenshot-token',
      phone_number_id: '106540352242922',
      business_account_id: '102290129340398',
      app_secret: 'screenshot-app-secret',
      verify_token: 'screenshot-verify',
    },
  });
  await admin.post('/v1/channels', {
    channel_type: 'telegram',
    name: 'Telegram @shop_help_bot',
    credentials: { bot_token: '123456:ABCdefGhIJKlmNoPQRstuVWxyz' },
  });
  await admin.post('/v1/channels', {
    channel_type: 'email',
    name: 'support@shop.example',
    credentials: {
      smtp_host: 'smtp.shop.example',
      smtp_port: 587,
      from_address: 'support@shop.example',
      from_name: 'Shop Support',
    },
  });
  const billing = await admin.post<{ id: string }>('/v1/teams', {
    name: 'Billing',
    description: 'Invoices, refunds and payments',
  });
  await admin.post('/v1/teams', { name: 'Technical support', description: 'App and account problems' });
  const users = await admin.get<{ id: string; email: string }[]>('/v1/users');
  for (const u of users)
    await admin.post(`/v1/teams/${billing.id}/members`, { user_id: u.id }).catch(() => undefined);
  for (const canned of [
    {
      short_code: 'greeting',
      title: 'Friendly greeting',
      content: 'Hi {{contact_name | default: "there"}}, thanks for reaching out! How can I help?',
      category: 'greetings',
    },
    {
      short_code: 'refund',
      title: 'Refund on its way',
      content: 'Your refund of {{amount}} is on its way and should arrive within 5 business days.',
      category: 'billing',
    },
    {
      short_code: 'tracking',
      title: 'Tracking number',
      content: 'Your parcel is on its way. Tracking number: {{tracking_number}}.',
      category: 'orders',
    },
    {
      short_code: 'closing',
      title: 'Closing',
      content: 'Is there anything else I can help you with today?',
      category: 'closings',
    },
  ]) {
    await admin.post('/v1/canned-responses', canned);
  }
  await admin.post('/v1/templates', {
    name: 'Follow-up',
    channel_type: 'whatsapp',
    content:
      'Hello! We are following up on your recent request. Reply to this message to continue the conversation.',
    provider_template_name: 'follow_up',
  });
  if ((await admin.status('/v1/bot-rules')) !== 404) {
    await admin.post('/v1/bot-rules', {
      name: 'Refund keywords',
      priority: 10,
      trigger_type: 'keyword',
      conditions: { keywords: ['refund', 'money back'], match_mode: 'any' },
      actions: {
        reply_text: 'Our billing team will help you shortly.',
        assign_team_id: billing.id,
        assign_strategy: 'round_robin',
        set_labels: ['billing'],
      },
    });
    await admin.post('/v1/bot-rules', {
      name: 'After hours',
      priority: 20,
      trigger_type: 'time_based',
      conditions: { time_range: { start: '18:00', end: '08:00', tz: 'Africa/Addis_Ababa' } },
      actions: { reply_text: 'We are offline right now and will answer first thing in the morning.' },
    });
  }

  const hanna = await visitorSays(h.url, web.id, 'Hi! I was charged twice for my subscription this month.', {
    name: 'Hanna Tesfaye',
    email: 'hanna@example.com',
  });
  await visitorSays(h.url, web.id, 'Do you ship to Addis Ababa?', { name: 'Marco Rossi' });
  await whatsappSays(
    h.url,
    wa.id,
    'screenshot-app-secret',
    { wa_id: '16505551234', name: 'Sheena Nelson' },
    'Does it come in another color?',
  );
  await whatsappSays(
    h.url,
    wa.id,
    'screenshot-app-secret',
    { wa_id: '251911234567', name: 'Dawit Bekele' },
    'Thanks, that solved it.',
    new Date(Date.now() - 30 * 3600_000),
  );
  await visitorSays(
    h.url,
    web.id,
    'The app crashes when I open my orders. Urgent please, I have a delivery today!',
    { name: 'Aisha Mohammed' },
  );

  const find = (name: string) =>
    eventually(async () =>
      (await admin.get<Conversation[]>('/v1/conversations?limit=50')).find((c) => c.contact_name === name),
    );
  const h1 = await find('Hanna Tesfaye');
  await admin.post(`/v1/conversations/${h1.id}/assign`, { assignee_id: me.id, team_id: billing.id });
  await admin.patch(`/v1/conversations/${h1.id}`, {
    labels: ['billing', 'subscription'],
    priority: 'high',
    subject: 'Double charge in November',
  });
  await admin.post(`/v1/conversations/${h1.id}/messages`, {
    content: 'Hi Hanna, sorry about that! Let me check your invoices right away.',
  });
  await admin.post(`/v1/conversations/${h1.id}/messages`, {
    content: 'Two charges on 3 Nov, same card. Refund one via Stripe and tag billing.',
    is_private: true,
  });
  await visitorSays(
    h.url,
    web.id,
    'Thank you! The second charge was on the 3rd.',
    { name: 'Hanna Tesfaye' },
    hanna,
  );
  const aisha = await find('Aisha Mohammed');
  await admin.patch(`/v1/conversations/${aisha.id}`, { priority: 'urgent', labels: ['vip'] });
  const dawit = await find('Dawit Bekele');
  await admin.post(`/v1/conversations/${dawit.id}/assign`, { assignee_id: me.id });
  return { web, hanna: h1, dawit };
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}${name}.png` });
}

describe.skipIf(!enabled)('screenshots for the README', () => {
  let h: Harness;
  let admin: Api;

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    h = await startHarness();
    admin = await apiAs(h.url, 'admin@demo.local');
    // Builds the web app and starts the product: slow on a busy machine.
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it('captures the inbox, thread, admin screens and widget', async () => {
    const seeded = await seed(h, admin);
    const { page, context } = await openPage(h.browser, h.url);

    await page.goto('/');
    await shot(page, 'login');
    await loginInBrowser(page, 'admin@demo.local');
    await page.goto(`/inbox/${seeded.hanna.id}?tab=all`);
    await page.locator('.msg--note').waitFor();
    await shot(page, 'inbox');

    const composer = page.getByLabel('Reply', { exact: true });
    await composer.fill('/');
    await page.getByRole('listbox', { name: 'Canned responses' }).getByRole('option').first().waitFor();
    await shot(page, 'canned-picker');
    await composer.fill('/refund');
    await page.getByRole('option', { name: /refund/ }).waitFor();
    await composer.press('Enter');
    await page.getByLabel('Amount').fill('€12.99');
    await shot(page, 'canned-variables');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`/inbox/${seeded.dawit.id}?tab=all`);
    await page.getByText('The WhatsApp 24-hour window is closed').waitFor();
    await page.getByLabel('Message template').selectOption({ label: 'Follow-up (en)' });
    await shot(page, 'whatsapp-window');

    for (const section of ['channels', 'bot-rules', 'canned-responses', 'teams', 'users', 'agents']) {
      await page.goto(`/admin/${section}`);
      await page.locator('.page__header h1').waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `admin-${section}`);
    }
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
    await shot(page, 'admin-bot-rule-editor');
    await page.keyboard.press('Escape');
    await page.goto('/admin/channels');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('dialog').getByText('WhatsApp', { exact: true }).click();
    await shot(page, 'admin-channel-editor');
    await page.keyboard.press('Escape');
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Weekly schedule' }).click();
    await shot(page, 'settings');

    await page.setViewportSize({ width: 400, height: 820 });
    await page.goto('/inbox?tab=all');
    await page.locator('.conv-row').first().waitFor();
    await shot(page, 'narrow-list');
    await page.goto(`/inbox/${seeded.hanna.id}?tab=all`);
    await page.locator('.msg--note').waitFor();
    await shot(page, 'narrow-thread');
    await context.close();

    // The widget, embedded in a shop page of its own origin.
    const shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"><style>body{font:16px system-ui;margin:0;background:#fafafa}header{padding:24px 48px;background:#fff;border-bottom:1px solid #eee}main{padding:48px}</style></head>` +
          `<body><header><strong>Shop.example</strong></header><main><h1>Spring collection</h1><p>Free delivery in Addis Ababa.</p></main>` +
          `<script src="${h.url}/widget.js" data-channel-id="${seeded.web.id}" async></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const site = await openPage(h.browser, h.url);
    await site.page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
    await site.page.getByRole('button', { name: 'Open chat' }).click();
    const chat = site.page.frameLocator('iframe[title="Chat with us"]');
    await chat.getByLabel('Your message').fill('Hello! Is the blue jacket back in stock?');
    await chat.getByLabel('Your message').press('Enter');
    await chat.locator('.w-msg--mine').waitFor();
    await shot(site.page, 'widget');
    await site.context.close();
    shop.close();
  }, 180_000);
});
