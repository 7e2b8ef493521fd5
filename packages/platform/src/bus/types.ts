/**
 * Publish/subscribe by routing key on a topic exchange (ARCHITECTURE.md §6).
 * Two implementations with the same semantics: RabbitMQ (amqplib) and in-process.
 */
export interface BusMessage {
  routingKey: string;
  /** Parsed JSON payload as published. */
  payload: unknown;
  /** Stable id of the message (the event_id for outbox events); consumers dedupe on it. */
  messageId: string;
  /** 1 on first delivery, incremented on every redelivery after a handler failure. */
  attempt: number;
  headers: Record<string, unknown>;
}

export type BusHandler = (message: BusMessage) => Promise<void>;

export interface PublishOptions {
  messageId?: string;
  headers?: Record<string, unknown>;
}

export interface SubscribeOptions {
  /** Durable queue name; one delivery per queue, competing consumers share it. */
  queue: string;
  /** Binding patterns with `*` (one word) and `#` (zero or more words). */
  patterns: string[];
  /** After this many failed attempts the message goes to the dead-letter queue. Default 5. */
  maxAttempts?: number;
  /** How many unacked messages a consumer holds at once. Default 16. */
  prefetch?: number;
}

export interface Subscription {
  /** Stops consuming; messages in flight finish first. The queue stays. */
  close(): Promise<void>;
}

export interface EventBus {
  readonly kind: 'rabbitmq' | 'in-process';
  /** Resolves once the broker has confirmed the (persistent) message. */
  publish(routingKey: string, payload: unknown, options?: PublishOptions): Promise<void>;
  subscribe(options: SubscribeOptions, handler: BusHandler): Promise<Subscription>;
  /** Throws when the bus cannot currently reach its broker (for /ready). */
  check(): Promise<void>;
  /** Drains consumers and closes connections. */
  close(): Promise<void>;
}

export interface BusNames {
  exchange: string;
  deadLetterExchange: string;
  deadLetterQueue: string;
}

export const defaultBusNames: BusNames = {
  exchange: 'messaging',
  deadLetterExchange: 'messaging.dlx',
  deadLetterQueue: 'messaging.dlq',
};

/** A message a consumer gave up on, as read back from the dead-letter queue. */
export interface DeadLetter extends BusMessage {
  /** The queue whose consumer gave up. */
  queue: string;
  /** Message of the last handler error (or why the message could not be read). */
  error: string;
}
