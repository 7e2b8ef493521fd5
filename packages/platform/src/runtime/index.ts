import { join } from 'node:path';
import { createBus } from '../bus';
import type { EventBus } from '../bus/types';
import { createDatabase } from '../db';
import type { Database } from '../db/types';
import type { ReadinessCheck } from '../http';
import { type Closer, closeInOrder } from '../http/lifecycle';
import { createKv } from '../kv';
import type { Kv } from '../kv/types';
import type { Logger } from '../logger';
import { createOutboxRelay } from '../outbox';

export interface InfrastructureOptions {
  /** Service name; the PGlite data dir is `<dataDir>/<name>`. */
  name: string;
  logger: Logger;
  migrationsFolder: string;
  databaseUrl?: string;
  /** Root of embedded data; PGlite lives under `<dataDir>/<name>`. Omit, or `:memory:`, for an in-memory PGlite. */
  dataDir?: string;
  /** Connections in the PostgreSQL pool (default 10). */
  databasePoolSize?: number;
  rabbitmqUrl?: string;
  redisUrl?: string;
  /**
   * Components given by the caller instead of created here (and then not closed here): the
   * in-process bus and KV shared by services in one process, or a test's database.
   */
  shared?: { bus?: EventBus; kv?: Kv; database?: Database };
  /** Run the outbox relay in this process (default true). */
  runOutboxRelay?: boolean;
}

export interface Infrastructure {
  database: Database;
  bus: EventBus;
  kv: Kv;
  readiness: Record<string, ReadinessCheck>;
  /** Stops the relay and closes what this service opened (not what it was given). */
  close(): Promise<void>;
}

/** Database, bus, KV and outbox relay of one service: real servers when URLs are set, embedded otherwise. */
export async function createInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const { logger } = options;
  const database =
    options.shared?.database ??
    (await createDatabase({
      url: options.databaseUrl,
      dataDir:
        options.databaseUrl || !options.dataDir || options.dataDir === ':memory:'
          ? undefined
          : join(options.dataDir, options.name),
      migrationsFolder: options.migrationsFolder,
      poolSize: options.databasePoolSize,
      logger,
    }));
  const bus = options.shared?.bus ?? (await createBus({ url: options.rabbitmqUrl, logger }));
  const kv = options.shared?.kv ?? (await createKv({ url: options.redisUrl, logger }));
  const relay = options.runOutboxRelay === false ? undefined : createOutboxRelay({ database, bus, logger });
  await relay?.start();

  const closers: Array<[string, Closer]> = [];
  if (relay) closers.push(['outbox relay', () => relay.stop()]);
  if (!options.shared?.bus) closers.push(['bus', () => bus.close()]);
  if (!options.shared?.kv) closers.push(['kv', () => kv.close()]);
  if (!options.shared?.database) closers.push(['database', () => database.close()]);

  return {
    database,
    bus,
    kv,
    readiness: { database: () => database.ping(), bus: () => bus.check(), kv: () => kv.ping() },
    close: () => closeInOrder(closers, logger),
  };
}
