import { Socket } from 'node:net';
import { type ConfirmChannel, connect } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteBusTopology, takeDeadLetters, uniqueBusNames } from '../testing/rabbitmq';
import { eventually, runBusContract } from './contract';
import { createBus } from './index';
import { createRabbitMqBus, type RabbitMqBus } from './rabbitmq-bus';
import type { BusNames, DeadLetter } from './types';

const url = process.env.RABBITMQ_URL;
const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };

runBusContract(
  'RabbitMQ',
  async (names) => {
    const bus = await createRabbitMqBus({ url: url!, names, retry: fastRetry });
    const taken: DeadLetter[] = [];
    return {
      bus,
      async deadLetters() {
        taken.push(...(await takeDeadLetters(url!, names.deadLetterQueue)));
        return taken;
      },
      async dispose(queues) {
        await bus.close();
        await deleteBusTopology(url!, names, queues);
      },
    };
  },
  { skip: !url },
);

describe.skipIf(!url)('RabbitMQ event bus connection', () => {
  it("turns Nagle's algorithm off (a publish or an ack is sent at once, not after the peer's delayed ACK)", async () => {
    const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const names = uniqueBusNames('bus');
    const bus = await createRabbitMqBus({ url: url!, names, retry: fastRetry });
    try {
      expect(setNoDelay).toHaveBeenCalledWith(true);
    } finally {
      setNoDelay.mockRestore();
      await bus.close();
      await deleteBusTopology(url!, names, []);
    }
  });
});

describe.skipIf(!url)('RabbitMQ event bus dead-lettering', () => {
  let names: BusNames;
  let bus: RabbitMqBus;
  const queue = () => `${names.exchange}.raw`;

  beforeEach(async () => {
    names = uniqueBusNames('bus');
    bus = await createRabbitMqBus({ url: url!, names, retry: fastRetry });
  });
  afterEach(async () => {
    await bus.close();
    await deleteBusTopology(url!, names, [queue()]);
  });

  // A second client. Its channel is closed before the connection: the broker answers close-ok only
  // after it has processed the frames sent before it, whereas a bare connection close can drop them.
  async function asAnotherClient(use: (channel: ConfirmChannel) => Promise<void>): Promise<void> {
    const connection = await connect(url!);
    try {
      const channel = await connection.createConfirmChannel();
      await use(channel);
      await channel.close();
    } finally {
      await connection.close();
    }
  }

  async function waitForDeadLetters(count: number): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    await vi.waitFor(async () => {
      letters.push(...(await takeDeadLetters(url!, names.deadLetterQueue)));
      expect(letters).toHaveLength(count);
    }, eventually);
    return letters;
  }

  it('dead-letters a message whose body is not JSON without calling the handler', async () => {
    let calls = 0;
    await bus.subscribe({ queue: queue(), patterns: ['raw.#'] }, async () => {
      calls++;
    });
    await asAnotherClient(async (channel) => {
      channel.publish(names.exchange, 'raw.garbage', Buffer.from('{not json'), { messageId: 'bad-1' });
      await channel.waitForConfirms();
    });
    const letters = await waitForDeadLetters(1);
    expect(letters[0]).toMatchObject({ routingKey: 'raw.garbage', messageId: 'bad-1', payload: '{not json' });
    expect(letters[0]?.error).toMatch(/unreadable/);
    expect(calls).toBe(0);
  });

  it('declares its queues so that a message another client rejects lands in the dead-letter queue', async () => {
    const subscription = await bus.subscribe({ queue: queue(), patterns: ['raw.#'] }, async () => {});
    await subscription.close();
    await bus.publish('raw.rejected', { n: 1 }, { messageId: 'rejected-1' });
    await asAnotherClient(async (channel) => {
      const message = await channel.get(queue());
      if (!message) throw new Error('expected the message in the queue');
      channel.nack(message, false, false);
    });
    const letters = await waitForDeadLetters(1);
    expect(letters[0]).toMatchObject({
      routingKey: 'raw.rejected',
      messageId: 'rejected-1',
      payload: { n: 1 },
    });
  });

  it('is what createBus returns when a URL is given', async () => {
    const created = await createBus({ url, names });
    try {
      expect(created.kind).toBe('rabbitmq');
      await created.check();
    } finally {
      await created.close();
    }
  });
});
