import type { ConfirmChannel, Message, Options } from 'amqplib';
import type { Logger } from '../logger';
import { sleep } from './retry-policy';

/** What the bus needs from amqplib's recovering connection: a channel, waiting while it reconnects. */
export interface ChannelSource {
  createConfirmChannel(): Promise<ConfirmChannel>;
}

export interface SupervisedChannelOptions {
  source: ChannelSource;
  name: string;
  logger: Logger;
  /** Runs on every fresh channel: declarations, prefetch, consumers. */
  setup(channel: ConfirmChannel): Promise<void>;
  onOpen?(channel: ConfirmChannel): void;
  onClose?(channel: ConfirmChannel): void;
}

const closedChannels = new WeakSet<ConfirmChannel>();

export function isChannelOpen(channel: ConfirmChannel): boolean {
  return !closedChannels.has(channel);
}

/**
 * Keeps one confirm channel open. amqplib's recovery reconnects the connection but not its
 * channels, so this opens a fresh channel (and replays `setup`) whenever the current one closes,
 * whether the connection dropped or the broker closed just the channel.
 */
export class SupervisedChannel {
  private channel: ConfirmChannel | undefined;
  private isHalted = false;
  private readonly halting = new AbortController();

  constructor(private readonly options: SupervisedChannelOptions) {}

  get current(): ConfirmChannel | undefined {
    return this.channel;
  }

  /** Resolves once the first channel is set up; a failing first setup rejects (a config error). */
  async start(): Promise<void> {
    const { closed } = await this.open();
    void this.superviseFrom(closed);
  }

  /** Stops reopening; the current channel stays open (consumers drain on it). */
  halt(): void {
    this.isHalted = true;
    this.halting.abort();
  }

  async close(): Promise<void> {
    this.halt();
    const channel = this.channel;
    this.detach();
    if (channel) await closeQuietly(channel);
  }

  // Returns the close signal wrapped: an async function returning a bare promise would adopt it.
  private async open(): Promise<{ closed: Promise<void> }> {
    const channel = await this.options.source.createConfirmChannel();
    const closed = watchClose(channel, this.options);
    try {
      await this.options.setup(channel);
      if (this.isHalted) throw new Error(`${this.options.name}: closed while reopening`);
    } catch (error) {
      await closeQuietly(channel);
      throw error;
    }
    this.channel = channel;
    this.options.onOpen?.(channel);
    return { closed };
  }

  private async superviseFrom(firstClosed: Promise<void>): Promise<void> {
    let opened: { closed: Promise<void> } | undefined = { closed: firstClosed };
    let failures = 0;
    while (!this.isHalted) {
      if (opened) await opened.closed;
      this.detach();
      if (this.isHalted) return;
      // While the connection is down, createConfirmChannel waits for amqplib to reconnect; this
      // backoff only paces channel-level failures (e.g. a declaration refused by the broker).
      await sleep(failures === 0 ? 0 : Math.min(50 * 2 ** failures, 2_000), this.halting.signal);
      opened = await this.open().catch((error: unknown) => {
        if (!this.isHalted)
          this.options.logger.warn({ err: error, channel: this.options.name }, 'reopen failed');
        return undefined;
      });
      failures = opened ? 0 : failures + 1;
    }
  }

  private detach(): void {
    const channel = this.channel;
    this.channel = undefined;
    if (channel) this.options.onClose?.(channel);
  }
}

function watchClose(channel: ConfirmChannel, options: SupervisedChannelOptions): Promise<void> {
  // Prepended so it runs before amqplib's own close listener, which fails the outstanding
  // confirms: by then the publisher must see the channel as closed to tell a lost confirm from a nack.
  channel.prependListener('close', () => closedChannels.add(channel));
  // Without a listener an 'error' event would throw; the 'close' that follows drives recovery.
  channel.on('error', (error) => options.logger.warn({ err: error, channel: options.name }, 'channel error'));
  return new Promise((resolve) => channel.once('close', () => resolve()));
}

export async function closeQuietly(channel: ConfirmChannel): Promise<void> {
  try {
    await channel.close();
  } catch {
    // Already closed (connection lost or broker closed it): nothing left to release.
  }
}

/** Publishes and resolves once the broker confirms; rejects when nacked or the channel closes first. */
export function confirmPublish(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.publish(exchange, routingKey, content, options, (error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

// A delivery can only be settled on the channel that delivered it. Once that channel is gone the
// broker has requeued the message, so settling is skipped (never done on a newer channel, where
// the same delivery tag would name a different message).
export function ackIfOpen(channel: ConfirmChannel, message: Message): void {
  if (!isChannelOpen(channel)) return;
  try {
    channel.ack(message);
  } catch {
    // Closed between the check and the ack; the broker requeues the message.
  }
}

export function requeueIfOpen(channel: ConfirmChannel, message: Message): void {
  if (!isChannelOpen(channel)) return;
  try {
    channel.nack(message, false, true);
  } catch {
    // Closed between the check and the nack; the broker requeues the message anyway.
  }
}
