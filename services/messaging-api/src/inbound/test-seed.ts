import { randomUUID } from 'node:crypto';
import { enqueue } from '@turumba/platform/outbox';
import { eq } from 'drizzle-orm';
import type { ChannelType } from '../channels/adapters';
import type { PipelineHarness } from '../channels/test-harness';
import { toConversationDto } from '../conversations/dto';
import { conversations } from '../conversations/tables';
import { toMessageDto } from '../messages/dto';
import { messages } from '../messages/tables';
import { type ConversationRow, findOrCreateActiveConversation } from './find-or-create-conversation';

type NewMessage = typeof messages.$inferInsert;

/** An active conversation with a customer, as the inbound worker would have made it. */
export async function seedConversation(
  h: PipelineHarness,
  channel: { id: string; type: ChannelType },
  identifier: string,
  fields: Partial<typeof conversations.$inferInsert> = {},
): Promise<ConversationRow> {
  return h.db.transaction(async (tx) => {
    const target = {
      accountId: h.accountId,
      channelId: channel.id,
      channelType: channel.type,
      contactId: randomUUID(),
      contactIdentifier: identifier,
      contactName: 'Customer',
    };
    const { conversation } = await findOrCreateActiveConversation(tx, target, new Date(), randomUUID);
    const [row] = await tx
      .update(conversations)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(conversations.id, conversation.id))
      .returning();
    return row!;
  });
}

/**
 * An outbound message as the agent-reply use-case stores it; with `emit`, it also enqueues
 * `conversation.message.created` in the same transaction, which is what the dispatcher consumes.
 */
export async function seedOutboundMessage(
  h: PipelineHarness,
  conversation: ConversationRow,
  fields: Partial<NewMessage> = {},
  emit = false,
) {
  return h.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        id: randomUUID(),
        accountId: conversation.accountId,
        conversationId: conversation.id,
        channelId: conversation.channelId,
        direction: 'outbound',
        senderType: 'agent',
        senderId: randomUUID(),
        content: 'Hello from support',
        status: 'queued',
        ...fields,
      })
      .returning();
    if (emit) {
      await enqueue(tx, {
        event_type: 'conversation.message.created',
        account_id: conversation.accountId,
        aggregate_type: 'conversation',
        aggregate_id: conversation.id,
        data: {
          message: toMessageDto(row!),
          conversation: toConversationDto(conversation),
          is_new_conversation: false,
        },
      });
    }
    return row!;
  });
}

export async function messageById(h: PipelineHarness, id: string) {
  const [row] = await h.db.select().from(messages).where(eq(messages.id, id));
  return row!;
}
