import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { accountForWrite, requireUser } from '@turumba/platform/auth';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { ListQuery } from '@turumba/platform/query';
import { Channel, ChannelCreate, ChannelParams, ChannelUpdate, ChannelVerification } from './schema';
import type { ChannelService } from './service';

const tags = ['channels'];
const security = [{ bearerAuth: [] }];
const accountHeader = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value : undefined;

export function registerChannelRoutes(app: HttpApp, service: ChannelService) {
  app.post(
    '/v1/channels',
    {
      schema: {
        tags,
        security,
        summary: 'Connect a channel (credentials are write-only)',
        body: ChannelCreate,
        response: { 201: itemEnvelope(Channel) },
      },
    },
    async (request, reply) => {
      const context = requireUser(request);
      const accountId = accountForWrite(context, request.headers['x-account-id']);
      return reply.status(201).send(ok(await service.createChannel(context, accountId, request.body)));
    },
  );

  app.get(
    '/v1/channels',
    { schema: { tags, security, querystring: ListQuery, response: { 200: listEnvelope(Channel) } } },
    async (request) => {
      const context = requireUser(request);
      const result = await service.listChannels(
        context,
        accountHeader(request.headers['x-account-id']),
        request.query,
      );
      return list(result.data, result.meta);
    },
  );

  app.get(
    '/v1/channels/:id',
    { schema: { tags, security, params: ChannelParams, response: { 200: itemEnvelope(Channel) } } },
    async (request) => ok(await service.getChannel(requireUser(request), request.params.id)),
  );

  app.patch(
    '/v1/channels/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Update a channel; given credential fields replace the stored ones, null removes one',
        params: ChannelParams,
        body: ChannelUpdate,
        response: { 200: itemEnvelope(Channel) },
      },
    },
    async (request) => ok(await service.updateChannel(requireUser(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/channels/:id',
    { schema: { tags, security, params: ChannelParams } },
    async (request, reply) => {
      await service.deleteChannel(requireUser(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/v1/channels/:id/verify',
    {
      schema: {
        tags,
        security,
        summary: 'Check the credentials with the provider; updates status, verified_at and last_error',
        params: ChannelParams,
        response: { 200: itemEnvelope(ChannelVerification) },
      },
    },
    async (request) => ok(await service.verifyChannel(requireUser(request), request.params.id)),
  );
}
