import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { requireUser } from '@turumba/platform/auth';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';
import { AccountHeaders } from '../accounts/schema';
import { AddUserRequest, Me, Member, UpdateMeRequest, UpdateUserRequest, UserIdParams } from './schema';
import type { UserService } from './service';

const tags = ['users'];
const security = [{ bearerAuth: [] }];

export function registerUserRoutes(app: HttpApp, users: UserService) {
  app.get(
    '/v1/users/me',
    {
      schema: {
        tags,
        security,
        summary: 'Me, with my accounts and roles',
        response: { 200: itemEnvelope(Me) },
      },
    },
    async (request) => ok(await users.getMe(requireUser(request))),
  );

  app.patch(
    '/v1/users/me',
    {
      schema: {
        tags,
        security,
        summary: 'Change my name',
        body: UpdateMeRequest,
        response: { 200: itemEnvelope(Me) },
      },
    },
    async (request) => ok(await users.renameMe(requireUser(request), request.body.name)),
  );

  app.get(
    '/v1/users',
    {
      schema: {
        tags,
        security,
        summary:
          'Members of my accounts (admin, supervisor); filter email, name, role, is_active, created_at',
        headers: AccountHeaders,
        querystring: ListQuery,
        response: { 200: listEnvelope(Member) },
      },
    },
    async (request) => {
      const caller = requireUser(request);
      const result = await users.listUsers(caller, request.headers['x-account-id'], request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/users',
    {
      schema: {
        tags,
        security,
        summary: 'Add a user to the account with a role (admin): creates a new email, links an existing one',
        headers: AccountHeaders,
        body: AddUserRequest,
        response: { 201: itemEnvelope(Member) },
      },
    },
    async (request, reply) => {
      const caller = requireUser(request);
      const member = await users.addUser(caller, request.headers['x-account-id'], request.body);
      return reply.status(201).send(ok(member));
    },
  );

  app.get(
    '/v1/users/:id',
    {
      schema: {
        tags,
        security,
        summary: 'A member of my account (admin, supervisor, or myself)',
        headers: AccountHeaders,
        params: UserIdParams,
        response: { 200: itemEnvelope(Member) },
      },
    },
    async (request) =>
      ok(await users.getUser(requireUser(request), request.headers['x-account-id'], request.params.id)),
  );

  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags,
        security,
        summary: "Change a member's role, name or active state (admin); my own name (anyone)",
        headers: AccountHeaders,
        params: UserIdParams,
        body: UpdateUserRequest,
        response: { 200: itemEnvelope(Member) },
      },
    },
    async (request) => {
      const caller = requireUser(request);
      const { id } = request.params;
      return ok(await users.updateUser(caller, request.headers['x-account-id'], id, request.body));
    },
  );

  app.delete(
    '/v1/users/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a user from the account (admin); never the last admin',
        headers: AccountHeaders,
        params: UserIdParams,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      await users.removeUser(requireUser(request), request.headers['x-account-id'], request.params.id);
      return reply.status(204).send(null);
    },
  );
}
