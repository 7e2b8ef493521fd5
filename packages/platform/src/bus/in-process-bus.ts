import { randomUUID } from 'node:crypto';
import { type MemoryConsumer, MemoryQueue } from './in-process-queue';
import { defaultMaxAttempts, defaultPrefetch, type RetryPolicy, resolveRetryPolicy } from './retry-policy';
import type {
  BusHandler,
  DeadLetter,
  EventBus,
  PublishOptions,
  SubscribeOptions,
  Subscription,
} from './types';

export interface InProcessBusOptions {
  retry?: Partial<RetryPolicy>;
}

/**
 * The bus inside one process, with the RabbitMQ bus's semantics: queues outlive their
 * subscriptions, every bound queue gets a copy, competing consumers share a queue,
 * failures are retried and then dead-lettered, delivery is asynchronous.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly dead: DeadLetter[] = [];
  private readonly retry: RetryPolicy;
  private isClosed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.retry = resolveRetryPolicy(options.retry);
  }

  async publish(routingKey: string, payload: unknown, options: PublishOptions = {}): Promise<void> {
    this.assertOpen();
    // Serialized once, so the payload is a snapshot and non-JSON values behave as on the wire.
    const envelope = {
      routingKey,
      body: JSON.stringify(payload ?? null),
      messageId: options.messageId ?? randomUUID(),
      headers: JSON.stringify(options.headers ?? {}),
      attempt: 1,
    };
    for (const queue of this.queues.values()) {
      if (queue.isBoundTo(routingKey)) queue.enqueue(envelope);
    }
  }

  async subscribe(options: SubscribeOptions, handler: BusHandler): Promise<Subscription> {
    this.assertOpen();
    const queue = this.queueNamed(options.queue);
    queue.bind(options.patterns);
    const consumer: MemoryConsumer = {
      handler,
      prefetch: options.prefetch ?? defaultPrefetch,
      maxAttempts: options.maxAttempts ?? defaultMaxAttempts,
      inFlight: new Set(),
      stopping: new AbortController(),
    };
    queue.addConsumer(consumer);
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await queue.removeConsumer(consumer);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async check(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  /** What consumers gave up on, oldest first (the in-memory `messaging.dlq`). */
  deadLetters(): DeadLetter[] {
    return structuredClone(this.dead);
  }

  private queueNamed(name: string): MemoryQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new MemoryQueue(name, this.retry, (letter) => this.dead.push(letter));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new Error('The event bus is closed');
  }
}

export function createInProcessBus(options: InProcessBusOptions = {}): InProcessBus {
  return new InProcessBus(options);
}
