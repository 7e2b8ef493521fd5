import { randomBytes } from 'node:crypto';
import { type ChannelModel, connect } from 'amqplib';
import { decodeDeadLetter } from '../bus/rabbitmq-message';
import type { BusNames, DeadLetter } from '../bus/types';

/** Exchange and queue names unique to one test, so tests can share a broker in parallel. */
export function uniqueBusNames(label = 'test'): BusNames {
  const exchange = `${label}.${randomBytes(4).toString('hex')}`;
  return {
    exchange,
    deadLetterExchange: `${exchange}.dlx`,
    deadLetterQueue: `${exchange}.dlq`,
  };
}

/** The same broker URL with host and port replaced, e.g. to go through a TCP proxy. */
export function urlThroughPort(url: string, port: number): string {
  const rewritten = new URL(url);
  rewritten.hostname = '127.0.0.1';
  rewritten.port = String(port);
  return rewritten.toString();
}

async function withChannel<T>(
  url: string,
  use: (channel: Awaited<ReturnType<ChannelModel['createChannel']>>) => Promise<T>,
): Promise<T> {
  const connection = await connect(url);
  try {
    return await use(await connection.createChannel());
  } finally {
    await connection.close();
  }
}

/** Takes every message currently in the dead-letter queue (they are removed from it). */
export function takeDeadLetters(url: string, deadLetterQueue: string): Promise<DeadLetter[]> {
  return withChannel(url, async (channel) => {
    const letters: DeadLetter[] = [];
    for (;;) {
      const message = await channel.get(deadLetterQueue, { noAck: true });
      if (!message) return letters;
      letters.push(decodeDeadLetter(message));
    }
  });
}

/** Deletes a test's queues, dead-letter queue and exchanges. */
export function deleteBusTopology(url: string, names: BusNames, queues: string[]): Promise<void> {
  return withChannel(url, async (channel) => {
    for (const queue of [...queues, names.deadLetterQueue]) await channel.deleteQueue(queue);
    await channel.deleteExchange(names.exchange);
    await channel.deleteExchange(names.deadLetterExchange);
  });
}
