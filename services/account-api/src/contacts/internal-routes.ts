import {
  InternalContactQuery,
  InternalContactResponse,
  InternalContactUpsertRequest,
  InternalContactUpsertResponse,
} from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import { ContactParams } from './schema';
import type { ContactUpsertService } from './upsert-contact';

const tags = ['internal'];
const description = 'Service to service: needs `X-Service-Token`; the gateway never exposes it.';

/** Service-to-service routes for the Messaging API (`X-Service-Token`, never through the gateway). */
export function registerInternalContactRoutes(app: HttpApp, service: ContactUpsertService) {
  app.post(
    '/internal/contacts/upsert',
    {
      schema: {
        tags,
        description,
        summary: 'Find the contact by phone, then email, or create it (201 when created)',
        body: InternalContactUpsertRequest,
        response: { 200: InternalContactUpsertResponse, 201: InternalContactUpsertResponse },
      },
    },
    async (request, reply) => {
      const result = await service.upsertContact(request.body);
      return reply.status(result.created ? 201 : 200).send(ok(result));
    },
  );

  app.get(
    '/internal/contacts/:id',
    {
      schema: {
        tags,
        description,
        summary: 'Get a contact of the account, following merges to the survivor',
        params: ContactParams,
        querystring: InternalContactQuery,
        response: { 200: InternalContactResponse },
      },
    },
    async (request) => ok(await service.getContactForService(request.query.account_id, request.params.id)),
  );
}
