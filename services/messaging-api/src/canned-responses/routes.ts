import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from '../conversations/caller';
import {
  CannedResponseDto,
  CreateCannedResponseBody,
  IdParams,
  ListCannedResponsesQuery,
  RenderBody,
  RenderedDto,
  UpdateCannedResponseBody,
} from './schema';
import type { CannedResponseService } from './service';

const tags = ['canned-responses'];
const security = [{ bearerAuth: [] }];

export function registerCannedResponseRoutes(app: HttpApp, service: CannedResponseService) {
  app.get(
    '/v1/canned-responses',
    {
      schema: {
        tags,
        security,
        summary: 'List canned responses (category, q over title and short code; filter, sort, paging)',
        querystring: ListCannedResponsesQuery,
        response: { 200: listEnvelope(CannedResponseDto) },
      },
    },
    async (request) => {
      const result = await service.list(callerOf(request), request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/canned-responses',
    {
      schema: {
        tags,
        security,
        summary: 'Create a canned response (short code unique per account: 409)',
        body: CreateCannedResponseBody,
        response: { 201: itemEnvelope(CannedResponseDto) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await service.create(callerOf(request), request.body))),
  );

  app.get(
    '/v1/canned-responses/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get a canned response',
        params: IdParams,
        response: { 200: itemEnvelope(CannedResponseDto) },
      },
    },
    async (request) => ok(await service.get(callerOf(request), request.params.id)),
  );

  app.patch(
    '/v1/canned-responses/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Update a canned response (its author, an admin or a supervisor)',
        params: IdParams,
        body: UpdateCannedResponseBody,
        response: { 200: itemEnvelope(CannedResponseDto) },
      },
    },
    async (request) => ok(await service.update(callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/canned-responses/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a canned response (its author, an admin or a supervisor)',
        params: IdParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/canned-responses/:id/render',
    {
      schema: {
        tags,
        security,
        summary: 'Fill the variables for a conversation; unfilled placeholders are listed in missing',
        params: IdParams,
        body: RenderBody,
        response: { 200: itemEnvelope(RenderedDto) },
      },
    },
    async (request) => ok(await service.render(callerOf(request), request.params.id, request.body)),
  );
}
