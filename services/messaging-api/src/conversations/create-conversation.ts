import type { Conversation } from '@turumba/contracts';
import { accountForWrite } from '@turumba/platform/auth';
import { isUniqueViolation } from '@turumba/platform/db';
import { NotFound } from '@turumba/platform/errors';
import { enqueue } from '@turumba/platform/outbox';
import { createAssignmentStore } from '../assignments/service';
import { createIdentityLookup, normalizeIdentifier } from '../contact-identifiers/service';
import type { ConversationDeps } from './access';
import type { Caller } from './caller';
import { toConversationDto } from './dto';
import { ActiveConversationExists } from './errors';
import { conversationCreatedEvent } from './events';
import { requireOwnReferences } from './references';
import { conversationRepo } from './repo';
import type { CreateConversationBody } from './schema';

/**
 * `POST /v1/conversations`: an agent starts a conversation by hand (an outbound follow-up, a phone
 * call logged as a thread). The contact comes from the body or from the channel identity.
 */
export function createConversationUseCase(deps: ConversationDeps) {
  return async function createConversation(
    caller: Caller,
    body: CreateConversationBody,
  ): Promise<Conversation> {
    const accountId = accountForWrite(caller.context, caller.accountHeader);
    await requireOwnReferences(deps.directory, accountId, {
      teamId: body.team_id,
      contactId: body.contact_id,
    });
    const now = deps.clock();
    try {
      const row = await deps.db.transaction(async (tx) => {
        const repo = conversationRepo(tx);
        const channelType = await repo.channelType(accountId, body.channel_id);
        if (!channelType) throw new NotFound('Channel');
        const identifier = normalizeIdentifier(channelType, body.contact_identifier);
        const identity = await createIdentityLookup(tx).findByIdentity(accountId, channelType, identifier);
        const teamId = body.team_id ?? null;
        const row = await repo.insert({
          id: deps.ids(),
          accountId,
          displayId: await repo.takeDisplayId(accountId, now),
          channelId: body.channel_id,
          channelType,
          contactId: body.contact_id ?? identity?.contactId ?? null,
          contactIdentifier: identifier,
          contactName: body.contact_name ?? identity?.displayName ?? null,
          teamId,
          status: 'open',
          priority: body.priority ?? 'normal',
          subject: body.subject || null,
          labels: body.labels ?? [],
          lastMessageAt: now,
          queuedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        if (teamId) {
          await createAssignmentStore(tx, deps.ids).handOver({
            accountId,
            conversationId: row.id,
            assigneeId: null,
            teamId,
            assignedBy: caller.context.userId,
            reason: 'manual',
            at: now,
            isClosing: false,
          });
        }
        await enqueue(tx, conversationCreatedEvent(toConversationDto(row), now));
        return row;
      });
      return toConversationDto(row);
    } catch (err) {
      if (!isUniqueViolation(err, 'conversations_active_uq')) throw err;
      const channelType = await conversationRepo(deps.db).channelType(accountId, body.channel_id);
      const identifier = normalizeIdentifier(channelType ?? '', body.contact_identifier);
      throw new ActiveConversationExists(
        await conversationRepo(deps.db).findActiveId(accountId, body.channel_id, identifier),
      );
    }
  };
}
