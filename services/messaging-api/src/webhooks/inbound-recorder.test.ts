import { randomUUID } from 'node:crypto';
import { outboxEvents } from '@turumba/platform/outbox';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMessagingApi } from '../test-support';
import type { NewInboundEvent } from './inbound-events';
import { createInboundRecorder } from './inbound-recorder';
import { inboundEvents } from './tables';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
const accountId = randomUUID();

function event(
  channelId: string,
  providerEventId: string,
  fields: Partial<NewInboundEvent> = {},
): NewInboundEvent {
  return {
    id: randomUUID(),
    accountId,
    channelId,
    channelType: 'whatsapp',
    providerEventId,
    contentType: 'application/json',
    headers: { 'content-type': 'application/json' },
    rawBody: `{"n":"${providerEventId}"}`,
    bodyEncoding: 'utf8',
    ...fields,
  };
}

beforeAll(async () => {
  api = await createTestMessagingApi();
});
afterAll(() => api?.cleanup());

describe('inbound recorder (group commit of webhooks)', () => {
  it('stores each event once and queues one webhook.inbound event per new row, even when a retry shares its batch', async () => {
    const db = api.deps.modules.db;
    const recorder = createInboundRecorder(db, () => new Date(), { maxConcurrent: 1, maxBatch: 50 });
    const channelId = randomUUID();
    const batch = Array.from({ length: 40 }, (_, i) => event(channelId, `sha256:${i % 20}`));
    const answers = await Promise.all(batch.map((e) => recorder.record(e)));
    expect(answers.filter(Boolean)).toHaveLength(20);
    const rows = await db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channelId));
    expect(rows).toHaveLength(20);
    const queued = await db
      .select()
      .from(outboxEvents)
      .where(like(outboxEvents.routingKey, 'webhook.inbound.%'));
    const mine = queued.filter((q) => rows.some((r) => r.id === q.aggregateId));
    expect(mine).toHaveLength(20);
    expect(mine[0]!.payload).toMatchObject({
      event_type: 'webhook.inbound.whatsapp',
      account_id: accountId,
      data: { channel_id: channelId, channel_type: 'whatsapp' },
    });
    // A later retry of a stored event is not new.
    expect(await recorder.record(event(channelId, 'sha256:3'))).toBe(false);
  });

  it('fails only the bad webhook of a batch, not its neighbours', async () => {
    const db = api.deps.modules.db;
    const recorder = createInboundRecorder(db, () => new Date(), { maxConcurrent: 1, maxBatch: 50 });
    const channelId = randomUUID();
    // The first call takes the only slot; the next ones wait and go together as one batch.
    const first = recorder.record(event(channelId, 'first'));
    const good = [recorder.record(event(channelId, 'a')), recorder.record(event(channelId, 'b'))];
    const bad = recorder.record(event(channelId, 'bad', { accountId: 'not-a-uuid' }));
    await expect(bad).rejects.toThrow();
    expect(await Promise.all([first, ...good])).toEqual([true, true, true]);
    const rows = await db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channelId));
    expect(rows.map((r) => r.providerEventId).sort()).toEqual(['a', 'b', 'first']);
  });
});
