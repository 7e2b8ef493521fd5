import { itemEnvelope } from '@turumba/contracts';
import { bearerToken } from '@turumba/platform/auth';
import { Unauthorized } from '@turumba/platform/errors';
import { type HttpApp, ok } from '@turumba/platform/http';
import { z } from 'zod';
import type { ContextService } from './service';

const BasicContextResponse = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  account_ids: z.array(z.uuid()),
  role_ids: z.array(z.uuid()),
  accounts: z.array(
    z.object({
      account_id: z.uuid(),
      name: z.string(),
      role: z.string(),
      role_id: z.uuid(),
      permissions: z.array(z.string()),
    }),
  ),
});

export function registerContextRoutes(app: HttpApp, context: ContextService) {
  app.get(
    '/context/basic',
    {
      schema: {
        tags: ['auth'],
        summary: "The bearer's user id, accounts and roles (used by the gateway)",
        security: [{ bearerAuth: [] }],
        response: { 200: itemEnvelope(BasicContextResponse) },
      },
    },
    async (request) => {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw new Unauthorized();
      return ok(await context.basicContext(token));
    },
  );
}
