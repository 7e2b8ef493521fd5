import { ErrorBody, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list } from '@turumba/platform/http';
import { callerOf } from '../conversations/caller';
import { QueueItem, QueueQuery } from './schema';
import type { QueueService } from './service';

export function registerQueueRoutes(app: HttpApp, service: QueueService) {
  app.get(
    '/v1/queue',
    {
      schema: {
        tags: ['queue'],
        security: [{ bearerAuth: [] }],
        summary: 'Waiting conversations in queue order (priority, then waiting time) with their positions',
        querystring: QueueQuery,
        response: { 200: listEnvelope(QueueItem), 401: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const { data, meta } = await service.listQueue(callerOf(request), request.query);
      return list(data, meta);
    },
  );
}
