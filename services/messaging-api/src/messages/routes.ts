import { itemEnvelope, Message } from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import { callerOf } from '../conversations/caller';
import { ConversationParams } from '../conversations/schema';
import type { ConversationService } from '../conversations/service';
import { CreateMessageBody, ThreadEnvelope, ThreadQuery } from './schema';

const tags = ['messages'];
const security = [{ bearerAuth: [] }];

/** The thread of a conversation: agent replies, internal notes, history with activity lines. */
export function registerMessageRoutes(app: HttpApp, service: ConversationService) {
  app.post(
    '/v1/conversations/:id/messages',
    {
      schema: {
        tags,
        security,
        summary: 'Reply to the customer (queued for sending) or add an internal note (is_private)',
        params: ConversationParams,
        body: CreateMessageBody,
        response: { 201: itemEnvelope(Message) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(ok(await service.postMessage(callerOf(request), request.params.id, request.body))),
  );

  app.get(
    '/v1/conversations/:id/messages',
    {
      schema: {
        tags,
        security,
        summary: 'Messages oldest first, with notes and activity lines; before/after cursors',
        params: ConversationParams,
        querystring: ThreadQuery,
        response: { 200: ThreadEnvelope },
      },
    },
    async (request) => {
      const result = await service.listMessages(callerOf(request), request.params.id, request.query);
      return { success: true as const, ...result };
    },
  );
}
