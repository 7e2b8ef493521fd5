import type { Conversation } from '@turumba/contracts';
import type { ConversationRow } from './repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toConversationDto(row: ConversationRow): Conversation {
  return {
    id: row.id,
    account_id: row.accountId,
    display_id: row.displayId,
    channel_id: row.channelId,
    channel_type: row.channelType,
    contact_id: row.contactId,
    contact_identifier: row.contactIdentifier,
    contact_name: row.contactName,
    assignee_id: row.assigneeId,
    team_id: row.teamId,
    status: row.status,
    priority: row.priority,
    subject: row.subject,
    labels: row.labels,
    first_reply_at: iso(row.firstReplyAt),
    resolved_at: iso(row.resolvedAt),
    last_message_at: row.lastMessageAt.toISOString(),
    last_inbound_at: iso(row.lastInboundAt),
    last_message_preview: row.lastMessagePreview,
    queued_at: iso(row.queuedAt),
    waiting_since: iso(row.waitingSince),
    bot_context: row.botContext,
    metadata: row.metadata,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
