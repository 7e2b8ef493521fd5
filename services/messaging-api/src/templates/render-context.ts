import type { Db } from '@turumba/platform/db';
import { NotFound } from '@turumba/platform/errors';
import type { Logger } from '@turumba/platform/logger';
import { and, eq } from 'drizzle-orm';
import type { AccountClient } from '../account-client';
import { conversations } from '../conversations/tables';
import type { TemplateValue } from './render';

/**
 * The values a template can use without the caller giving them: the conversation's, its
 * contact's (from the Account API, best effort) and the requesting agent's id.
 */
export async function renderContext(
  deps: { db: Db; accounts: AccountClient; logger: Logger },
  accountId: string,
  conversationId: string | undefined,
  agentId: string,
): Promise<Record<string, TemplateValue>> {
  const values: Record<string, TemplateValue> = { agent_id: agentId };
  try {
    const agent = await deps.accounts.getUser(accountId, agentId);
    Object.assign(values, { agent_name: agent.name, agent_email: agent.email });
  } catch (err) {
    deps.logger.warn({ err, agentId }, 'agent fields unavailable for a template');
  }
  if (!conversationId) return values;
  const [conversation] = await deps.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId)));
  if (!conversation) throw new NotFound('Conversation');
  Object.assign(values, {
    conversation_id: conversation.id,
    conversation_display_id: conversation.displayId,
    conversation_subject: conversation.subject,
    channel_type: conversation.channelType,
    contact_identifier: conversation.contactIdentifier,
    contact_name: conversation.contactName,
  });
  if (!conversation.contactId) return values;
  try {
    const contact = await deps.accounts.getContact(accountId, conversation.contactId);
    Object.assign(values, {
      contact_name: contact.name ?? conversation.contactName,
      contact_phone: contact.phone,
      contact_email: contact.email,
    });
  } catch (err) {
    deps.logger.warn({ err, contactId: conversation.contactId }, 'contact fields unavailable for a template');
  }
  return values;
}
