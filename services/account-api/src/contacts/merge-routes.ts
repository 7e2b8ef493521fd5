import { itemEnvelope } from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import { callerOf } from './caller';
import type { ContactMergeService } from './merge-contacts';
import {
  ContactMergeResult,
  ContactParams,
  ContactUnmergeResult,
  MergeContactBody,
  UnmergeContactBody,
} from './schema';

const tags = ['contacts'];
const security = [{ bearerAuth: [] }];

/** Merge and unmerge (admin or supervisor); each emits its event through the outbox. */
export function registerContactMergeRoutes(app: HttpApp, service: ContactMergeService) {
  app.post(
    '/v1/contacts/:id/merge',
    {
      schema: {
        tags,
        security,
        summary: 'Merge other_contact_id into this contact, which survives (emits contact.merged)',
        params: ContactParams,
        body: MergeContactBody,
        response: { 200: itemEnvelope(ContactMergeResult) },
      },
    },
    async (request) => {
      const { id } = request.params;
      return ok(await service.mergeContacts(callerOf(request), id, request.body.other_contact_id));
    },
  );

  app.post(
    '/v1/contacts/:id/unmerge',
    {
      schema: {
        tags,
        security,
        summary: 'Undo the latest (or the given) merge into this contact (emits contact.unmerged)',
        params: ContactParams,
        body: UnmergeContactBody,
        response: { 200: itemEnvelope(ContactUnmergeResult) },
      },
    },
    async (request) => {
      const { id } = request.params;
      return ok(await service.unmergeContact(callerOf(request), id, request.body?.merge_id));
    },
  );
}
