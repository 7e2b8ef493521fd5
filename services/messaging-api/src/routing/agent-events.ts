import { EventEnvelope } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Worker } from '../module-deps';
import type { QueueDrain } from '../queue/drain';
import type { EligibleCache } from './eligible-cache';

export const ROUTING_AGENTS_QUEUE = 'messaging.routing-agents';

/**
 * `agent.preference.updated` (preferences, availability, team membership) and
 * `agent.presence.changed`: the account's eligible-agent snapshots are out of date, and an agent
 * coming online or taking more conversations may take waiting ones now.
 */
export async function startAgentEventsWorker(
  deps: { bus: EventBus; eligible: EligibleCache; drain: QueueDrain },
  options: { queue?: string; maxAttempts?: number } = {},
): Promise<Worker> {
  const subscription = await deps.bus.subscribe(
    {
      queue: options.queue ?? ROUTING_AGENTS_QUEUE,
      patterns: ['agent.preference.updated', 'agent.presence.changed'],
      maxAttempts: options.maxAttempts,
    },
    async (delivery) => {
      const { account_id: accountId } = EventEnvelope.parse(delivery.payload);
      if (!accountId) return;
      await deps.eligible.invalidate(accountId);
      await deps.drain.drain(accountId);
    },
  );
  return { name: 'routing agent events', stop: () => subscription.close() };
}
