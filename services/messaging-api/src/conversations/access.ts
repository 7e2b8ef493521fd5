import type { Db } from '@turumba/platform/db';
import type { ModuleDeps } from '../module-deps';
import type { Caller } from './caller';
import type { InboxCounter } from './counts';
import type { AccountDirectory } from './directory';
import { ConversationNotFound } from './errors';
import type { Actor } from './plan-update';
import { type ConversationRow, conversationRepo, type InboxRow } from './repo';
import { canSee, isManagerIn, resolveViewer, type Viewer } from './viewer';

export interface ConversationDeps extends Pick<ModuleDeps, 'db' | 'clock' | 'ids'> {
  directory: AccountDirectory;
  counter: InboxCounter;
}

/** Locks a conversation the viewer may see; anything else (another tenant, another team) is 404. */
export async function lockVisible(tx: Db, viewer: Viewer, id: string): Promise<ConversationRow> {
  const row = await conversationRepo(tx).lock(viewer.accountIds, id);
  if (!row || !canSee(viewer, row)) throw new ConversationNotFound();
  return row;
}

export async function findVisible(db: Db, viewer: Viewer, id: string): Promise<InboxRow> {
  const row = await conversationRepo(db).findVisible(viewer, id);
  if (!row) throw new ConversationNotFound();
  return row;
}

export function actorOf(viewer: Viewer, accountId: string): Actor {
  return { userId: viewer.userId, isManager: isManagerIn(viewer, accountId) };
}

/** Resolves the viewer (teams come from the directory, before any transaction opens). */
export function viewerOf(deps: ConversationDeps, caller: Caller): Promise<Viewer> {
  return resolveViewer(caller, deps.directory);
}
