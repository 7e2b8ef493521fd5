import { itemEnvelope } from '@turumba/contracts';
import { requireUser } from '@turumba/platform/auth';
import { type HttpApp, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenPairResponse } from './schema';
import type { AuthService } from './service';

const tags = ['auth'];
const tokens = itemEnvelope(TokenPairResponse);

export function registerAuthRoutes(app: HttpApp, auth: AuthService) {
  app.post(
    '/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password (10 failures per 15 min per email and IP, then 429)',
        body: LoginRequest,
        response: { 200: tokens },
      },
    },
    async (request) => ok(await auth.login(request.body.email, request.body.password, request.ip)),
  );

  app.post(
    '/v1/auth/register',
    {
      schema: {
        tags,
        summary: 'Sign up: creates me, my account (I am its admin) and returns tokens',
        body: RegisterRequest,
        response: { 201: tokens },
      },
    },
    async (request, reply) => reply.status(201).send(ok(await auth.register(request.body))),
  );

  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Trade a refresh token for a new pair (each refresh token works once)',
        body: RefreshRequest,
        response: { 200: tokens },
      },
    },
    async (request) => ok(await auth.refresh(request.body.refresh_token)),
  );

  app.post(
    '/v1/auth/logout',
    {
      schema: {
        tags,
        security: [{ bearerAuth: [] }],
        summary: 'Revoke a session (its refresh token), or all my sessions without one',
        body: LogoutRequest.nullish(),
        response: { 204: z.null().describe('Signed out') },
      },
    },
    async (request, reply) => {
      await auth.logout(requireUser(request).userId, request.body?.refresh_token);
      return reply.status(204).send(null);
    },
  );
}
