import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from '../conversations/caller';
import {
  ContactIdentifierDto,
  CreateContactIdentifierBody,
  IdParams,
  ListContactIdentifiersQuery,
  UpdateContactIdentifierBody,
} from './schema';
import type { ContactIdentifierService } from './service';

const tags = ['contact-identifiers'];
const security = [{ bearerAuth: [] }];

/** `/v1/contact-identifiers` CRUD (spec §1.5). */
export function registerContactIdentifierRoutes(app: HttpApp, service: ContactIdentifierService) {
  app.get(
    '/v1/contact-identifiers',
    {
      schema: {
        tags,
        security,
        summary: 'List identities (contact_id, channel_type, q; filter, sort, paging)',
        querystring: ListContactIdentifiersQuery,
        response: { 200: listEnvelope(ContactIdentifierDto) },
      },
    },
    async (request) => {
      const result = await service.list(callerOf(request), request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/contact-identifiers',
    {
      schema: {
        tags,
        security,
        summary: 'Link a platform identity to a contact (409 when the identity is taken)',
        body: CreateContactIdentifierBody,
        response: { 201: itemEnvelope(ContactIdentifierDto) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await service.create(callerOf(request), request.body))),
  );

  app.get(
    '/v1/contact-identifiers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get an identity',
        params: IdParams,
        response: { 200: itemEnvelope(ContactIdentifierDto) },
      },
    },
    async (request) => ok(await service.get(callerOf(request), request.params.id)),
  );

  app.patch(
    '/v1/contact-identifiers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Update or re-point an identity (its active conversation follows the new contact)',
        params: IdParams,
        body: UpdateContactIdentifierBody,
        response: { 200: itemEnvelope(ContactIdentifierDto) },
      },
    },
    async (request) => ok(await service.update(callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/contact-identifiers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an identity (admin or supervisor)',
        params: IdParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
