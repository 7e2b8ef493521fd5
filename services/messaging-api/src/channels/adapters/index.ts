import { randomUUID } from 'node:crypto';
import type { ChannelType } from './credentials';
import { createEmailAdapter } from './email';
import { createMessengerAdapter } from './messenger';
import { createTelegramAdapter } from './telegram';
import { createTwilioAdapter } from './twilio';
import type { AdapterDeps, ChannelAdapter } from './types';
import { createWebchatAdapter } from './webchat';
import { createWhatsappAdapter } from './whatsapp';

/**
 * Graph API v23.0: the version of Meta's published OpenAPI spec our WhatsApp fixtures come from
 * (Messenger's Send API is unchanged across v21–v25). Override with WHATSAPP_API_BASE /
 * MESSENGER_API_BASE when Meta retires it.
 */
export const DEFAULT_API_BASES = {
  telegramApiBase: 'https://api.telegram.org',
  whatsappApiBase: 'https://graph.facebook.com/v23.0',
  messengerApiBase: 'https://graph.facebook.com/v23.0',
  twilioApiBase: 'https://api.twilio.com',
} as const;

export interface AdapterOptions {
  telegramApiBase?: string;
  whatsappApiBase?: string;
  messengerApiBase?: string;
  twilioApiBase?: string;
  fetch?: typeof globalThis.fetch;
  clock?: () => Date;
  ids?: () => string;
  /** Per provider call (HTTP request or SMTP stage). */
  timeoutMs?: number;
}

export type AdapterRegistry = Record<ChannelType, ChannelAdapter>;

export function createAdapters(options: AdapterOptions = {}): AdapterRegistry {
  const deps: AdapterDeps = {
    fetch: options.fetch ?? globalThis.fetch,
    clock: options.clock ?? (() => new Date()),
    ids: options.ids ?? randomUUID,
    timeoutMs: options.timeoutMs ?? 15_000,
  };
  return {
    telegram: createTelegramAdapter(deps, options.telegramApiBase ?? DEFAULT_API_BASES.telegramApiBase),
    whatsapp: createWhatsappAdapter(deps, options.whatsappApiBase ?? DEFAULT_API_BASES.whatsappApiBase),
    messenger: createMessengerAdapter(deps, options.messengerApiBase ?? DEFAULT_API_BASES.messengerApiBase),
    sms: createTwilioAdapter(deps, options.twilioApiBase ?? DEFAULT_API_BASES.twilioApiBase),
    email: createEmailAdapter(deps),
    webchat: createWebchatAdapter(deps),
  };
}

export {
  ChannelType,
  credentialSchemas,
  generatedCredentialFields,
  generateSecret,
  parseCredentials,
} from './credentials';
export { buildReplyHeaders, threadRootId } from './email/threading';
export { InboundPayloadError, ProviderError } from './errors';
export type * from './types';
export { claimedWebchatChannel, issueWebchatToken, verifyWebchatToken } from './webchat/session-token';
