import {
  VerifyVisitorSessionRequest,
  VerifyVisitorSessionResponse,
  WebchatHistoryEnvelope,
  WebchatHistoryQuery,
} from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import type { WebchatService } from './webchat-service';

const WebchatParams = z.object({ channel_id: z.string() });

/**
 * The web-chat routes that take JSON (the posting ones are raw-body routes in routes.ts):
 * Realtime's session check and the widget's history.
 */
export function registerWebchatReadRoutes(app: HttpApp, webchat: WebchatService) {
  app.post(
    '/internal/webchat/sessions/verify',
    {
      schema: {
        tags: ['internal'],
        summary: "Whose visitor session token is this? (Realtime's /customers handshake)",
        body: VerifyVisitorSessionRequest,
        response: { 200: VerifyVisitorSessionResponse },
      },
    },
    async (request) => ok(await webchat.verifySession(request.body.token)),
  );

  app.get(
    '/v1/public/webchat/:channel_id/messages',
    {
      schema: {
        tags: ['webchat'],
        summary: "The visitor's messages in their current conversation, newest page first",
        params: WebchatParams,
        querystring: WebchatHistoryQuery,
        response: { 200: WebchatHistoryEnvelope },
      },
    },
    async (request) => {
      const token = request.headers['x-webchat-token'];
      const result = await webchat.listVisitorMessages(
        request.params.channel_id,
        request.ip,
        typeof token === 'string' ? token : undefined,
        request.query,
      );
      return list(result.data, result.meta);
    },
  );
}
