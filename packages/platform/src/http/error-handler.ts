import type { ErrorBody } from '@turumba/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type FieldError, statusByCode } from '../errors';
import type { AnyFastify } from './app';

function body(code: ErrorBody['error'], message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { success: false, error: code, message, details };
}

function fieldPath(path: ReadonlyArray<PropertyKey>, prefix?: string): string {
  const joined = path.map(String).join('.');
  return [prefix, joined].filter(Boolean).join('.') || '(root)';
}

function zodFieldErrors(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path, prefix), message: issue.message }));
}

/** Maps every failure to the envelope of ARCHITECTURE.md §3; unknown errors never leak internals. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply
      .status(error.status)
      .headers(error.headers)
      .send(body(error.code, error.message, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => {
      const where = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return {
        field: [error.validationContext, where].filter(Boolean).join('.'),
        message: v.message ?? 'invalid',
      };
    });
    return reply.status(422).send(body('validation_error', 'Request validation failed', { errors }));
  }
  if (error instanceof ZodError) {
    return reply
      .status(422)
      .send(body('validation_error', 'Request validation failed', { errors: zodFieldErrors(error) }));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return reply.status(500).send(body('internal_error', 'Internal server error'));
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return reply.status(429).send(body('rate_limited', 'Too many requests'));
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large...
    const code = status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'bad_request';
    return reply.status(status).send(body(code, error.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .status(500)
    .send(body('internal_error', 'Internal server error', { request_id: String(request.id) }));
}

/** The 404 envelope for a route nobody serves. */
export function routeNotFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0];
  return reply.status(404).send(body('not_found', `Route ${request.method} ${path} not found`));
}

export function registerErrorHandling(
  app: AnyFastify,
  notFound: (request: FastifyRequest, reply: FastifyReply) => unknown = routeNotFound,
) {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFound);
}

export { statusByCode };
