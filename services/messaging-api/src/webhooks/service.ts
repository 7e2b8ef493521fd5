import type { Db } from '@turumba/platform/db';
import { AppError, NotFound } from '@turumba/platform/errors';
import type { Logger } from '@turumba/platform/logger';
import { type AdapterRegistry, ChannelType, type HttpHeaders, type QueryParams } from '../channels/adapters';
import { type ChannelStore, isChannelLive, type LoadedChannel } from '../channels/channel-store';
import { createInboundRecorder, type InboundRecorderOptions } from './inbound-recorder';
import { encodeBody, providerEventId, selectHeaders } from './raw-event';

export interface WebhookServiceDeps {
  db: Db;
  channels: ChannelStore;
  adapters: AdapterRegistry;
  publicUrl: string;
  logger: Logger;
  clock: () => Date;
  ids: () => string;
  recorder?: InboundRecorderOptions;
}

export interface IncomingWebhook {
  channelType: string;
  channelId: string;
  headers: HttpHeaders;
  query: QueryParams;
  rawBody: Buffer;
  /** Path and query exactly as the provider called them (Twilio signs the full URL). */
  pathAndQuery: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class WebhookRejected extends AppError {
  constructor() {
    super('unauthorized', 'Webhook signature rejected');
  }
}

class HandshakeRefused extends AppError {
  constructor() {
    super('forbidden', 'Webhook verification refused');
  }
}

/** Verify, store raw, enqueue: the receiver does nothing else, so providers get their 200 fast. */
export function createWebhookService(deps: WebhookServiceDeps) {
  const recorder = createInboundRecorder(deps.db, deps.clock, deps.recorder);
  async function liveChannel(channelType: string, channelId: string): Promise<LoadedChannel> {
    const type = ChannelType.safeParse(channelType);
    if (!type.success || !uuid.test(channelId)) throw new NotFound('Channel');
    const channel = await deps.channels.loadForWebhook(channelId.toLowerCase());
    if (!channel || channel.type !== type.data || !isChannelLive(channel.row)) throw new NotFound('Channel');
    return channel;
  }

  return {
    /** Resolves with whether the event was new (a provider retry is accepted and ignored). */
    async receiveWebhook(input: IncomingWebhook): Promise<{ channel: LoadedChannel; isNew: boolean }> {
      const channel = await liveChannel(input.channelType, input.channelId);
      const verdict = await deps.adapters[channel.type].verifyWebhook({
        headers: input.headers,
        rawBody: input.rawBody,
        url: `${deps.publicUrl.replace(/\/+$/, '')}${input.pathAndQuery}`,
        credentials: channel.credentials,
        query: input.query,
        channelId: channel.row.id,
      });
      if (!verdict.ok) {
        deps.logger.warn({ channelId: channel.row.id, reason: verdict.reason }, 'webhook rejected');
        throw new WebhookRejected();
      }
      const isNew = await recorder.record({
        id: deps.ids(),
        accountId: channel.row.accountId,
        channelId: channel.row.id,
        channelType: channel.type,
        providerEventId: providerEventId(channel.type, input.rawBody),
        contentType: String(input.headers['content-type'] ?? ''),
        headers: selectHeaders(input.headers),
        ...encodeBody(input.rawBody),
      });
      return { channel, isNew };
    },

    /** Meta's GET subscription check: the challenge verbatim, or 403. */
    async answerHandshake(channelType: string, channelId: string, query: QueryParams): Promise<string> {
      const channel = await liveChannel(channelType, channelId);
      const adapter = deps.adapters[channel.type];
      if (!adapter.handshake) throw new NotFound('Webhook handshake');
      const result = adapter.handshake(query, channel.credentials);
      if (!result.ok) throw new HandshakeRefused();
      return result.body;
    },
  };
}
export type WebhookService = ReturnType<typeof createWebhookService>;
