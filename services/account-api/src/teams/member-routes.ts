import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { callerOf } from './caller';
import type { TeamMemberService } from './member-service';
import {
  AddMemberBody,
  ListMembersQuery,
  TeamMember,
  TeamMemberParams,
  TeamParams,
  UpdateMemberBody,
} from './schema';

const tags = ['teams'];
const security = [{ bearerAuth: [] }];

/** `/v1/teams/{id}/members`: every member reads; admins and supervisors change memberships. */
export function registerTeamMemberRoutes(app: HttpApp, service: TeamMemberService) {
  app.get(
    '/v1/teams/:id/members',
    {
      schema: {
        tags,
        security,
        summary: "List a team's members with their names and emails",
        params: TeamParams,
        querystring: ListMembersQuery,
        response: { 200: listEnvelope(TeamMember) },
      },
    },
    async (request) => {
      const result = await service.listMembers(callerOf(request), request.params.id, request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/teams/:id/members',
    {
      schema: {
        tags,
        security,
        summary: 'Add a user of the account to the team (409 if already in it)',
        params: TeamParams,
        body: AddMemberBody,
        response: { 201: itemEnvelope(TeamMember) },
      },
    },
    async (request, reply) => {
      const member = await service.addMember(callerOf(request), request.params.id, request.body);
      return reply.status(201).send(ok(member));
    },
  );

  app.patch(
    '/v1/teams/:id/members/:user_id',
    {
      schema: {
        tags,
        security,
        summary: "Change a member's role (member or lead)",
        params: TeamMemberParams,
        body: UpdateMemberBody,
        response: { 200: itemEnvelope(TeamMember) },
      },
    },
    async (request) => {
      const { id, user_id } = request.params;
      return ok(await service.updateMember(callerOf(request), id, user_id, request.body.role));
    },
  );

  app.delete(
    '/v1/teams/:id/members/:user_id',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a user from the team',
        params: TeamMemberParams,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (request, reply) => {
      const { id, user_id } = request.params;
      await service.removeMember(callerOf(request), id, user_id);
      return reply.status(204).send(null);
    },
  );
}
