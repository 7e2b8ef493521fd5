import type { Db } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import type { AccountApiConfig } from './config';

/** What every domain module of the Account API is built from (the composition root passes it). */
export interface ModuleDeps {
  db: Db;
  kv: Kv;
  logger: Logger;
  config: AccountApiConfig;
  clock: () => Date;
  ids: () => string;
}
