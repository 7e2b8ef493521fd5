import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Conflict } from '../errors';
import { createSilentLogger } from '../logger';
import { createHttpApp, type HttpApp, registeredRoutes } from './index';

let app: HttpApp;
let dbUp = true;

beforeAll(async () => {
  app = await createHttpApp({
    name: 'test-api',
    logger: createSilentLogger(),
    readiness: {
      db: async () => {
        if (!dbUp) throw new Error('down');
      },
    },
  });
  app.post(
    '/v1/things',
    { schema: { body: z.object({ name: z.string().min(2), size: z.number().int() }) } },
    async (request, reply) => reply.status(201).send({ success: true, data: request.body, message: null }),
  );
  app.get('/v1/things/:id', async (request) => ({ success: true, data: request.params, message: null }));
  app.get('/v1/conflict', async () => {
    throw new Conflict('already there', { id: 'x' });
  });
  app.get('/v1/boom', async () => {
    throw new Error('secret internals: password=hunter2');
  });
  await app.ready();
});

afterAll(() => app.close());

describe('http bootstrap', () => {
  it('answers an unknown route with the 404 envelope', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'not_found', details: {} });
  });

  it('answers router errors (a bad %-escape, an overlong path parameter) in the envelope', async () => {
    const bad = await app.inject({ method: 'GET', url: '/v1/things/%zz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ success: false, error: 'bad_request', details: {} });
    const long = await app.inject({ method: 'GET', url: `/v1/things/${'x'.repeat(500)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ success: false, error: 'bad_request', details: {} });
  });

  it('lists the routes it serves', () => {
    const routes = registeredRoutes(app).map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/things', 'GET /v1/things/:id', 'GET /health']));
    expect(routes.some((r) => r.startsWith('HEAD '))).toBe(false);
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, error: 'bad_request' });
  });

  it('answers a schema failure with 422 and one detail per field', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/things', payload: { name: 'x', size: 1.5 } });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error).toBe('validation_error');
    const fields = body.details.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.name', 'body.size']);
  });

  it('passes a valid body through and keeps the status the handler chose', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/things', payload: { name: 'box', size: 3 } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ success: true, data: { name: 'box', size: 3 }, message: null });
  });

  it('renders an AppError with its code, status and details', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      success: false,
      error: 'conflict',
      message: 'already there',
      details: { id: 'x' },
    });
  });

  it('hides the internals of an unknown error behind a 500 with the request id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/boom',
      headers: { 'x-request-id': 'req-12345678' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.json()).toMatchObject({ error: 'internal_error', details: { request_id: 'req-12345678' } });
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });

  it('reports liveness at /health and dependency readiness at /ready', async () => {
    expect((await app.inject('/health')).statusCode).toBe(200);
    expect((await app.inject('/ready')).json().data.checks).toEqual({ db: 'ok' });
    dbUp = false;
    const res = await app.inject('/ready');
    dbUp = true;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      error: 'service_unavailable',
      details: { checks: { db: 'failing' } },
    });
  });

  it('generates an OpenAPI 3.1 document from the route schemas', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/things'].post.requestBody).toBeDefined();
    expect(doc.paths['/health']).toBeUndefined();
  });
});
