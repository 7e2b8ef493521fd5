import type { ChannelType } from './credentials';

/**
 * The channel adapter port (ARCHITECTURE.md §7). One adapter per `channel_type`; each is a set of
 * pure parsers/verifiers plus thin HTTP/SMTP shells. Credentials arrive as the decrypted JSON of
 * the channel row and are validated by the adapter against `credentialSchemas[type]`.
 */
export type ChannelCredentials = Record<string, unknown>;

/** Header bags as Fastify/Node give them (lower-case keys); lookups are case-insensitive anyway. */
export type HttpHeaders = Record<string, string | string[] | undefined>;
export type QueryParams = Record<string, string | string[] | undefined>;

export interface VerifyWebhookInput {
  headers: HttpHeaders;
  /** The body exactly as received: every provider signs bytes, never re-serialised JSON. */
  rawBody: Buffer;
  /** The public URL the provider called, including the query string (Twilio signs it). */
  url: string;
  credentials: ChannelCredentials;
  query?: QueryParams;
  /** The channel the webhook was addressed to; webchat session tokens are scoped to it. */
  channelId?: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };
export type HandshakeResult = { ok: true; body: string } | { ok: false };

export type AttachmentType =
  | 'image'
  | 'video'
  | 'audio'
  | 'voice'
  | 'document'
  | 'location'
  | 'sticker'
  | 'other';

export interface InboundAttachment {
  type: AttachmentType;
  url?: string;
  /** A provider handle that must be resolved through the provider API (Telegram file_id, WhatsApp media id). */
  provider_file_id?: string;
  mime_type?: string;
  file_name?: string;
  size?: number;
  latitude?: number;
  longitude?: number;
  caption?: string;
  /** Bytes carried inline by the provider (email parts); store them, never put them in JSON. */
  content?: Buffer;
}

export interface InboundSender {
  /** The contact identifier on this channel: Telegram user id, E.164 phone, PSID, lower-cased email, visitor id. */
  identifier: string;
  display_name?: string;
  phone?: string;
  email?: string;
  metadata: Record<string, unknown>;
}

export interface InteractiveReply {
  /** button_reply | list_reply | button | quick_reply | postback | callback_query */
  type: string;
  /** The developer-defined payload / button id. */
  id: string;
  title?: string;
}

export interface EmailThread {
  message_id: string;
  in_reply_to?: string;
  /** Message-IDs with angle brackets, oldest first, as in the References header. */
  references: string[];
}

export interface InboundMessage {
  /** Unique per channel; an edit carries the id of the message it edits. */
  provider_message_id: string;
  /** Stable id of the webhook event, for `inbound_events (channel_id, provider_event_id)` dedupe. */
  provider_event_id: string;
  sender: InboundSender;
  text: string;
  attachments: InboundAttachment[];
  timestamp: Date;
  reply_to_provider_message_id?: string;
  is_edit?: boolean;
  subject?: string;
  thread?: EmailThread;
  interactive?: InteractiveReply;
  /** The provider's own kind for this event (text, image, callback_query, …). */
  raw_type: string;
  /** Provider extras worth keeping (referred product, commands, recipient address, …). */
  metadata?: Record<string, unknown>;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

interface StatusUpdateBase {
  status: DeliveryStatus;
  timestamp: Date;
  error?: { code: string; message: string };
  /** The customer the message went to, in the same form as `InboundSender.identifier`. */
  recipient?: string;
}

/**
 * A receipt. Either for one message (`provider_message_id`), or — Messenger — a watermark:
 * every outbound message to `recipient` sent at or before `watermark` has reached `status`.
 * Callers apply statuses monotonically (sent < delivered < read; failed only from non-final).
 */
export type StatusUpdate =
  | (StatusUpdateBase & { provider_message_id: string; watermark?: undefined })
  | (StatusUpdateBase & { provider_message_id?: undefined; watermark: Date; recipient: string });

export interface ParsedInbound {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
}

export interface OutboundAttachment {
  type: AttachmentType;
  url: string;
  mime_type?: string;
  file_name?: string;
  latitude?: number;
  longitude?: number;
}

export interface OutboundTemplate {
  name: string;
  language: string;
  components?: unknown[];
}

export interface OutboundInteractive {
  buttons: { id: string; title: string }[];
}

export interface OutboundEmailOptions {
  subject: string;
  /** The parent's Message-ID. */
  in_reply_to?: string;
  /** The parent's References (the parent's Message-ID is appended if missing). */
  references?: string[];
  from_name?: string;
}

export interface OutboundMessage {
  text?: string;
  attachments?: OutboundAttachment[];
  template?: OutboundTemplate;
  reply_to_provider_message_id?: string;
  email?: OutboundEmailOptions;
  interactive?: OutboundInteractive;
}

export interface SendContext {
  /** When the customer last wrote; WhatsApp and Messenger windows are measured from it. */
  last_inbound_at?: Date;
  /** Twilio StatusCallback URL (the channel's webhook URL). */
  status_callback_url?: string;
}

export interface SendInput {
  credentials: ChannelCredentials;
  /** The contact identifier (chat id, phone, PSID, email address, visitor id). */
  to: string;
  message: OutboundMessage;
  context?: SendContext;
}

export interface SendResult {
  provider_message_id: string;
}

export type VerifyCredentialsResult =
  | { ok: true; details?: Record<string, unknown> }
  | { ok: false; reason: string; retryable?: boolean };

export interface ChannelAdapter {
  readonly type: ChannelType;
  verifyWebhook(input: VerifyWebhookInput): Promise<VerifyResult>;
  handshake?(query: QueryParams, credentials: ChannelCredentials): HandshakeResult;
  parseInbound(body: Buffer, contentType: string): Promise<ParsedInbound>;
  /** Throws `ProviderError` (retryable or permanent) when the provider refuses or is unreachable. */
  send(input: SendInput): Promise<SendResult>;
  /** Never throws: `{ ok: false, retryable: true }` when the provider could not be reached. */
  verifyCredentials(credentials: ChannelCredentials): Promise<VerifyCredentialsResult>;
  registerWebhook?(credentials: ChannelCredentials, url: string, secretToken: string): Promise<void>;
}

/** What every adapter factory receives from `createAdapters`. */
export interface AdapterDeps {
  fetch: typeof globalThis.fetch;
  clock: () => Date;
  ids: () => string;
  timeoutMs: number;
}
