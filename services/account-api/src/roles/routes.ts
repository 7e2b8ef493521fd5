import { itemEnvelope, listEnvelope } from '@turumba/contracts';
import { requireUser } from '@turumba/platform/auth';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';
import { AccountHeaders } from '../accounts/schema';
import { CreateRoleRequest, Role, RoleIdParams, UpdateRoleRequest } from './schema';
import type { RoleService } from './service';

const tags = ['roles'];
const security = [{ bearerAuth: [] }];

export function registerRoleRoutes(app: HttpApp, roles: RoleService) {
  app.get(
    '/v1/roles',
    {
      schema: {
        tags,
        security,
        summary: 'Roles of my accounts (admin); filter key, name, created_at',
        headers: AccountHeaders,
        querystring: ListQuery,
        response: { 200: listEnvelope(Role) },
      },
    },
    async (request) => {
      const caller = requireUser(request);
      const result = await roles.listRoles(caller, request.headers['x-account-id'], request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/roles',
    {
      schema: {
        tags,
        security,
        summary: 'Create a custom role with a permission list (admin)',
        headers: AccountHeaders,
        body: CreateRoleRequest,
        response: { 201: itemEnvelope(Role) },
      },
    },
    async (request, reply) => {
      const caller = requireUser(request);
      const role = await roles.createRole(caller, request.headers['x-account-id'], request.body);
      return reply.status(201).send(ok(role));
    },
  );

  app.get(
    '/v1/roles/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One role (admin)',
        params: RoleIdParams,
        response: { 200: itemEnvelope(Role) },
      },
    },
    async (request) => ok(await roles.getRole(requireUser(request), request.params.id)),
  );

  app.patch(
    '/v1/roles/:id',
    {
      schema: {
        tags,
        security,
        summary: "Rename a role or change a custom role's permissions (admin)",
        params: RoleIdParams,
        body: UpdateRoleRequest,
        response: { 200: itemEnvelope(Role) },
      },
    },
    async (request) => ok(await roles.updateRole(requireUser(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/roles/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a custom role nobody holds (admin)',
        params: RoleIdParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await roles.deleteRole(requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
