import { errorMessage, type RetryPolicy, retryDelayMs, sleep } from './retry-policy';
import { matchesPattern } from './topic-pattern';
import type { BusHandler, BusMessage, DeadLetter } from './types';

/** A published message as stored in a queue: the payload stays serialized, like on the wire. */
export interface Envelope {
  routingKey: string;
  body: string;
  messageId: string;
  headers: string;
  attempt: number;
}

export interface MemoryConsumer {
  handler: BusHandler;
  prefetch: number;
  maxAttempts: number;
  inFlight: Set<Promise<void>>;
  /** Aborted when the consumer closes, so retry backoffs end early. */
  stopping: AbortController;
}

/** One durable queue: bindings, waiting messages and the competing consumers that share them. */
export class MemoryQueue {
  private readonly patterns = new Set<string>();
  private readonly ready: Envelope[] = [];
  private readonly consumers: MemoryConsumer[] = [];
  private cursor = 0;
  private isScheduled = false;

  constructor(
    readonly name: string,
    private readonly retry: RetryPolicy,
    private readonly deadLetter: (letter: DeadLetter) => void,
  ) {}

  bind(patterns: string[]): void {
    for (const pattern of patterns) this.patterns.add(pattern);
  }

  isBoundTo(routingKey: string): boolean {
    for (const pattern of this.patterns) if (matchesPattern(pattern, routingKey)) return true;
    return false;
  }

  enqueue(envelope: Envelope): void {
    this.ready.push(envelope);
    this.schedule();
  }

  addConsumer(consumer: MemoryConsumer): void {
    this.consumers.push(consumer);
    this.schedule();
  }

  /** Stops deliveries to the consumer, then waits for its handlers (and their retries) to finish. */
  async removeConsumer(consumer: MemoryConsumer): Promise<void> {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    consumer.stopping.abort();
    while (consumer.inFlight.size > 0) await Promise.allSettled([...consumer.inFlight]);
  }

  // Delivery always happens on a later macrotask, never inside publish().
  private schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    setImmediate(() => {
      this.isScheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.ready.length > 0) {
      const consumer = this.nextConsumerWithRoom();
      if (!consumer) return;
      this.deliver(consumer, this.ready.shift()!);
    }
  }

  // Round-robin over the consumers, skipping those already holding `prefetch` messages.
  private nextConsumerWithRoom(): MemoryConsumer | undefined {
    for (let tried = 0; tried < this.consumers.length; tried++) {
      const consumer = this.consumers[this.cursor % this.consumers.length]!;
      this.cursor = (this.cursor + 1) % this.consumers.length;
      if (consumer.inFlight.size < consumer.prefetch) return consumer;
    }
    return undefined;
  }

  private deliver(consumer: MemoryConsumer, envelope: Envelope): void {
    const handling = this.handle(consumer, envelope).finally(() => {
      consumer.inFlight.delete(handling);
      this.schedule();
    });
    consumer.inFlight.add(handling);
  }

  private async handle(consumer: MemoryConsumer, envelope: Envelope): Promise<void> {
    try {
      await consumer.handler(toBusMessage(envelope));
    } catch (error) {
      if (envelope.attempt >= consumer.maxAttempts) {
        this.deadLetter({ ...toBusMessage(envelope), queue: this.name, error: errorMessage(error) });
        return;
      }
      // Like the RabbitMQ bus: the message keeps its slot during the backoff, then goes to the tail.
      await sleep(retryDelayMs(envelope.attempt, this.retry), consumer.stopping.signal);
      this.enqueue({ ...envelope, attempt: envelope.attempt + 1 });
    }
  }
}

// Every delivery parses afresh, so a handler cannot mutate what another queue receives.
function toBusMessage(envelope: Envelope): BusMessage {
  return {
    routingKey: envelope.routingKey,
    payload: JSON.parse(envelope.body),
    messageId: envelope.messageId,
    attempt: envelope.attempt,
    headers: JSON.parse(envelope.headers),
  };
}
