import type { ConfirmChannel, Options } from 'amqplib';
import { isChannelOpen } from './rabbitmq-channel';

interface PendingPublish {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
  resolve: () => void;
  reject: (error: Error) => void;
  /** The channel it was last sent on; unset while waiting for a channel. */
  sentOn?: ConfirmChannel;
}

/**
 * Publishes with confirms and keeps every message until the broker confirms it. While no channel
 * is open (connection down) messages wait; when a channel closes before confirming, they are
 * sent again on the next one. That can duplicate a message (consumers dedupe on messageId) but
 * never drops one.
 */
export class ConfirmPublisher {
  // A Set keeps insertion order, so resends go out in publish order.
  private readonly pending = new Set<PendingPublish>();
  private channel: ConfirmChannel | undefined;
  private isClosed = false;

  get isReady(): boolean {
    return this.channel !== undefined && isChannelOpen(this.channel);
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error('The event bus is closed'));
    return new Promise((resolve, reject) => {
      const item: PendingPublish = { exchange, routingKey, content, options, resolve, reject };
      this.pending.add(item);
      if (this.channel) this.send(item, this.channel);
    });
  }

  attach(channel: ConfirmChannel): void {
    this.channel = channel;
    for (const item of this.pending) {
      if (!item.sentOn || !isChannelOpen(item.sentOn)) this.send(item, channel);
    }
  }

  detach(channel: ConfirmChannel): void {
    if (this.channel === channel) this.channel = undefined;
  }

  /** Fails what is still unconfirmed: the caller (e.g. the outbox relay) publishes it again later. */
  close(): void {
    this.isClosed = true;
    for (const item of this.pending) {
      item.reject(new Error('The event bus closed before the broker confirmed the message'));
    }
    this.pending.clear();
  }

  private send(item: PendingPublish, channel: ConfirmChannel): void {
    item.sentOn = channel;
    try {
      channel.publish(item.exchange, item.routingKey, item.content, item.options, (error) =>
        this.settle(item, channel, error),
      );
    } catch {
      // The channel closed under us; attach() sends the message on the next channel.
    }
  }

  private settle(item: PendingPublish, channel: ConfirmChannel, error: unknown): void {
    if (!this.pending.has(item) || item.sentOn !== channel) return;
    // The confirm was lost with the channel: keep the message for the next channel.
    if (error && !isChannelOpen(channel)) return;
    this.pending.delete(item);
    if (!error) {
      item.resolve();
      return;
    }
    item.reject(new Error(`RabbitMQ refused message ${item.options.messageId ?? ''}`, { cause: error }));
  }
}
