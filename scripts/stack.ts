/**
 * The whole product in one process: the four services on their ports, sharing the embedded
 * in-process bus and KV unless RABBITMQ_URL / REDIS_URL point at real servers.
 * Used by `npm start` and by the end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBus } from '@turumba/platform/bus';
import { closeInOrder } from '@turumba/platform/http';
import { createKv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import { loadConfig as loadAccountConfig } from '../services/account-api/src/config';
import { startAccountApi } from '../services/account-api/src/start';
import { loadConfig as loadGatewayConfig } from '../services/gateway/src/config';
import { startGateway } from '../services/gateway/src/start';
import { loadConfig as loadMessagingConfig } from '../services/messaging-api/src/config';
import { startMessagingApi } from '../services/messaging-api/src/start';
import { loadConfig as loadRealtimeConfig } from '../services/realtime/src/config';
import { startRealtime } from '../services/realtime/src/start';

export interface Stack {
  gatewayUrl: string;
  /** The generated demo password, on the start that created the demo account. */
  demoPassword?: string;
  close(): Promise<void>;
}

/** Secrets the services share, generated on first start (or when a new one appears) under DATA_DIR. */
const secretNames = ['GATEWAY_SHARED_SECRET', 'SERVICE_TOKEN', 'CREDENTIALS_ENCRYPTION_KEY'] as const;

function localSecrets(dataDir: string): Record<string, string> {
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const missing = secretNames.filter((name) => !secrets[name]);
  for (const name of missing) secrets[name] = randomBytes(32).toString('base64url');
  if (missing.length > 0) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startStack(source: Record<string, string | undefined>, logger: Logger): Promise<Stack> {
  const dataDir = resolve(source.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });
  const secrets = localSecrets(dataDir);
  const env: Record<string, string | undefined> = { ...source, DATA_DIR: dataDir };
  for (const [name, value] of Object.entries(secrets)) env[name] ||= value;

  const shared = {
    bus: env.RABBITMQ_URL ? undefined : await createBus({ logger }),
    kv: env.REDIS_URL ? undefined : await createKv({ logger }),
  };
  const child = (service: string) => ({ logger: logger.child({ service }), shared });
  // Each service learns where the others actually listen (ports may be 0 in tests).
  const account = await startAccountApi(loadAccountConfig(env), child('account-api'));
  env.ACCOUNT_API_URL = account.url;
  const messaging = await startMessagingApi(loadMessagingConfig(env), child('messaging-api'));
  env.MESSAGING_API_URL = messaging.url;
  const realtime = await startRealtime(loadRealtimeConfig(env), child('realtime'));
  env.REALTIME_URL = realtime.url;
  const gateway = await startGateway(loadGatewayConfig(env), {
    logger: logger.child({ service: 'gateway' }),
  });

  return {
    gatewayUrl: gateway.url,
    demoPassword: account.demoPassword,
    close: () =>
      closeInOrder(
        [
          ['gateway', () => gateway.close()],
          ['realtime', () => realtime.close()],
          ['messaging-api', () => messaging.close()],
          ['account-api', () => account.close()],
          ['bus', async () => shared.bus?.close()],
          ['kv', async () => shared.kv?.close()],
        ],
        logger,
      ),
  };
}
