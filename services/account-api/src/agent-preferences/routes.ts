import {
  AgentPreferences,
  EffectiveAgentPreferences,
  ErrorBody,
  itemEnvelope,
  listEnvelope,
} from '@turumba/contracts';
import { requireUser, scopedAccountIds } from '@turumba/platform/auth';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { createListPreferences } from './list-preferences';
import {
  AgentPreferencesCreate,
  AgentPreferencesListQuery,
  AgentPreferencesPatch,
  UserIdParams,
} from './schema';
import type { AgentPreferencesService, Caller } from './service';

const tags = ['agent-preferences'];
const security = [{ bearerAuth: [] }];
const item = itemEnvelope(AgentPreferences);
const effective = itemEnvelope(EffectiveAgentPreferences);
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The signed-in user and the accounts of this request (`X-Account-Id` narrows them to one). */
function callerOf(request: FastifyRequest): Caller {
  const context = requireUser(request);
  const accountIds = scopedAccountIds(context, request.headers['x-account-id']);
  return { userId: context.userId, accountIds, accountRoles: context.accountRoles };
}

export function registerAgentPreferencesRoutes(
  app: HttpApp,
  service: AgentPreferencesService,
  listPreferences: ReturnType<typeof createListPreferences>,
) {
  app.get(
    '/v1/agent-preferences/me',
    {
      schema: {
        tags,
        security,
        summary: 'Get your own agent preferences (the defaults, with a null id, until you first save them)',
        response: { 200: effective, ...errors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return ok(await service.get(caller, caller.userId));
    },
  );

  app.patch(
    '/v1/agent-preferences/me',
    {
      schema: {
        tags,
        security,
        summary: 'Update your own agent preferences (created with the defaults on first use)',
        body: AgentPreferencesPatch,
        response: { 200: item, ...errors, 422: ErrorBody },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return ok(await service.update(caller, caller.userId, request.body));
    },
  );

  app.get(
    '/v1/agent-preferences',
    {
      schema: {
        tags,
        security,
        summary: "List the preferences of your accounts' members (admin, supervisor): filter, sort, paging",
        querystring: AgentPreferencesListQuery,
        response: { 200: listEnvelope(AgentPreferences), 400: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { items, meta } = await listPreferences(callerOf(request), request.query);
      return list(items, meta);
    },
  );

  app.post(
    '/v1/agent-preferences',
    {
      schema: {
        tags,
        security,
        summary: "Create a member's agent preferences (admin; 409 when they exist)",
        body: AgentPreferencesCreate,
        response: { 201: item, ...errors, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await service.create(callerOf(request), request.body))),
  );

  app.get(
    '/v1/agent-preferences/:user_id',
    {
      schema: {
        tags,
        security,
        summary:
          "Get a member's agent preferences (admin, supervisor, or yourself); the defaults if never saved",
        params: UserIdParams,
        response: { 200: effective, ...errors },
      },
    },
    async (request) => ok(await service.get(callerOf(request), request.params.user_id)),
  );

  app.patch(
    '/v1/agent-preferences/:user_id',
    {
      schema: {
        tags,
        security,
        summary: "Update a member's agent preferences (admin, or yourself); created on first use",
        params: UserIdParams,
        body: AgentPreferencesPatch,
        response: { 200: item, ...errors, 422: ErrorBody },
      },
    },
    async (request) => ok(await service.update(callerOf(request), request.params.user_id, request.body)),
  );

  app.delete(
    '/v1/agent-preferences/:user_id',
    {
      schema: {
        tags,
        security,
        summary: "Delete a member's agent preferences (admin, or yourself): they fall back to the defaults",
        params: UserIdParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.user_id);
      return reply.status(204).send(null);
    },
  );
}
