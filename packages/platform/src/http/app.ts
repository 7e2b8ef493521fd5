import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../logger';
import { handleError, registerErrorHandling } from './error-handler';
import { registerHealth } from './health';
import { recordRoutes } from './routes';

export type ReadinessCheck = () => Promise<void>;

export interface HttpAppOptions {
  /** Service name: the OpenAPI title and the logger's service field. */
  name: string;
  logger: Logger;
  /** Named checks run by `/ready` (db, bus, kv...). */
  readiness?: Record<string, ReadinessCheck>;
  version?: string;
  bodyLimit?: number;
  /** Trust X-Forwarded-* from the gateway / load balancer. */
  trustProxy?: boolean;
  /** Replaces the JSON 404 (the gateway falls back to the web app for page routes). */
  notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

// biome-ignore lint/suspicious/noExplicitAny: helpers accept an app of any type provider
export type AnyFastify = FastifyInstance<any, any, any, any, any>;

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Fastify 5 with the zod type provider, the error envelope, request ids, /health, /ready and
 * an OpenAPI 3.1 document (served at /openapi.json, merged by the gateway at /docs).
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? true,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    ajv: undefined,
    // Errors the router raises before any route runs (a malformed %-escape in the path, a path
    // parameter past the router's length limit) get the same envelope as everything else.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>() as unknown as HttpApp;

  recordRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app, options.notFound);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.name, version: options.version ?? '0.1.0' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          serviceToken: { type: 'apiKey', in: 'header', name: 'x-service-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerHealth(app, options.readiness ?? {});
  return app;
}
