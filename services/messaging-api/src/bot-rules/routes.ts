import { ErrorBody, itemEnvelope, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from '../conversations/caller';
import { BotRuleTestBody, BotRuleTestResult } from './dry-run-schema';
import { BotRuleDto, BotRuleInput, BotRuleListQuery, BotRuleParams, BotRulePatch } from './schema';
import type { BotRuleService } from './service';

const tags = ['bot-rules'];
const security = [{ bearerAuth: [] }];
const item = itemEnvelope(BotRuleDto);
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** `/v1/bot-rules` (spec §1.4, §7): CRUD and the dry run. */
export function registerBotRuleRoutes(app: HttpApp, service: BotRuleService) {
  app.get(
    '/v1/bot-rules',
    {
      schema: {
        tags,
        security,
        summary: 'List bot rules in evaluation order (filter, sort, paging)',
        querystring: BotRuleListQuery,
        response: { 200: listEnvelope(BotRuleDto), 400: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { data, meta } = await service.list(callerOf(request), request.query);
      return list(data, meta);
    },
  );

  app.post(
    '/v1/bot-rules',
    {
      schema: {
        tags,
        security,
        summary: 'Create a bot rule (admin, supervisor); conditions and actions are checked per trigger type',
        body: BotRuleInput,
        response: { 201: item, ...errors, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await service.create(callerOf(request), request.body))),
  );

  app.post(
    '/v1/bot-rules/test',
    {
      schema: {
        tags,
        security,
        summary: 'Dry run: which active rules would fire for this message and what they would do',
        body: BotRuleTestBody,
        response: { 200: itemEnvelope(BotRuleTestResult), ...errors, 422: ErrorBody },
      },
    },
    async (request) => ok(await service.test(callerOf(request), request.body)),
  );

  app.get(
    '/v1/bot-rules/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get a bot rule',
        params: BotRuleParams,
        response: { 200: item, ...errors },
      },
    },
    async (request) => ok(await service.get(callerOf(request), request.params.id)),
  );

  app.patch(
    '/v1/bot-rules/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Update a bot rule (admin, supervisor); the result is validated as a whole',
        params: BotRuleParams,
        body: BotRulePatch,
        response: { 200: item, ...errors, 422: ErrorBody },
      },
    },
    async (request) => ok(await service.update(callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/bot-rules/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a bot rule (admin, supervisor)',
        params: BotRuleParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
