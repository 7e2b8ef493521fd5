import type { EventBus, PublishOptions } from '../bus/types';

export interface PublishedMessage {
  routingKey: string;
  payload: unknown;
  messageId: string | undefined;
}

/**
 * An in-process stand-in for the broker side of EventBus, for relay tests: it records what was
 * confirmed, can be made unreachable (publish rejects) and can hold confirms until released.
 */
export interface FakeBus extends EventBus {
  readonly published: PublishedMessage[];
  /** Every publish rejects with this error until recover(). */
  goDown(error?: Error): void;
  recover(): void;
  /** Publishes wait (unconfirmed) until the returned function is called. */
  holdConfirms(): () => void;
  publishCalls: number;
}

export function createFakeBus(): FakeBus {
  let outage: Error | undefined;
  let held: Promise<void> | undefined;
  const bus: FakeBus = {
    kind: 'in-process',
    published: [],
    publishCalls: 0,
    async publish(routingKey: string, payload: unknown, options: PublishOptions = {}) {
      bus.publishCalls++;
      // Yield like a real network round trip, so concurrent relays interleave.
      await new Promise((resolve) => setImmediate(resolve));
      await held;
      if (outage) throw outage;
      bus.published.push({ routingKey, payload: structuredClone(payload), messageId: options.messageId });
    },
    async subscribe() {
      return { close: async () => {} };
    },
    async check() {
      if (outage) throw outage;
    },
    async close() {},
    goDown(error = new Error('connect ECONNREFUSED 127.0.0.1:5672')) {
      outage = error;
    },
    recover() {
      outage = undefined;
    },
    holdConfirms() {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return release;
    },
  };
  return bus;
}
