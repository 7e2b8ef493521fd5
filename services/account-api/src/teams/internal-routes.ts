import { itemEnvelope } from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import type { TeamMemberService } from './member-service';
import { InternalTeamMembers, InternalTeamQuery, TeamParams } from './schema';

/** For routing in the Messaging API (`X-Service-Token`, never through the gateway). */
export function registerInternalTeamRoutes(app: HttpApp, service: TeamMemberService) {
  app.get(
    '/internal/teams/:id/members',
    {
      schema: {
        tags: ['internal'],
        description: 'Service to service: needs `X-Service-Token`; the gateway never exposes it.',
        summary: 'All members of a team of the account',
        params: TeamParams,
        querystring: InternalTeamQuery,
        response: { 200: itemEnvelope(InternalTeamMembers) },
      },
    },
    async (request) => ok(await service.membersForService(request.query.account_id, request.params.id)),
  );
}
