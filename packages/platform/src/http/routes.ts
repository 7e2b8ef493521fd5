import type { AnyFastify } from './app';

export interface RegisteredRoute {
  method: string;
  /** The URL pattern as registered, e.g. `/v1/conversations/:id`. */
  url: string;
}

const tables = new WeakMap<object, RegisteredRoute[]>();

/**
 * Records every route added to `app` (and to its encapsulated plugins), so tests can walk the
 * whole surface (security and fuzzing suites cover a new route without being told about it).
 */
export function recordRoutes(app: AnyFastify): void {
  const routes: RegisteredRoute[] = [];
  tables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url });
    }
  });
}

/** The routes `app` serves (HEAD left out: Fastify adds one per GET). */
export function registeredRoutes(app: AnyFastify): RegisteredRoute[] {
  return [...(tables.get(app) ?? [])];
}
