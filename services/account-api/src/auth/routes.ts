import { itemEnvelope } from '@turumba/contracts';
import { type HttpApp, ok } from '@turumba/platform/http';
import { LoginRequest, TokenPairResponse } from './schema';
import type { AuthService } from './service';

export function registerAuthRoutes(app: HttpApp, auth: AuthService) {
  app.post(
    '/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        body: LoginRequest,
        response: { 200: itemEnvelope(TokenPairResponse) },
      },
    },
    async (request) => ok(await auth.login(request.body.email, request.body.password)),
  );
}
