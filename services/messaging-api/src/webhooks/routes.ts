import { type HttpApp, ok } from '@turumba/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { QueryParams } from '../channels/adapters';
import { rawBodyOf, withRawBody } from './raw-body';
import type { IncomingWebhook, WebhookService } from './service';
import type { WebchatService } from './webchat-service';

const WebhookParams = z.object({ channel_type: z.string(), channel_id: z.string() });
const WebchatParams = z.object({ channel_id: z.string() });
const tags = ['webhooks'];

/** Twilio reads the answer as TwiML: an empty <Response/> means "no reply". */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function incoming(request: FastifyRequest, channelType: string, channelId: string): IncomingWebhook {
  return {
    channelType,
    channelId,
    headers: request.headers,
    query: request.query as QueryParams,
    rawBody: rawBodyOf(request.body),
    pathAndQuery: request.url,
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function acknowledge(reply: FastifyReply, channelType: string, isNew: boolean) {
  if (channelType === 'sms') return reply.status(200).type('text/xml').send(EMPTY_TWIML);
  return reply.status(200).send(ok({ received: true, duplicate: !isNew }));
}

/**
 * Provider webhooks and the web-chat widget's public API. No JWT: the gateway forwards them
 * signed with an empty identity, and each request is checked with its channel's credentials.
 */
export function registerWebhookRoutes(app: HttpApp, webhooks: WebhookService, webchat: WebchatService) {
  withRawBody(app, (scope) => {
    scope.post(
      '/v1/webhooks/:channel_type/:channel_id',
      { schema: { tags, summary: 'Provider webhook: verify, store, enqueue', params: WebhookParams } },
      async (request, reply) => {
        const { channel_type, channel_id } = request.params;
        const input = incoming(request, channel_type, channel_id);
        const result =
          channel_type === 'webchat'
            ? await webchat.postMessage({
                ...input,
                ip: request.ip,
                token: header(request, 'x-webchat-token'),
              })
            : await webhooks.receiveWebhook(input);
        return acknowledge(reply, channel_type, result.isNew);
      },
    );

    scope.get(
      '/v1/webhooks/:channel_type/:channel_id',
      { schema: { tags, summary: "Meta's subscription handshake (hub.challenge)", params: WebhookParams } },
      async (request, reply) => {
        const { channel_type, channel_id } = request.params;
        const challenge = await webhooks.answerHandshake(
          channel_type,
          channel_id,
          request.query as QueryParams,
        );
        return reply.status(200).type('text/plain').send(challenge);
      },
    );

    scope.post(
      '/v1/public/webchat/:channel_id/sessions',
      { schema: { tags: ['webchat'], summary: 'Start (or renew) a visitor session', params: WebchatParams } },
      async (request, reply) => {
        const token = header(request, 'x-webchat-token');
        const session = await webchat.startSession(request.params.channel_id, request.ip, token);
        return reply.status(201).send(ok(session));
      },
    );

    scope.post(
      '/v1/public/webchat/:channel_id/messages',
      {
        schema: {
          tags: ['webchat'],
          summary: "A visitor's message (X-Webchat-Token)",
          params: WebchatParams,
        },
      },
      async (request, reply) => {
        const input = incoming(request, 'webchat', request.params.channel_id);
        const result = await webchat.postMessage({
          ...input,
          ip: request.ip,
          token: header(request, 'x-webchat-token'),
        });
        return reply.status(202).send(ok({ received: true, duplicate: !result.isNew }));
      },
    );
  });
}
