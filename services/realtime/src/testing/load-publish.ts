import type { EventBus } from '@turumba/platform/bus';
import { conversationFixture, envelopeFixture } from './fixtures';

export const wallClock = () => performance.timeOrigin + performance.now();

/**
 * Publishes `conversation.created` events (as the outbox relay would) at `perSecond` for
 * `seconds`, round-robin over the accounts, each stamped with its wall-clock send time in
 * `conversation.metadata.bench_t`. Resolves with how many were published.
 */
export async function publishAtRate(bus: EventBus, accounts: string[], perSecond: number, seconds: number) {
  const tickMs = 10;
  const perTick = perSecond / (1000 / tickMs);
  const end = Date.now() + seconds * 1000;
  const pending: Promise<void>[] = [];
  let owed = 0;
  let sent = 0;
  while (Date.now() < end) {
    owed += perTick;
    for (; owed >= 1; owed--, sent++) {
      const account = accounts[sent % accounts.length]!;
      const conversation = conversationFixture({ account_id: account, metadata: { bench_t: wallClock() } });
      const envelope = envelopeFixture('conversation.created', account, { conversation });
      pending.push(bus.publish('conversation.created', envelope, { messageId: envelope.event_id }));
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(pending);
  return sent;
}
