import { type RequestContext, requireUser } from '@turumba/platform/auth';
import type { FastifyRequest } from 'fastify';

/** Who calls an inbox use-case: the signed-in user and the account they picked, if any. */
export interface Caller {
  context: RequestContext & { userId: string };
  /** `X-Account-Id`: narrows reads to one of the user's accounts; names the account of a create. */
  accountHeader: string | string[] | undefined;
}

export function callerOf(request: FastifyRequest): Caller {
  return { context: requireUser(request), accountHeader: request.headers['x-account-id'] };
}
