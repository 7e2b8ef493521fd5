import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';
import { DEFAULT_API_BASES } from './channels/adapters';

/** 32 bytes, base64 or base64url (what `openssl rand -base64 32` or scripts/stack.ts produce). */
const encryptionKey = () =>
  z
    .string()
    .refine(
      (value) => Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length === 32,
      'must be 32 bytes encoded as base64 or base64url',
    );

const keyList = () =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((k) => k.trim()) : []))
    .pipe(z.array(encryptionKey()));

export const MessagingApiConfig = z.object({
  MESSAGING_API_PORT: env.port(8002),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  /** PostgreSQL; PGlite under DATA_DIR/messaging when unset. */
  MESSAGING_DATABASE_URL: env.optionalUrl(),
  /** PostgreSQL connections of this process: the API, the outbox relay and every worker share them. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  DATA_DIR: z.string().default('./data'),
  RABBITMQ_URL: env.optionalUrl(),
  REDIS_URL: env.optionalUrl(),
  GATEWAY_SHARED_SECRET: env.secret(),
  SERVICE_TOKEN: env.secret(),
  ACCOUNT_API_URL: env.url().default('http://127.0.0.1:8001'),
  PUBLIC_URL: env.url().default('http://localhost:8080'),
  /** AES-256-GCM key of channel credentials at rest. */
  CREDENTIALS_ENCRYPTION_KEY: encryptionKey(),
  /** Comma-separated retired keys, still accepted for decryption during a key rotation. */
  CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS: keyList(),
  TELEGRAM_API_BASE: env.url().default(DEFAULT_API_BASES.telegramApiBase),
  WHATSAPP_API_BASE: env.url().default(DEFAULT_API_BASES.whatsappApiBase),
  MESSENGER_API_BASE: env.url().default(DEFAULT_API_BASES.messengerApiBase),
  TWILIO_API_BASE: env.url().default(DEFAULT_API_BASES.twilioApiBase),
  /** Per provider call (HTTP request or SMTP stage). */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Delivery attempts of an outbound message before it is marked failed. */
  DISPATCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** A stored webhook still unprocessed this long is queued for the inbound worker again. */
  INBOUND_REDRIVE_AFTER_MS: z.coerce.number().int().min(10_000).default(300_000),
  /** Messages per second per channel when the channel's settings name no `rate_limit_per_second`. */
  CHANNEL_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).default(20),
  /** Web-chat messages a visitor may post per minute (an IP gets four times as many). */
  WEBCHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
});
export type MessagingApiConfig = z.infer<typeof MessagingApiConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): MessagingApiConfig {
  return parseConfig(MessagingApiConfig, source);
}
