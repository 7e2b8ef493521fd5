import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';

export const MessagingApiConfig = z.object({
  MESSAGING_API_PORT: env.port(8002),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  /** PostgreSQL; PGlite under DATA_DIR/messaging when unset. */
  MESSAGING_DATABASE_URL: env.optionalUrl(),
  DATA_DIR: z.string().default('./data'),
  RABBITMQ_URL: env.optionalUrl(),
  REDIS_URL: env.optionalUrl(),
  GATEWAY_SHARED_SECRET: env.secret(),
  SERVICE_TOKEN: env.secret(),
  ACCOUNT_API_URL: env.url().default('http://127.0.0.1:8001'),
  PUBLIC_URL: env.url().default('http://localhost:8080'),
});
export type MessagingApiConfig = z.infer<typeof MessagingApiConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): MessagingApiConfig {
  return parseConfig(MessagingApiConfig, source);
}
