import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { type AnyFastify, routeNotFound } from '@turumba/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';

const apiPrefixes = [
  '/v1/',
  '/ws',
  '/docs',
  '/.well-known/',
  '/internal/',
  '/context/',
  '/health',
  '/ready',
  '/openapi.json',
];

export function hasWebBuild(distDir: string): boolean {
  return existsSync(join(distDir, 'index.html'));
}

/** Serves the built web app at `/`. */
export async function registerWebApp(app: AnyFastify, distDir: string) {
  if (!hasWebBuild(distDir)) return;
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ['index.html'] });
}

/**
 * Unknown GETs outside the API fall back to index.html so client-side routes (/inbox/123,
 * /widget/...) survive a reload; API paths keep the JSON 404.
 */
export function webAppFallback(distDir: string) {
  const enabled = hasWebBuild(distDir);
  return (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = request.method === 'GET' && !apiPrefixes.some((p) => path.startsWith(p));
    if (isPage && enabled) return reply.type('text/html').sendFile('index.html');
    return routeNotFound(request, reply);
  };
}
