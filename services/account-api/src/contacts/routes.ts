import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from './caller';
import { Contact, ContactParams, CreateContactBody, ListContactsQuery, UpdateContactBody } from './schema';
import type { ContactService } from './service';

const tags = ['contacts'];
const security = [{ bearerAuth: [] }];

/** `/v1/contacts` CRUD: any member reads and writes; deleting needs admin or supervisor. */
export function registerContactRoutes(app: HttpApp, service: ContactService) {
  app.get(
    '/v1/contacts',
    {
      schema: {
        tags,
        security,
        summary: 'List live contacts: ?q= search over name/phone/email, filter, sort, paging',
        querystring: ListContactsQuery,
        response: { 200: listEnvelope(Contact) },
      },
    },
    async (request) => {
      const result = await service.listContacts(callerOf(request), request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/contacts',
    {
      schema: {
        tags,
        security,
        summary: 'Create a contact (phone normalised to E.164; duplicate phone or email is 409)',
        body: CreateContactBody,
        response: { 201: itemEnvelope(Contact) },
      },
    },
    async (request, reply) => {
      const contact = await service.createContact(callerOf(request), request.body);
      return reply.status(201).send(ok(contact));
    },
  );

  app.get(
    '/v1/contacts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get a contact; the id of a merged contact answers its survivor',
        params: ContactParams,
        response: { 200: itemEnvelope(Contact) },
      },
    },
    async (request) => {
      const { contact, followedFrom } = await service.getContact(callerOf(request), request.params.id);
      return ok(contact, followedFrom ? `Contact ${followedFrom} was merged into ${contact.id}` : null);
    },
  );

  app.patch(
    '/v1/contacts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Update a contact (null clears a field; labels and properties are replaced)',
        params: ContactParams,
        body: UpdateContactBody,
        response: { 200: itemEnvelope(Contact) },
      },
    },
    async (request) => ok(await service.updateContact(callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/contacts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a contact and the contacts merged into it (admin or supervisor)',
        params: ContactParams,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (request, reply) => {
      await service.deleteContact(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
