import { outboxEvents } from '@turumba/platform/outbox';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { messageById, seedConversation, seedOutboundMessage } from '../inbound/test-seed';
import { DISPATCH_REQUESTED, decideStuckSend, RECOVERIES_KEY, sweepStuckSends } from './stuck-sends';

const BOT = '4440002:sweeper-bot';
const tgPath = `/bot${BOT}/sendMessage`;
// The harness's PROVIDER_TIMEOUT_MS is 2000, so the dispatcher's lease is 8 s.
const LEASE_MS = 8_000;
const MAX = 4;

let h: PipelineHarness;
let telegram: { id: string };
let customer = 0;

const longAgo = () => new Date(Date.now() - 60 * 60 * 1000);

async function stuckMessage(fields: Record<string, unknown> = {}) {
  customer++;
  const conversation = await seedConversation(
    h,
    { id: telegram.id, type: 'telegram' },
    String(7000 + customer),
  );
  return seedOutboundMessage(h, conversation, { status: 'sending', updatedAt: longAgo(), ...fields });
}

async function dispatchRequests(messageId: string) {
  const rows = await h.db.select().from(outboxEvents).where(eq(outboxEvents.routingKey, DISPATCH_REQUESTED));
  return rows.filter((r) => r.aggregateId === messageId);
}

beforeAll(async () => {
  h = await startPipelineHarness({ workerOptions: { routing: false } });
  h.provider.on('POST', `/bot${BOT}/setWebhook`, () => ({ body: { ok: true, result: true } }));
  h.provider.on('POST', tgPath, ({ body }) => {
    const params = JSON.parse(body.toString('utf8'));
    return {
      body: { ok: true, result: { message_id: 900 + customer, chat: { id: params.chat_id }, date: 1 } },
    };
  });
  telegram = await h.createChannel('telegram', { bot_token: BOT });
});
afterAll(() => h.cleanup());

describe('decideStuckSend', () => {
  it.each([
    [{}, { kind: 'requeue', recoveries: 1 }],
    [{ [RECOVERIES_KEY]: 3 }, { kind: 'requeue', recoveries: 4 }],
    [{ [RECOVERIES_KEY]: 'junk' }, { kind: 'requeue', recoveries: 1 }],
  ])('sends again while under the limit (%j)', (metadata, expected) => {
    expect(decideStuckSend(metadata, MAX)).toEqual(expected);
  });

  it('gives up with a reason once the limit is reached', () => {
    expect(decideStuckSend({ [RECOVERIES_KEY]: 4 }, MAX)).toMatchObject({
      kind: 'fail',
      error: { code: 'dispatch_interrupted', retryable: false },
    });
  });
});

describe('send sweeper', () => {
  it('sends a message whose dispatcher died mid-send again, once, after the lease', async () => {
    const before = h.provider.requests.filter((r) => r.url === tgPath).length;
    const message = await stuckMessage();
    // The sweeper that startWorkers started finds it on its own.
    const sent = await waitFor(async () => {
      const row = await messageById(h, message.id);
      return row.status === 'sent' ? row : undefined;
    }, 'the recovered message to be sent');
    expect(sent.metadata[RECOVERIES_KEY]).toBe(1);
    expect(sent.providerMessageId).not.toBeNull();
    expect(h.provider.requests.filter((r) => r.url === tgPath).length).toBe(before + 1);
    expect(await dispatchRequests(message.id)).toHaveLength(1);
  });

  it('leaves a message alone while its lease runs', async () => {
    const message = await stuckMessage({ updatedAt: new Date() });
    const result = await sweepStuckSends(h.db, {
      now: new Date(),
      leaseMs: LEASE_MS,
      maxRecoveries: MAX,
      batch: 100,
    });
    expect(result.requeued.map((m) => m.id)).not.toContain(message.id);
    expect((await messageById(h, message.id)).status).toBe('sending');
    expect(await dispatchRequests(message.id)).toHaveLength(0);
  });

  it('marks a message failed with its reason after too many interrupted sends, and says so', async () => {
    const message = await stuckMessage({ metadata: { [RECOVERIES_KEY]: MAX } });
    const failed = await waitFor(async () => {
      const row = await messageById(h, message.id);
      return row.status === 'failed' ? row : undefined;
    }, 'the message to fail');
    expect(failed.error).toMatchObject({ code: 'dispatch_interrupted', retryable: false });
    const events = await h.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.aggregateId, message.conversationId));
    expect(events.map((e) => [e.eventType, e.payload.data.status])).toContainEqual([
      'conversation.message.status',
      'failed',
    ]);
    expect(await dispatchRequests(message.id)).toHaveLength(0);
  });

  it('takes each stuck message exactly once when several sweepers run at the same time', async () => {
    const stuck = await Promise.all(Array.from({ length: 12 }, () => stuckMessage()));
    const options = { now: new Date(), leaseMs: LEASE_MS, maxRecoveries: MAX, batch: 5 };
    const rounds = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const ids: string[] = [];
        for (;;) {
          const { requeued } = await sweepStuckSends(h.db, options);
          ids.push(...requeued.map((m) => m.id));
          if (requeued.length === 0) return ids;
        }
      }),
    );
    const taken = rounds.flat().filter((id) => stuck.some((m) => m.id === id));
    expect(new Set(taken).size).toBe(taken.length);
    for (const message of stuck) {
      expect(await dispatchRequests(message.id)).toHaveLength(1);
      const row = await messageById(h, message.id);
      expect(row.metadata[RECOVERIES_KEY]).toBe(1);
    }
    await waitFor(async () => {
      const rows = await Promise.all(stuck.map((m) => messageById(h, m.id)));
      return rows.every((r) => r.status === 'sent');
    }, 'every recovered message to be sent');
  });
});
