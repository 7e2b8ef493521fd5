import { itemEnvelope } from '@turumba/contracts';
import { bearerToken } from '@turumba/platform/auth';
import { Unauthorized } from '@turumba/platform/errors';
import { type HttpApp, ok } from '@turumba/platform/http';
import { BasicContext } from './dto';
import type { ContextService } from './service';

export function registerContextRoutes(app: HttpApp, context: ContextService) {
  app.get(
    '/context/basic',
    {
      schema: {
        tags: ['auth'],
        summary: "The bearer's user id, accounts and roles (used by the gateway)",
        security: [{ bearerAuth: [] }],
        response: { 200: itemEnvelope(BasicContext) },
      },
    },
    async (request) => {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw new Unauthorized();
      return ok(await context.basicContext(token));
    },
  );
}
