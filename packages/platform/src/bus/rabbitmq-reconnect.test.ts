import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteBusTopology, uniqueBusNames, urlThroughPort } from '../testing/rabbitmq';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { deferred, eventually } from './contract';
import { createRabbitMqBus, type RabbitMqBus } from './rabbitmq-bus';
import type { BusMessage, BusNames } from './types';

const url = process.env.RABBITMQ_URL;

// `proxied` reaches RabbitMQ through a TCP proxy the test cuts; `direct` does not.
describe.skipIf(!url)('RabbitMQ event bus across a lost connection', () => {
  let names: BusNames;
  let proxy: TcpProxy;
  let proxied: RabbitMqBus;
  let direct: RabbitMqBus;
  const queue = () => `${names.exchange}.events`;

  beforeEach(async () => {
    names = uniqueBusNames('reconnect');
    const broker = new URL(url!);
    proxy = await startTcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
    proxied = await createRabbitMqBus({
      url: urlThroughPort(url!, proxy.port),
      names,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    direct = await createRabbitMqBus({ url: url!, names });
  });
  afterEach(async () => {
    proxy.restore();
    await proxied.close();
    await direct.close();
    await proxy.close();
    await deleteBusTopology(url!, names, [queue()]);
  });

  async function cutAndWaitUntilDown(): Promise<void> {
    proxy.cut();
    await vi.waitFor(() => expect(proxied.check()).rejects.toThrow(/not connected/), eventually);
  }

  async function record(bus: RabbitMqBus): Promise<BusMessage[]> {
    const received: BusMessage[] = [];
    await bus.subscribe({ queue: queue(), patterns: ['order.#'] }, async (message) => {
      received.push(message);
    });
    return received;
  }

  const idsOf = (messages: BusMessage[]) => messages.map((message) => message.messageId);

  it('delivers a message published while the connection is down once it is back', async () => {
    const received = await record(direct);
    await cutAndWaitUntilDown();
    let isConfirmed = false;
    const publishing = proxied.publish('order.placed', { n: 1 }, { messageId: 'while-down' }).then(() => {
      isConfirmed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isConfirmed).toBe(false);
    proxy.restore();
    await publishing;
    // Published after on the same channel, so it arrives after any copy of the first one.
    await proxied.publish('order.placed', { n: 2 }, { messageId: 'after' });
    await vi.waitFor(() => expect(idsOf(received)).toContain('after'), eventually);
    expect(idsOf(received)).toEqual(['while-down', 'after']);
  });

  it('resumes consuming after the connection comes back', async () => {
    const received = await record(proxied);
    await direct.publish('order.placed', {}, { messageId: 'before' });
    await vi.waitFor(() => expect(idsOf(received)).toEqual(['before']), eventually);
    await cutAndWaitUntilDown();
    await direct.publish('order.placed', {}, { messageId: 'during' });
    proxy.restore();
    await vi.waitFor(() => expect(idsOf(received)).toContain('during'), eventually);
    // 'before' may arrive twice: its ack can still be on the wire when the link is cut, and then
    // the broker redelivers it (at-least-once). Nothing may be missing.
    expect(new Set(idsOf(received))).toEqual(new Set(['before', 'during']));
  });

  it('redelivers a message whose handler was running when the connection dropped', async () => {
    const gate = deferred();
    const attempts: string[] = [];
    await proxied.subscribe({ queue: queue(), patterns: ['order.#'] }, async (message) => {
      attempts.push(`${message.messageId}#${message.attempt}`);
      if (attempts.length === 1) await gate.promise;
    });
    await direct.publish('order.placed', {}, { messageId: 'in-flight' });
    await vi.waitFor(() => expect(attempts).toEqual(['in-flight#1']), eventually);
    await cutAndWaitUntilDown();
    // Its ack has no channel left to go to; the broker requeued the message when the connection died.
    gate.resolve();
    proxy.restore();
    await vi.waitFor(() => expect(attempts).toEqual(['in-flight#1', 'in-flight#1']), eventually);
  });

  it('closes promptly while disconnected, failing publishes the broker never confirmed', async () => {
    await cutAndWaitUntilDown();
    const publishing = proxied.publish('order.placed', {}, { messageId: 'never-confirmed' });
    await proxied.close();
    await expect(publishing).rejects.toThrow(/closed before the broker confirmed/);
  });

  it('reports not ready while disconnected and ready again once reconnected', async () => {
    await proxied.check();
    await cutAndWaitUntilDown();
    proxy.restore();
    await vi.waitFor(() => proxied.check(), eventually);
  });
});
