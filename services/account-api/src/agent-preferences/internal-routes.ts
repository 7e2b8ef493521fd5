import { EligibleAgentsQuery, EligibleAgentsResponse, ErrorBody } from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import { z } from 'zod';
import type { createFindEligibleAgents } from './eligible-agents';

/** The routing engine's call (`X-Service-Token`; the gateway never exposes /internal). */
export function registerInternalAgentRoutes(
  app: HttpApp,
  findEligible: ReturnType<typeof createFindEligibleAgents>,
) {
  app.get(
    '/internal/agents/eligible',
    {
      schema: {
        tags: ['internal'],
        // Documented as a header parameter; the service-token guard checks it before validation.
        headers: z.object({ 'x-service-token': z.string() }),
        summary:
          'Members of the account (and team) who may take a conversation on this channel, topic and language at `at`',
        querystring: EligibleAgentsQuery,
        response: { 200: EligibleAgentsResponse, 401: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => ok(await findEligible(request.query)),
  );
}
