import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from './caller';
import { CreateTeamBody, ListTeamsQuery, Team, TeamParams, UpdateTeamBody } from './schema';
import type { TeamService } from './service';

const tags = ['teams'];
const security = [{ bearerAuth: [] }];

/** `/v1/teams` CRUD: every member reads; admins and supervisors manage. */
export function registerTeamRoutes(app: HttpApp, service: TeamService) {
  app.get(
    '/v1/teams',
    {
      schema: {
        tags,
        security,
        summary: 'List teams with their member counts (filter, sort, paging)',
        querystring: ListTeamsQuery,
        response: { 200: listEnvelope(Team) },
      },
    },
    async (request) => {
      const result = await service.listTeams(callerOf(request), request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/teams',
    {
      schema: {
        tags,
        security,
        summary: 'Create a team (name unique per account, any case; admin or supervisor)',
        body: CreateTeamBody,
        response: { 201: itemEnvelope(Team) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok(await service.createTeam(callerOf(request), request.body))),
  );

  app.get(
    '/v1/teams/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get a team',
        params: TeamParams,
        response: { 200: itemEnvelope(Team) },
      },
    },
    async (request) => ok(await service.getTeam(callerOf(request), request.params.id)),
  );

  app.patch(
    '/v1/teams/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Rename or describe a team (admin or supervisor)',
        params: TeamParams,
        body: UpdateTeamBody,
        response: { 200: itemEnvelope(Team) },
      },
    },
    async (request) => ok(await service.updateTeam(callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/teams/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a team and its memberships (admin or supervisor)',
        params: TeamParams,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (request, reply) => {
      await service.deleteTeam(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
