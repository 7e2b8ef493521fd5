import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uniqueBusNames } from '../testing/rabbitmq';
import type { BusMessage, BusNames, DeadLetter, EventBus, SubscribeOptions } from './types';

/** One bus implementation as the contract drives it. */
export interface BusUnderTest {
  bus: EventBus;
  /** Everything dead-lettered since the bus opened, oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Closes the bus (it may be closed already) and removes what the test declared. */
  dispose(queues: string[]): Promise<void>;
}

export type OpenBus = (names: BusNames) => Promise<BusUnderTest>;

export const eventually = { timeout: 10_000, interval: 10 };

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const keysOf = (messages: BusMessage[]) => messages.map((message) => message.routingKey);
const idsOf = (messages: BusMessage[]) => messages.map((message) => message.messageId);

/** The behaviour both the RabbitMQ and the in-process bus promise (types.ts). */
export function runBusContract(name: string, open: OpenBus, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip)(`${name} event bus`, () => {
    let names: BusNames;
    let subject: BusUnderTest;
    let bus: EventBus;
    let queues: Set<string>;

    beforeEach(async () => {
      names = uniqueBusNames('bus');
      queues = new Set();
      subject = await open(names);
      bus = subject.bus;
    });
    afterEach(() => subject.dispose([...queues]));

    const queueNamed = (label: string) => {
      const queue = `${names.exchange}.${label}`;
      queues.add(queue);
      return queue;
    };

    async function record(label: string, patterns: string[], extra: Partial<SubscribeOptions> = {}) {
      const received: BusMessage[] = [];
      const subscription = await bus.subscribe(
        { queue: queueNamed(label), patterns, ...extra },
        async (m) => {
          received.push(m);
        },
      );
      return { received, subscription };
    }

    it('routes `#` to keys of any length and `*` to exactly one word', async () => {
      const deep = await record('deep', ['conversation.#', 'test.done']);
      const shallow = await record('shallow', ['conversation.*', 'test.done']);
      const middle = await record('middle', ['*.message.*', 'test.done']);
      for (const key of [
        'conversation.message.created',
        'conversation.created',
        'contact.created',
        'test.done',
      ]) {
        await bus.publish(key, { key });
      }
      // Queues are FIFO, so once `test.done` arrived everything published before it has too.
      await vi.waitFor(() => {
        for (const queue of [deep, shallow, middle]) expect(keysOf(queue.received)).toContain('test.done');
      }, eventually);
      expect(keysOf(deep.received)).toEqual([
        'conversation.message.created',
        'conversation.created',
        'test.done',
      ]);
      expect(keysOf(shallow.received)).toEqual(['conversation.created', 'test.done']);
      expect(keysOf(middle.received)).toEqual(['conversation.message.created', 'test.done']);
    });

    it('gives every queue bound to the key its own copy', async () => {
      const inbox = await record('inbox', ['conversation.#']);
      const audit = await record('audit', ['#']);
      await bus.publish('conversation.created', { id: 1 }, { messageId: 'one' });
      await vi.waitFor(() => expect(idsOf(inbox.received)).toEqual(['one']), eventually);
      await vi.waitFor(() => expect(idsOf(audit.received)).toEqual(['one']), eventually);
      expect(audit.received[0]?.payload).toEqual({ id: 1 });
    });

    it('splits one queue between competing subscribers, handling each message once', async () => {
      const first = await record('work', ['job.#'], { prefetch: 1 });
      const second = await record('work', ['job.#'], { prefetch: 1 });
      const sent = Array.from({ length: 20 }, (_, i) => `job-${i}`);
      for (const id of sent) await bus.publish('job.run', {}, { messageId: id });
      await vi.waitFor(() => expect(first.received.length + second.received.length).toBe(20), eventually);
      expect([...idsOf(first.received), ...idsOf(second.received)].sort()).toEqual([...sent].sort());
      expect(first.received.length).toBeGreaterThan(0);
      expect(second.received.length).toBeGreaterThan(0);
    });

    it('redelivers after a handler failure with the attempt incremented until it succeeds', async () => {
      const attempts: number[] = [];
      let handled = false;
      await bus.subscribe({ queue: queueNamed('flaky'), patterns: ['job.#'], maxAttempts: 5 }, async (m) => {
        attempts.push(m.attempt);
        if (m.attempt < 3) throw new Error('not yet');
        handled = true;
      });
      await bus.publish('job.run', { n: 1 });
      await vi.waitFor(() => expect(handled).toBe(true), eventually);
      expect(attempts).toEqual([1, 2, 3]);
      expect(await subject.deadLetters()).toEqual([]);
    });

    it('dead-letters a message after exactly maxAttempts failures, keeping payload and routing key', async () => {
      const attempts: number[] = [];
      const queue = queueNamed('poison');
      await bus.subscribe({ queue, patterns: ['conversation.#'], maxAttempts: 3 }, async (m) => {
        attempts.push(m.attempt);
        throw new Error('boom');
      });
      const headers = { tenant: 'acme' };
      await bus.publish('conversation.message.created', { text: 'hi' }, { messageId: 'poison-1', headers });
      await vi.waitFor(async () => expect(await subject.deadLetters()).toHaveLength(1), eventually);
      expect(attempts).toEqual([1, 2, 3]);
      const [letter] = await subject.deadLetters();
      expect(letter).toMatchObject({
        routingKey: 'conversation.message.created',
        payload: { text: 'hi' },
        messageId: 'poison-1',
        attempt: 3,
        headers,
        queue,
      });
      expect(letter?.error).toContain('boom');
    });

    it('retries only in the failing queue, not in the others bound to the key', async () => {
      const attempts: number[] = [];
      await bus.subscribe({ queue: queueNamed('fails-once'), patterns: ['order.#'] }, async (m) => {
        attempts.push(m.attempt);
        if (m.attempt === 1) throw new Error('once');
      });
      const other = await record('other', ['order.#', 'test.done']);
      await bus.publish('order.placed', {});
      await vi.waitFor(() => expect(attempts).toEqual([1, 2]), eventually);
      await bus.publish('test.done', {});
      await vi.waitFor(() => expect(keysOf(other.received)).toContain('test.done'), eventually);
      expect(keysOf(other.received)).toEqual(['order.placed', 'test.done']);
    });

    it('round-trips messageId and headers', async () => {
      const inbox = await record('headers', ['contact.#']);
      const headers = { tenant: 'acme', traceparent: '00-4bf92f-00f067-01', priority: 7, urgent: true };
      await bus.publish('contact.created', { id: 'c1' }, { messageId: 'event-42', headers });
      await vi.waitFor(() => expect(inbox.received).toHaveLength(1), eventually);
      expect(inbox.received[0]).toEqual({
        routingKey: 'contact.created',
        payload: { id: 'c1' },
        messageId: 'event-42',
        attempt: 1,
        headers,
      });
    });

    it('never calls a handler inside publish', async () => {
      let calls = 0;
      await bus.subscribe({ queue: queueNamed('async'), patterns: ['#'] }, async () => {
        calls++;
      });
      const publishing = bus.publish('any.key', {});
      expect(calls).toBe(0);
      await publishing;
      await vi.waitFor(() => expect(calls).toBe(1), eventually);
    });

    it('runs at most `prefetch` handlers of one subscription at once', async () => {
      const gate = deferred();
      let active = 0;
      let peak = 0;
      let done = 0;
      await bus.subscribe({ queue: queueNamed('bounded'), patterns: ['job.#'], prefetch: 2 }, async () => {
        active++;
        peak = Math.max(peak, active);
        await gate.promise;
        active--;
        done++;
      });
      for (let i = 0; i < 6; i++) await bus.publish('job.run', { i });
      await vi.waitFor(() => expect(active).toBe(2), eventually);
      gate.resolve();
      await vi.waitFor(() => expect(done).toBe(6), eventually);
      expect(peak).toBe(2);
    });

    it('keeps messages for a queue while it has no subscriber', async () => {
      const before = await record('durable', ['order.#']);
      await before.subscription.close();
      await bus.publish('order.placed', {}, { messageId: 'kept' });
      const after = await record('durable', ['order.#']);
      await vi.waitFor(() => expect(idsOf(after.received)).toEqual(['kept']), eventually);
      expect(before.received).toEqual([]);
    });

    it('waits for handlers in flight when closing', async () => {
      const gate = deferred();
      const events: string[] = [];
      await bus.subscribe({ queue: queueNamed('draining'), patterns: ['job.#'] }, async () => {
        events.push('started');
        await gate.promise;
        events.push('finished');
      });
      await bus.publish('job.run', {});
      await vi.waitFor(() => expect(events).toEqual(['started']), eventually);
      const closing = bus.close().then(() => events.push('closed'));
      // Only a close that does not wait could make this fail; a correct one never does.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toEqual(['started']);
      gate.resolve();
      await closing;
      expect(events).toEqual(['started', 'finished', 'closed']);
      await expect(bus.publish('job.run', {})).rejects.toThrow(/closed/);
    });
  });
}
