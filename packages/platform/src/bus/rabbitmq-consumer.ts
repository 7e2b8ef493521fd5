import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from '../logger';
import {
  ackIfOpen,
  type ChannelSource,
  closeQuietly,
  confirmPublish,
  requeueIfOpen,
  SupervisedChannel,
} from './rabbitmq-channel';
import {
  deadLetterProperties,
  decodeDelivery,
  readMessageId,
  readRoutingKey,
  retryProperties,
} from './rabbitmq-message';
import { assertSubscriptionQueue } from './rabbitmq-topology';
import { errorMessage, type RetryPolicy, retryDelayMs, sleep } from './retry-policy';
import type { BusHandler, BusMessage, BusNames } from './types';

export interface ConsumerDeps {
  source: ChannelSource;
  names: BusNames;
  logger: Logger;
  retry: RetryPolicy;
}

export interface ConsumerOptions {
  queue: string;
  patterns: string[];
  maxAttempts: number;
  prefetch: number;
}

/**
 * One subscription: its own channel (so prefetch bounds its handlers), re-declared and
 * re-consumed after every reconnect. Acks after the handler succeeds. On failure the next
 * attempt is re-sent to the queue with `x-attempt` + 1, or the message goes to the DLX after
 * `maxAttempts`; either copy is confirmed before the original is acked, so a crash in between
 * duplicates a message but never loses one.
 */
export class RabbitMqConsumer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly channel: SupervisedChannel;
  private consumerTag: string | undefined;

  constructor(
    private readonly deps: ConsumerDeps,
    private readonly options: ConsumerOptions,
    private readonly handler: BusHandler,
  ) {
    this.channel = new SupervisedChannel({
      source: deps.source,
      name: `consumer ${options.queue}`,
      logger: deps.logger,
      setup: (channel) => this.setup(channel),
    });
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  /** Cancels the consumer, waits for handlers in flight (retry backoffs end early), closes the channel. */
  async stop(): Promise<void> {
    this.channel.halt();
    this.stopping.abort();
    await this.cancelConsumer();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.channel.close();
  }

  private async cancelConsumer(): Promise<void> {
    const channel = this.channel.current;
    if (!channel || !this.consumerTag) return;
    try {
      await channel.cancel(this.consumerTag);
    } catch {
      // The channel is gone, and the consumer with it.
    }
  }

  private async setup(channel: ConfirmChannel): Promise<void> {
    const { queue, patterns, prefetch } = this.options;
    await assertSubscriptionQueue(channel, this.deps.names, queue, patterns);
    await channel.prefetch(prefetch);
    const reply = await channel.consume(queue, (message) => this.onDelivery(channel, message));
    this.consumerTag = reply.consumerTag;
  }

  private onDelivery(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    // null: the broker cancelled the consumer (queue deleted); a fresh channel re-declares it.
    if (!message) {
      void closeQuietly(channel);
      return;
    }
    const handling = this.handle(channel, message)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, queue: this.options.queue }, 'consumer bug'),
      )
      .finally(() => this.inFlight.delete(handling));
    this.inFlight.add(handling);
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const messageId = readMessageId(message);
    let busMessage: BusMessage;
    try {
      busMessage = decodeDelivery(message, messageId);
    } catch (error) {
      return this.deadLetter(channel, message, messageId, `unreadable message: ${errorMessage(error)}`);
    }
    try {
      await this.handler(busMessage);
    } catch (error) {
      return this.retryOrDeadLetter(channel, message, busMessage, error);
    }
    ackIfOpen(channel, message);
  }

  private async retryOrDeadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    busMessage: BusMessage,
    error: unknown,
  ): Promise<void> {
    const { messageId, attempt, routingKey } = busMessage;
    const { queue, maxAttempts } = this.options;
    if (attempt >= maxAttempts) return this.deadLetter(channel, message, messageId, errorMessage(error));
    this.deps.logger.warn(
      { err: error, queue, routingKey, messageId, attempt },
      'event handler failed; retrying',
    );
    await sleep(retryDelayMs(attempt, this.deps.retry), this.stopping.signal);
    // Straight to this queue through the default exchange: other queues bound to the key already have theirs.
    await this.replace(channel, message, '', queue, retryProperties(message, messageId));
  }

  private async deadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    messageId: string,
    error: string,
  ): Promise<void> {
    const { queue } = this.options;
    const routingKey = readRoutingKey(message);
    this.deps.logger.error({ queue, routingKey, messageId, error }, 'event dead-lettered');
    const properties = deadLetterProperties(message, messageId, queue, error);
    await this.replace(channel, message, this.deps.names.deadLetterExchange, routingKey, properties);
  }

  /** Publishes the message's next copy and acks the original only once the copy is confirmed. */
  private async replace(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    exchange: string,
    routingKey: string,
    properties: Options.Publish,
  ): Promise<void> {
    try {
      await confirmPublish(channel, exchange, routingKey, message.content, properties);
      ackIfOpen(channel, message);
    } catch (error) {
      this.deps.logger.warn({ err: error, queue: this.options.queue }, 'could not re-publish; requeueing');
      requeueIfOpen(channel, message);
    }
  }
}
