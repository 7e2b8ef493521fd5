import { randomUUID } from 'node:crypto';
import { connect, type RecoveringChannelModel } from 'amqplib';
import { createSilentLogger, type Logger } from '../logger';
import { SupervisedChannel } from './rabbitmq-channel';
import { RabbitMqConsumer } from './rabbitmq-consumer';
import { encodePayload, publishProperties } from './rabbitmq-message';
import { ConfirmPublisher } from './rabbitmq-publisher';
import { assertBusTopology } from './rabbitmq-topology';
import { defaultMaxAttempts, defaultPrefetch, type RetryPolicy, resolveRetryPolicy } from './retry-policy';
import {
  type BusHandler,
  type BusNames,
  defaultBusNames,
  type EventBus,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from './types';

export interface RabbitMqBusOptions {
  url: string;
  names?: Partial<BusNames>;
  logger?: Logger;
  /** Shown by RabbitMQ for the connection (`connection_name`). */
  connectionName?: string;
  /** Reconnect backoff: exponential with jitter from `initialDelayMs` up to `maxDelayMs`. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; initialMaxRetries?: number };
  retry?: Partial<RetryPolicy>;
}

/** The bus on a RabbitMQ topic exchange; see rabbitmq-consumer.ts and rabbitmq-publisher.ts. */
export class RabbitMqBus implements EventBus {
  readonly kind = 'rabbitmq' as const;
  private readonly publisher = new ConfirmPublisher();
  private readonly publisherChannel: SupervisedChannel;
  private readonly consumers = new Set<RabbitMqConsumer>();
  private isConnected = true;
  private isClosed = false;

  constructor(
    private readonly connection: RecoveringChannelModel,
    readonly names: BusNames,
    private readonly logger: Logger,
    private readonly retry: RetryPolicy,
  ) {
    connection.on('disconnect', (error) => this.onDisconnect(error));
    connection.on('connect', () => this.onConnect());
    connection.on('error', (error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
    this.publisherChannel = new SupervisedChannel({
      source: connection,
      name: 'publisher',
      logger,
      setup: (channel) => assertBusTopology(channel, names),
      onOpen: (channel) => this.publisher.attach(channel),
      onClose: (channel) => this.publisher.detach(channel),
    });
  }

  /** Declares the topology on the first channel; fails when the names clash with existing ones. */
  start(): Promise<void> {
    return this.publisherChannel.start();
  }

  publish(routingKey: string, payload: unknown, options: PublishOptions = {}): Promise<void> {
    const properties = publishProperties(options.messageId ?? randomUUID(), options.headers ?? {});
    return this.publisher.publish(this.names.exchange, routingKey, encodePayload(payload), properties);
  }

  async subscribe(options: SubscribeOptions, handler: BusHandler): Promise<Subscription> {
    if (this.isClosed) throw new Error('The event bus is closed');
    const deps = { source: this.connection, names: this.names, logger: this.logger, retry: this.retry };
    const consumer = new RabbitMqConsumer(
      deps,
      {
        queue: options.queue,
        patterns: options.patterns,
        maxAttempts: options.maxAttempts ?? defaultMaxAttempts,
        prefetch: options.prefetch ?? defaultPrefetch,
      },
      handler,
    );
    await consumer.start();
    this.consumers.add(consumer);
    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async check(): Promise<void> {
    if (this.isClosed) throw new Error('The event bus is closed');
    if (!this.isConnected || !this.publisher.isReady) throw new Error('RabbitMQ is not connected');
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    this.consumers.clear();
    this.publisher.close();
    await this.publisherChannel.close();
    await this.connection.close();
  }

  private onDisconnect(error: Error): void {
    this.isConnected = false;
    if (!this.isClosed) this.logger.warn({ err: error }, 'RabbitMQ connection lost; reconnecting');
  }

  private onConnect(): void {
    if (!this.isConnected) this.logger.info('RabbitMQ connection restored');
    this.isConnected = true;
  }
}

/**
 * Connects (retrying with backoff) and declares the topology. amqplib's own connection recovery
 * reconnects with exponential backoff; channels, consumers and unconfirmed publishes are replayed
 * by this bus.
 */
export async function createRabbitMqBus(options: RabbitMqBusOptions): Promise<RabbitMqBus> {
  const names = { ...defaultBusNames, ...options.names };
  const logger = options.logger ?? createSilentLogger();
  const connection = await connect(options.url, {
    clientProperties: { connection_name: options.connectionName ?? `bus ${names.exchange}` },
    timeout: 10_000,
    // amqplib leaves Nagle's algorithm on: a small frame (a publish, an ack) written while an
    // earlier one is unacknowledged waits for the peer's (delayed) ACK, tens of milliseconds.
    noDelay: true,
    recovery: {
      initialDelay: options.reconnect?.initialDelayMs ?? 100,
      maxDelay: options.reconnect?.maxDelayMs ?? 5_000,
      initialMaxRetries: options.reconnect?.initialMaxRetries ?? 5,
    },
  });
  const bus = new RabbitMqBus(connection, names, logger, resolveRetryPolicy(options.retry));
  try {
    await bus.start();
  } catch (error) {
    await connection.close();
    throw error;
  }
  return bus;
}
