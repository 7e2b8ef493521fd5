import type { Db } from '@turumba/platform/db';
import { enqueueAll } from '@turumba/platform/outbox';
import { toMessageDto } from '../messages/dto';
import { createMessageStore } from '../messages/service';
import type { ModuleDeps } from '../module-deps';
import { describeChanges } from './activity';
import { activityMessage } from './apply-update';
import { toConversationDto } from './dto';
import { changeEvents, messageCreatedEvent } from './events';
import { conversationRepo } from './repo';

export interface Identity {
  accountId: string;
  channelType: string;
  identifier: string;
}

/**
 * An identity now belongs to another contact: its active conversation follows (future ones pick
 * the contact up from the identity when they are created). Runs in the caller's transaction.
 */
export async function repointActiveConversations(
  tx: Db,
  deps: Pick<ModuleDeps, 'ids'>,
  identity: Identity,
  contactId: string,
  actorId: string,
  now: Date,
): Promise<number> {
  const repo = conversationRepo(tx);
  const rows = await repo.lockActiveOfIdentity(identity.accountId, identity.channelType, identity.identifier);
  let moved = 0;
  for (const current of rows) {
    if (current.contactId === contactId) continue;
    const row = await repo.update(current.accountId, current.id, { contactId, updatedAt: now });
    const changes = { contact_id: { from: current.contactId, to: contactId } };
    const lines = await createMessageStore(tx).insert(
      describeChanges(changes, actorId).map((a) => activityMessage(row, a, deps.ids(), now)),
    );
    const dto = toConversationDto(row);
    await enqueueAll(tx, [
      ...changeEvents(dto, changes, actorId, null, now),
      ...lines.map((line) => messageCreatedEvent(toMessageDto(line), dto, now)),
    ]);
    moved++;
  }
  return moved;
}
