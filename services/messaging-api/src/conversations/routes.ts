import { Conversation, itemEnvelope, listEnvelope } from '@turumba/contracts';
import { compiledSerializer, type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from './caller';
import {
  ConversationDetail,
  ConversationParams,
  CreateConversationBody,
  InboxConversation,
  InboxCounts,
  InboxQuery,
  UpdateConversationBody,
} from './schema';
import type { ConversationService } from './service';

const tags = ['conversations'];
const security = [{ bearerAuth: [] }];

/** `/v1/conversations`: the inbox list and counts, and conversation CRUD (spec §7). */
export function registerConversationRoutes(app: HttpApp, service: ConversationService) {
  app.get(
    '/v1/conversations',
    {
      // The agents' busiest read: pages of up to 500 rows, written by a compiled serializer
      // (platform/http compiled-serializer.ts); list.test.ts checks its answers against the schema.
      serializerCompiler: compiledSerializer,
      schema: {
        tags,
        security,
        summary: 'Inbox: filters, text search, sort, offset or keyset (cursor) paging',
        querystring: InboxQuery,
        response: { 200: listEnvelope(InboxConversation) },
      },
    },
    async (request) => {
      const result = await service.listConversations(callerOf(request), request.query);
      return list(result.data, result.meta);
    },
  );

  app.get(
    '/v1/conversations/counts',
    {
      schema: {
        tags,
        security,
        summary: "The viewer's inbox tab counts",
        response: { 200: itemEnvelope(InboxCounts) },
      },
    },
    async (request) => ok(await service.countConversations(callerOf(request))),
  );

  app.post(
    '/v1/conversations',
    {
      schema: {
        tags,
        security,
        summary: 'Start a conversation by hand (409 when the contact has an active one on the channel)',
        body: CreateConversationBody,
        response: { 201: itemEnvelope(Conversation) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await service.createConversation(callerOf(request), request.body))),
  );

  app.get(
    '/v1/conversations/:id',
    {
      schema: {
        tags,
        security,
        summary: "A conversation with its latest messages and the contact's identities",
        params: ConversationParams,
        response: { 200: itemEnvelope(ConversationDetail) },
      },
    },
    async (request) => ok(await service.getConversation(callerOf(request), request.params.id)),
  );

  app.patch(
    '/v1/conversations/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change status (through the status machine), assignee, team, priority, labels, subject',
        params: ConversationParams,
        body: UpdateConversationBody,
        response: { 200: itemEnvelope(Conversation) },
      },
    },
    async (request) =>
      ok(await service.updateConversation(callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/conversations/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Close a conversation (soft: it stays, closed is terminal)',
        params: ConversationParams,
        response: { 204: z.null().describe('Closed') },
      },
    },
    async (request, reply) => {
      await service.closeConversation(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
