import type { Db } from '@turumba/platform/db';
import { messageRepo } from './repo';

export type { KeyedMessage, MessageRow, NewMessageRow, ThreadKey } from './repo';

/** The messages module's surface for the conversation use-cases (inside their transactions). */
export function createMessageStore(db: Db) {
  const repo = messageRepo(db);
  return { insert: repo.insert, page: repo.page };
}
