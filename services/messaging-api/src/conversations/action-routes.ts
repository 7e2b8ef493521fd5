import { Conversation, itemEnvelope, listEnvelope, PageQuery } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { AssignmentDto } from '../assignments/schema';
import { ReadReceipt } from '../messages/schema';
import { callerOf } from './caller';
import { AssignBody, ConversationParams } from './schema';
import type { ConversationService } from './service';

const tags = ['conversations'];
const security = [{ bearerAuth: [] }];

/** Assignment and read markers of one conversation. */
export function registerConversationActionRoutes(app: HttpApp, service: ConversationService) {
  app.post(
    '/v1/conversations/:id/assign',
    {
      schema: {
        tags,
        security,
        summary: 'Assign to an agent and/or team; assignee_id null returns it to the queue',
        description:
          'Agents may take an unassigned conversation or release their own; the rest needs admin or supervisor.',
        params: ConversationParams,
        body: AssignBody,
        response: { 200: itemEnvelope(Conversation) },
      },
    },
    async (request) =>
      ok(await service.assignConversation(callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/v1/conversations/:id/assignments',
    {
      schema: {
        tags,
        security,
        summary: 'Assignment history, oldest first (ended_at null: the current holder)',
        params: ConversationParams,
        querystring: PageQuery,
        response: { 200: listEnvelope(AssignmentDto) },
      },
    },
    async (request) => {
      const result = await service.listAssignments(callerOf(request), request.params.id, request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/conversations/:id/read',
    {
      schema: {
        tags,
        security,
        summary: 'Mark the conversation read up to now for the caller (clears their unread count)',
        params: ConversationParams,
        response: { 200: itemEnvelope(ReadReceipt) },
      },
    },
    async (request) => ok(await service.markRead(callerOf(request), request.params.id)),
  );
}
