import { connect } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { uniqueBusNames } from '../testing/rabbitmq';
import { matchesPattern } from './topic-pattern';

const url = process.env.RABBITMQ_URL;
const patterns = ['*', '#', '*.#', '#.created', 'a.#.z', '#.#', '', 'a.*', 'a..b', '*.*', 'conversation.#'];
const keys = ['', 'a', 'created', 'a.b', 'a.z', 'a..b', 'a.', '.a', 'a.b.c.z', 'x.created', 'conversation'];

describe.skipIf(!url)('matchesPattern against RabbitMQ', () => {
  it('routes every key exactly as a RabbitMQ topic exchange does', async () => {
    const connection = await connect(url!);
    try {
      const channel = await connection.createConfirmChannel();
      const { exchange } = uniqueBusNames('parity');
      await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: true });
      for (const [index, pattern] of patterns.entries()) {
        await channel.assertQueue(`${exchange}.${index}`, { exclusive: true });
        await channel.bindQueue(`${exchange}.${index}`, exchange, pattern);
      }
      for (const key of keys) channel.publish(exchange, key, Buffer.from(key));
      await channel.waitForConfirms();
      for (const [index, pattern] of patterns.entries()) {
        const routed: string[] = [];
        for (;;) {
          const message = await channel.get(`${exchange}.${index}`, { noAck: true });
          if (!message) break;
          routed.push(message.fields.routingKey);
        }
        const matched = keys.filter((key) => matchesPattern(pattern, key));
        expect({ pattern, keys: matched }).toEqual({ pattern, keys: routed });
      }
    } finally {
      await connection.close();
    }
  });
});
