import type { Channel } from 'amqplib';
import type { BusNames } from './types';

/**
 * The exchange every event goes to, and the dead-letter path. The DLX is a fanout, so a
 * dead letter keeps its original routing key and still reaches `messaging.dlq`.
 * Declarations are idempotent; they run again on every (re)opened channel.
 */
export async function assertBusTopology(channel: Channel, names: BusNames): Promise<void> {
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(names.deadLetterQueue, { durable: true });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, '');
}

/**
 * A consumer's durable queue. `x-dead-letter-exchange` catches what the bus does not dead-letter
 * itself (a reject without requeue by another client, an expired message).
 */
export async function assertSubscriptionQueue(
  channel: Channel,
  names: BusNames,
  queue: string,
  patterns: string[],
): Promise<void> {
  await assertBusTopology(channel, names);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': names.deadLetterExchange },
  });
  for (const pattern of patterns) await channel.bindQueue(queue, names.exchange, pattern);
}
