import type { AnyFastify, ReadinessCheck } from './app';

/** `/health`: the process is alive. `/ready`: every dependency answers (503 naming those that don't). */
export function registerHealth(app: AnyFastify, checks: Record<string, ReadinessCheck>) {
  app.get('/health', { schema: { hide: true } }, async () => ({
    success: true,
    data: { status: 'ok' },
    message: null,
  }));

  app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, 'ok'] as const;
        } catch (err) {
          request.log.warn({ err, check: name }, 'readiness check failed');
          return [name, 'failing'] as const;
        }
      }),
    );
    const status = Object.fromEntries(results);
    const failing = results.filter(([, s]) => s !== 'ok').map(([n]) => n);
    if (failing.length > 0) {
      return reply.status(503).send({
        success: false,
        error: 'service_unavailable',
        message: `Not ready: ${failing.join(', ')}`,
        details: { checks: status },
      });
    }
    return { success: true, data: { status: 'ready', checks: status }, message: null };
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
