import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { accountForWrite, requireUser } from '@turumba/platform/auth';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { ListQuery } from '@turumba/platform/query';
import {
  Template,
  TemplateCreate,
  TemplateParams,
  TemplateRendered,
  TemplateRenderRequest,
  TemplateUpdate,
} from './schema';
import type { TemplateService } from './service';

const tags = ['templates'];
const security = [{ bearerAuth: [] }];
const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

export function registerTemplateRoutes(app: HttpApp, service: TemplateService) {
  app.post(
    '/v1/templates',
    { schema: { tags, security, body: TemplateCreate, response: { 201: itemEnvelope(Template) } } },
    async (request, reply) => {
      const context = requireUser(request);
      const accountId = accountForWrite(context, request.headers['x-account-id']);
      return reply.status(201).send(ok(await service.createTemplate(context, accountId, request.body)));
    },
  );

  app.get(
    '/v1/templates',
    { schema: { tags, security, querystring: ListQuery, response: { 200: listEnvelope(Template) } } },
    async (request) => {
      const context = requireUser(request);
      const result = await service.listTemplates(
        context,
        header(request.headers['x-account-id']),
        request.query,
      );
      return list(result.data, result.meta);
    },
  );

  app.get(
    '/v1/templates/:id',
    { schema: { tags, security, params: TemplateParams, response: { 200: itemEnvelope(Template) } } },
    async (request) => ok(await service.getTemplate(requireUser(request), request.params.id)),
  );

  app.patch(
    '/v1/templates/:id',
    {
      schema: {
        tags,
        security,
        params: TemplateParams,
        body: TemplateUpdate,
        response: { 200: itemEnvelope(Template) },
      },
    },
    async (request) =>
      ok(await service.updateTemplate(requireUser(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/templates/:id',
    { schema: { tags, security, params: TemplateParams } },
    async (request, reply) => {
      await service.deleteTemplate(requireUser(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/v1/templates/:id/render',
    {
      schema: {
        tags,
        security,
        summary: 'Fill the placeholders; unknown ones are kept and listed in `missing`',
        params: TemplateParams,
        body: TemplateRenderRequest,
        response: { 200: itemEnvelope(TemplateRendered) },
      },
    },
    async (request) =>
      ok(await service.renderTemplate(requireUser(request), request.params.id, request.body)),
  );
}
