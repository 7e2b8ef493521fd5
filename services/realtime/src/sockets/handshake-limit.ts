import type { Socket } from 'socket.io';

type Middleware = (socket: Socket, next: (err?: Error) => void) => Promise<void> | void;

/**
 * Admission control for handshakes: at most `concurrent` run at once, up to `queued` wait their
 * turn, anyone beyond is refused with `unavailable` (clients retry with backoff). A restart sends
 * every agent back at once; this keeps that storm from flooding the Account API and from
 * promoting thousands of in-flight requests' objects into a fragmented old heap.
 */
export function limitHandshakes(
  middleware: Middleware,
  options: { concurrent: number; queued: number },
): Middleware {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (socket, next) => {
    if (running >= options.concurrent) {
      if (waiting.length >= options.queued) return next(new Error('unavailable'));
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    let isReleased = false;
    const done = (err?: Error) => {
      if (isReleased) return;
      isReleased = true;
      release();
      next(err);
    };
    try {
      await middleware(socket, done);
    } catch (err) {
      done(err as Error);
    }
  };
}
