import { Conversation, listEnvelope, PageQuery } from '@turumba/contracts';
import { requireUser, scopedAccountIds } from '@turumba/platform/auth';
import { type HttpApp, list } from '@turumba/platform/http';

import type { ConversationService } from './service';

export function registerConversationRoutes(app: HttpApp, service: ConversationService) {
  app.get(
    '/v1/conversations',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Inbox list of conversations',
        security: [{ bearerAuth: [] }],
        querystring: PageQuery,
        response: { 200: listEnvelope(Conversation) },
      },
    },
    async (request) => {
      const context = requireUser(request);
      const accountIds = scopedAccountIds(context, request.headers['x-account-id']);
      const result = await service.listConversations(accountIds, request.query);
      return list(result.data, result.meta);
    },
  );
}
