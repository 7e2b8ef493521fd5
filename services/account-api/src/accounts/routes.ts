import { itemEnvelope, listEnvelope, PageQuery } from '@turumba/contracts';
import { requireUser } from '@turumba/platform/auth';
import { type HttpApp, list, ok } from '@turumba/platform/http';
import { z } from 'zod';
import { Account, AccountIdParams, CreateAccountRequest, UpdateAccountRequest } from './schema';
import type { AccountService } from './service';

const tags = ['accounts'];
const security = [{ bearerAuth: [] }];

export function registerAccountRoutes(app: HttpApp, accounts: AccountService) {
  app.get(
    '/v1/accounts',
    {
      schema: {
        tags,
        security,
        summary: 'The accounts I belong to, with my role in each',
        querystring: PageQuery,
        response: { 200: listEnvelope(Account) },
      },
    },
    async (request) => {
      const result = await accounts.listMyAccounts(requireUser(request), request.query);
      return list(result.data, result.meta);
    },
  );

  app.post(
    '/v1/accounts',
    {
      schema: {
        tags,
        security,
        summary: 'Open a new account; I become its admin',
        body: CreateAccountRequest,
        response: { 201: itemEnvelope(Account) },
      },
    },
    async (request, reply) => {
      const account = await accounts.createAccount(requireUser(request), request.body.name);
      return reply.status(201).send(ok(account));
    },
  );

  app.get(
    '/v1/accounts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One of my accounts',
        params: AccountIdParams,
        response: { 200: itemEnvelope(Account) },
      },
    },
    async (request) => ok(await accounts.getAccount(requireUser(request), request.params.id)),
  );

  app.patch(
    '/v1/accounts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Rename an account (admin)',
        params: AccountIdParams,
        body: UpdateAccountRequest,
        response: { 200: itemEnvelope(Account) },
      },
    },
    async (request) =>
      ok(await accounts.renameAccount(requireUser(request), request.params.id, request.body.name)),
  );

  app.delete(
    '/v1/accounts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an account and everything in it (admin)',
        params: AccountIdParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await accounts.deleteAccount(requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
