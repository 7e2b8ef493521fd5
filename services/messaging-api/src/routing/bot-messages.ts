import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import type { ReplyTemplate } from '../bot-rules/templates';
import { type Activity, describeRouting, type RoutingFacts } from '../conversations/activity';
import { activityMessage } from '../conversations/apply-update';
import { toConversationDto } from '../conversations/dto';
import { messageCreatedEvent } from '../conversations/events';
import { messagePreview, toMessageDto } from '../messages/dto';
import { createMessageStore } from '../messages/service';
import { placeholdersOf, renderTemplate } from '../templates/render';
import { type ConversationRow, routingRepo } from './repo';

/*
 * The messages routing adds to a thread, in the caller's transaction: the bot's reply (outbound,
 * sender_type bot, status queued: the dispatcher sends it on conversation.message.created) and a
 * private system line saying what routing did.
 */

/** The variables of a bot reply, named as the templates module names them (templates/render-context.ts). */
export interface ReplyValues {
  contact_name: string | null;
  /** Null when the conversation was not queued. */
  queue_position: number | null;
  conversation_id: string;
  conversation_display_id: number;
  channel_type: string;
}

/**
 * A customer never sees a raw `{{placeholder}}`: every variable without a value renders as its
 * template default, or as nothing.
 */
export function renderReply(
  content: string,
  values: ReplyValues,
  defaults: Record<string, string> = {},
): string {
  const blanks = Object.fromEntries(placeholdersOf(content).map((name) => [name, '']));
  return renderTemplate(content, { ...values }, { ...blanks, ...defaults }).text.trim();
}

export async function postBotReply(
  tx: Db,
  row: ConversationRow,
  reply: { ruleId: string; content: string; template?: ReplyTemplate },
  id: string,
  at: Date,
): Promise<ConversationRow> {
  const [message] = await createMessageStore(tx).insert([
    {
      id,
      accountId: row.accountId,
      conversationId: row.id,
      channelId: row.channelId,
      direction: 'outbound',
      senderType: 'bot',
      senderId: reply.ruleId,
      content: reply.content,
      isPrivate: false,
      status: 'queued',
      metadata: { bot_rule_id: reply.ruleId, ...(reply.template ? { template_id: reply.template.id } : {}) },
      createdAt: at,
      updatedAt: at,
    },
  ]);
  const updated = await routingRepo(tx).updateConversation(row.accountId, row.id, {
    lastMessageAt: at,
    lastMessagePreview: messagePreview(reply.content, []),
    updatedAt: at,
  });
  await enqueue(tx, messageCreatedEvent(toMessageDto(message!), toConversationDto(updated), at));
  return updated;
}

/** The private "Routed …" activity line (metadata.event `routed`). */
export async function postRoutingLine(
  tx: Db,
  row: ConversationRow,
  activity: Activity,
  id: string,
  at: Date,
) {
  const [line] = await createMessageStore(tx).insert([activityMessage(row, activity, id, at)]);
  await enqueue(tx, messageCreatedEvent(toMessageDto(line!), toConversationDto(row), at));
}

export interface ThreadWrite {
  /** The rules that routed a customer message (a line is written); null for the drain (no line). */
  matched: RoutingFacts['matched_rules'] | null;
  outcome: RoutingFacts['outcome'];
  queuePosition: number | null;
  reply?: { ruleId: string; text?: string; template?: ReplyTemplate };
  ids: () => string;
  /** The first free instant after the lines applyUpdate wrote. */
  at: Date;
}

/** The routing line and the bot's reply, in that order; returns the row and whose reply was sent. */
export async function writeThread(tx: Db, row: ConversationRow, w: ThreadWrite) {
  const at = (offset: number) => new Date(w.at.getTime() + offset);
  if (w.matched) {
    const facts = { outcome: w.outcome, matched_rules: w.matched, queue_position: w.queuePosition };
    await postRoutingLine(tx, row, describeRouting(facts), w.ids(), at(0));
  }
  if (!w.reply) return { row, repliedRuleId: undefined };
  const values: ReplyValues = {
    contact_name: row.contactName,
    queue_position: w.queuePosition,
    conversation_id: row.id,
    conversation_display_id: row.displayId,
    channel_type: row.channelType,
  };
  const content = renderReply(
    w.reply.template?.content ?? w.reply.text ?? '',
    values,
    w.reply.template?.defaults,
  );
  if (!content) return { row, repliedRuleId: undefined };
  const reply = { ruleId: w.reply.ruleId, content, template: w.reply.template };
  return { row: await postBotReply(tx, row, reply, w.ids(), at(1)), repliedRuleId: w.reply.ruleId };
}
