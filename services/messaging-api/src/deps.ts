import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { EventBus } from '@turumba/platform/bus';
import type { Database } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import { createLogger, type Logger } from '@turumba/platform/logger';
import { createInfrastructure } from '@turumba/platform/runtime';
import type { MessagingApiConfig } from './config';
import { type AccountDirectory, createHttpAccountDirectory } from './conversations/service';
import type { ModuleDeps } from './module-deps';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface Overrides {
  logger?: Logger;
  shared?: { bus?: EventBus; kv?: Kv; database?: Database };
  clock?: () => Date;
  /** Teams and names of users (the Account API by default; an in-process fake in tests). */
  directory?: AccountDirectory;
}

export async function createDeps(config: MessagingApiConfig, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger({ name: 'messaging-api', level: config.LOG_LEVEL });
  const infra = await createInfrastructure({
    name: 'messaging',
    logger,
    migrationsFolder,
    databaseUrl: config.MESSAGING_DATABASE_URL,
    databasePoolSize: config.DATABASE_POOL_SIZE,
    dataDir: config.DATA_DIR,
    rabbitmqUrl: config.RABBITMQ_URL,
    redisUrl: config.REDIS_URL,
    shared: overrides.shared,
  });
  const db = infra.database.db;
  const clock = overrides.clock ?? (() => new Date());
  const ids = () => randomUUID();
  const modules: ModuleDeps = { db, bus: infra.bus, kv: infra.kv, logger, config, clock, ids };
  const directory =
    overrides.directory ??
    createHttpAccountDirectory({
      accountApiUrl: config.ACCOUNT_API_URL,
      serviceToken: config.SERVICE_TOKEN,
      kv: infra.kv,
      logger,
    });
  return { config, logger, clock, ids, infra, modules, directory };
}
export type Deps = Awaited<ReturnType<typeof createDeps>>;
