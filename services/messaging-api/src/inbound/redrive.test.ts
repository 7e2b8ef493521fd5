import { randomUUID } from 'node:crypto';
import { outboxEvents } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { messages } from '../messages/tables';
import { inboundEvents } from '../webhooks/tables';
import { redriveStaleInboundEvents } from './redrive';

const BOT = '6660002:redrive-bot';
const STALE_MS = 60_000;

let h: PipelineHarness;
let channel: { id: string };
let updateId = 880_000;

/**
 * A verified webhook stored with no event for the worker: what is left when its bus message was
 * dead-lettered while the database was down, or lost by a broker.
 */
async function orphanedWebhook(
  text: string,
  storedAgoMs: number,
  status: 'received' | 'processed' = 'received',
) {
  const update = fixtureJson('telegram_text_update.json');
  update.update_id = ++updateId;
  update.message.text = text;
  update.message.from.id = updateId;
  update.message.chat.id = updateId;
  const at = new Date(Date.now() - storedAgoMs);
  const [row] = await h.db
    .insert(inboundEvents)
    .values({
      id: randomUUID(),
      accountId: h.accountId,
      channelId: channel.id,
      channelType: 'telegram',
      providerEventId: String(updateId),
      contentType: 'application/json',
      rawBody: JSON.stringify(update),
      status,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  if (!row) throw new Error('webhook row not stored');
  return row;
}

const messagesWith = (text: string) =>
  h.db
    .select()
    .from(messages)
    .where(and(eq(messages.accountId, h.accountId), eq(messages.content, text)));

const eventsFor = (inboundEventId: string) =>
  h.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, inboundEventId));

beforeAll(async () => {
  h = await startPipelineHarness({ workerOptions: { routing: false, inboundRedriveAfterMs: STALE_MS } });
  h.provider.on('POST', `/bot${BOT}/setWebhook`, () => ({ body: { ok: true, result: true } }));
  channel = await h.createChannel('telegram', { bot_token: BOT });
});
afterAll(() => h.cleanup());

describe('inbound re-drive', () => {
  it('turns a webhook that lost its bus message into its message, once', async () => {
    const row = await orphanedWebhook('re-driven after an outage', 2 * STALE_MS);
    const first = await redriveStaleInboundEvents(h.db, { now: new Date(), staleMs: STALE_MS, batch: 100 });
    expect(first).toContain(row.id);
    // Stamped: the next round leaves it alone while the worker gets to it.
    const again = await redriveStaleInboundEvents(h.db, { now: new Date(), staleMs: STALE_MS, batch: 100 });
    expect(again).not.toContain(row.id);

    await waitFor(async () => {
      const [stored] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.id, row.id));
      return stored?.status === 'processed' ? stored : undefined;
    }, 'the re-driven webhook to be processed');
    expect(await messagesWith('re-driven after an outage')).toHaveLength(1);
    expect(await eventsFor(row.id)).toHaveLength(1);
  });

  it('leaves recent and finished webhooks alone', async () => {
    const recent = await orphanedWebhook('still in flight', 1_000);
    const done = await orphanedWebhook('already handled', 2 * STALE_MS, 'processed');
    const ids = await redriveStaleInboundEvents(h.db, { now: new Date(), staleMs: STALE_MS, batch: 100 });
    expect(ids).not.toContain(recent.id);
    expect(ids).not.toContain(done.id);
    expect(await eventsFor(recent.id)).toHaveLength(0);
    expect(await eventsFor(done.id)).toHaveLength(0);
  });

  it('re-drives each webhook once when instances sweep at the same time', async () => {
    const rows = await Promise.all(
      Array.from({ length: 6 }, (_, i) => orphanedWebhook(`concurrent sweep ${i}`, 2 * STALE_MS)),
    );
    const rounds = await Promise.all(
      Array.from({ length: 3 }, () =>
        redriveStaleInboundEvents(h.db, { now: new Date(), staleMs: STALE_MS, batch: 100 }),
      ),
    );
    const taken = rounds.flat().filter((id) => rows.some((r) => r.id === id));
    expect(taken.sort()).toEqual(rows.map((r) => r.id).sort());
    for (const row of rows) expect(await eventsFor(row.id)).toHaveLength(1);
  });

  it('does not store a message twice when a slow webhook is re-driven while its first event is on its way', async () => {
    const row = await orphanedWebhook('slow, not lost', 2 * STALE_MS);
    // Its original event, as the receiver would have queued it, and then the re-drive's.
    await redriveStaleInboundEvents(h.db, { now: new Date(), staleMs: STALE_MS, batch: 100 });
    await h.db
      .update(inboundEvents)
      .set({ updatedAt: new Date(0) })
      .where(eq(inboundEvents.id, row.id));
    await redriveStaleInboundEvents(h.db, { now: new Date(), staleMs: STALE_MS, batch: 100 });
    await waitFor(async () => {
      const [stored] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.id, row.id));
      return stored?.status === 'processed' ? stored : undefined;
    }, 'the webhook to be processed');
    expect(await eventsFor(row.id)).toHaveLength(2);
    // Both events have been consumed by the time the second is published and handled.
    await waitFor(async () => {
      const pending = (await eventsFor(row.id)).filter((e) => e.publishedAt === null);
      return pending.length === 0 ? true : undefined;
    }, 'both events to be published');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await messagesWith('slow, not lost')).toHaveLength(1);
  });
});
