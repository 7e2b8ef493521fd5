import type { EventBus } from '@turumba/platform/bus';
import type { Db } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import type { MessagingApiConfig } from './config';

/** What every domain module of the Messaging API is built from (the composition root passes it). */
export interface ModuleDeps {
  db: Db;
  bus: EventBus;
  kv: Kv;
  logger: Logger;
  config: MessagingApiConfig;
  clock: () => Date;
  ids: () => string;
}

/** A running background consumer (inbound worker, dispatcher...). */
export interface Worker {
  name: string;
  stop(): Promise<void>;
}
