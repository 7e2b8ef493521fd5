import type { Message } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { type FieldError, ValidationFailed } from '@turumba/platform/errors';
import { enqueue } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { createCannedResponseLookup } from '../canned-responses/service';
import { messagePreview, toMessageDto } from '../messages/dto';
import type { CreateMessageBody } from '../messages/schema';
import { createMessageStore } from '../messages/service';
import { templates } from '../templates/tables';
import { actorOf, type ConversationDeps, lockVisible, viewerOf } from './access';
import { applyUpdate } from './apply-update';
import type { Caller } from './caller';
import { toConversationDto } from './dto';
import { ConversationClosed } from './errors';
import { messageCreatedEvent } from './events';
import { conversationRepo } from './repo';

/**
 * `POST /v1/conversations/{id}/messages`. A reply is stored outbound/agent in status `queued`
 * and the dispatcher sends it on `conversation.message.created`. A private note is stored in
 * status `sent` (nothing to send: the dispatcher only takes non-private `queued` messages) and
 * never reaches the customer. A reply to an unassigned open or bot conversation assigns it to
 * the replier first; pending stays pending; resolved stays resolved until the customer answers.
 */
export function createPostMessageUseCase(deps: ConversationDeps) {
  return async function postMessage(caller: Caller, id: string, body: CreateMessageBody): Promise<Message> {
    const viewer = await viewerOf(deps, caller);
    return deps.db.transaction(async (tx) => {
      let current = await lockVisible(tx, viewer, id);
      if (current.status === 'closed') throw new ConversationClosed();
      await requireOwnMessageReferences(tx, current.accountId, body);
      let at = deps.clock();
      const isReply = !body.is_private;
      const isUnheld = current.assigneeId === null && (current.status === 'open' || current.status === 'bot');
      if (isReply && isUnheld) {
        const actor = actorOf(viewer, current.accountId);
        ({ row: current, nextAt: at } = await applyUpdate(
          tx,
          deps,
          current,
          { assigneeId: viewer.userId },
          actor,
          at,
        ));
      }
      const metadata: Record<string, unknown> = {};
      if (body.canned_response_id) metadata.canned_response_id = body.canned_response_id;
      if (body.template_id) metadata.template_id = body.template_id;
      const [message] = await createMessageStore(tx).insert([
        {
          id: deps.ids(),
          accountId: current.accountId,
          conversationId: current.id,
          channelId: current.channelId,
          direction: 'outbound',
          senderType: 'agent',
          senderId: viewer.userId,
          content: body.content,
          isPrivate: body.is_private,
          status: isReply ? 'queued' : 'sent',
          attachments: body.attachments,
          metadata,
          sentAt: isReply ? null : at,
          createdAt: at,
          updatedAt: at,
        },
      ]);
      const patch = isReply
        ? {
            lastMessageAt: at,
            lastMessagePreview: messagePreview(body.content, body.attachments),
            waitingSince: null,
            firstReplyAt: current.firstReplyAt ?? at,
            updatedAt: at,
          }
        : { updatedAt: at };
      const row = await conversationRepo(tx).update(current.accountId, current.id, patch);
      const dto = toMessageDto(message!);
      await enqueue(tx, messageCreatedEvent(dto, toConversationDto(row), at));
      return dto;
    });
  };
}

/** A canned response or template named by a message must be one of the conversation's account. */
async function requireOwnMessageReferences(tx: Db, accountId: string, body: CreateMessageBody) {
  const errors: FieldError[] = [];
  const canned = body.canned_response_id;
  if (canned && !(await createCannedResponseLookup(tx).isOfAccount(accountId, canned))) {
    errors.push({ field: 'body.canned_response_id', message: 'Not a canned response of this account' });
  }
  const template = body.template_id;
  if (template) {
    const [own] = await tx
      .select({ id: templates.id })
      .from(templates)
      .where(and(eq(templates.accountId, accountId), eq(templates.id, template)))
      .limit(1);
    if (!own) errors.push({ field: 'body.template_id', message: 'Not a template of this account' });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
}
