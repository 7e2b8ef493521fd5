import type { Db } from '@turumba/platform/db';
import { and, eq, sql } from 'drizzle-orm';
import type { InboundAttachment, InboundMessage } from '../channels/adapters';
import type { LoadedChannel } from '../channels/channel-store';
import { conversations } from '../conversations/tables';
import { messagePreview } from '../messages/dto';
import { type MessageAttachment, messages } from '../messages/tables';
import { findOrCreateActiveConversation } from './find-or-create-conversation';
import { enqueueInboundEvents } from './inbound-events';
import type { ResolvedContact } from './resolve-contact';

export interface InboundContext {
  channel: LoadedChannel;
  contact: ResolvedContact;
  inboundEventId: string;
  now: Date;
  ids: () => string;
}

/** Bytes carried inline (email parts) are not kept in JSON; their description is. */
function toAttachment({ content: _bytes, ...rest }: InboundAttachment): MessageAttachment {
  return Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as unknown as MessageAttachment;
}

function metadataOf(message: InboundMessage, inboundEventId: string): Record<string, unknown> {
  return {
    ...message.metadata,
    raw_type: message.raw_type,
    provider_timestamp: message.timestamp.toISOString(),
    inbound_event_id: inboundEventId,
    ...(message.interactive ? { interactive: message.interactive } : {}),
    ...(message.is_edit ? { is_edit: true } : {}),
    ...(message.thread ? { email: { ...message.thread, subject: message.subject ?? null } } : {}),
  };
}

async function messageIdByProviderId(tx: Db, channelId: string, providerMessageId: string | undefined) {
  if (!providerMessageId) return undefined;
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.providerMessageId, providerMessageId)));
  return row?.id;
}

/**
 * The same provider message was stored by a concurrent transaction after this one's check, and
 * this one had already created or reopened the conversation for it: the whole transaction rolls
 * back and the bus delivers the event again, when the check finds the stored message.
 */
export class DuplicateMessageRace extends Error {
  constructor() {
    super('the same provider message was stored concurrently; retrying the event');
    this.name = 'DuplicateMessageRace';
  }
}

/**
 * Stores one customer message in the caller's transaction (spec §4 step 4): finds or creates
 * the conversation, inserts the message, updates the inbox fields, and enqueues
 * `conversation.created` (when new), `conversation.status_changed` (when reopened) and
 * `conversation.message.created`. Returns false for a duplicate. No savepoint of its own (two
 * round trips per message): a duplicate is found by the check before anything is written, and
 * one that races past it is harmless unless this call already wrote (`DuplicateMessageRace`).
 */
export async function storeInboundMessage(
  tx: Db,
  message: InboundMessage,
  ctx: InboundContext,
): Promise<boolean> {
  const { channel, contact, now } = ctx;
  if (await messageIdByProviderId(tx, channel.row.id, message.provider_message_id)) return false;
  const { conversation, isNew, previousStatus } = await findOrCreateActiveConversation(
    tx,
    {
      accountId: channel.row.accountId,
      channelId: channel.row.id,
      channelType: channel.type,
      contactId: contact.contactId,
      contactIdentifier: message.sender.identifier,
      contactName: contact.contactName ?? message.sender.display_name ?? null,
      subject: message.subject ?? null,
    },
    now,
    ctx.ids,
  );
  const attachments = message.attachments.map(toAttachment);
  const [stored] = await tx
    .insert(messages)
    .values({
      id: ctx.ids(),
      accountId: channel.row.accountId,
      conversationId: conversation.id,
      channelId: channel.row.id,
      direction: 'inbound',
      senderType: 'contact',
      content: message.text,
      status: 'delivered',
      providerMessageId: message.provider_message_id,
      attachments,
      metadata: metadataOf(message, ctx.inboundEventId),
      replyToMessageId:
        (await messageIdByProviderId(tx, channel.row.id, message.reply_to_provider_message_id)) ?? null,
      deliveredAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!stored) {
    if (isNew || previousStatus) throw new DuplicateMessageRace();
    return false;
  }
  const inboundAt = message.timestamp.getTime() > now.getTime() ? now : message.timestamp;
  const [updated] = await tx
    .update(conversations)
    .set({
      lastMessageAt: now,
      lastInboundAt: sql`greatest(${conversations.lastInboundAt}, ${inboundAt.toISOString()}::timestamptz)`,
      lastMessagePreview: messagePreview(message.text, attachments),
      waitingSince: sql`coalesce(${conversations.waitingSince}, ${now.toISOString()}::timestamptz)`,
      contactId: sql`coalesce(${conversations.contactId}, ${contact.contactId}::uuid)`,
      updatedAt: now,
    })
    .where(eq(conversations.id, conversation.id))
    .returning();
  await enqueueInboundEvents(tx, {
    conversation: updated!,
    message: stored,
    isNew,
    previousStatus,
    accountId: channel.row.accountId,
    now,
  });
  return true;
}
