import type { Logger } from '@turumba/platform/logger';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { type Ack, fail, failureOf } from './acks';
import { createTokenBucket } from './token-bucket';

export interface GuardOptions {
  eventsPerSecond: number;
  /** Refused events (rate limited, unknown, invalid) before the socket is disconnected. */
  maxViolations: number;
  logger: Logger;
  now?: () => number;
}

type Handler = { schema: z.ZodType; handle: (socket: Socket, input: never) => Promise<Ack> };
type AckFn = (answer: unknown) => void;

const ackOf = (packet: unknown[]): AckFn => {
  const last = packet.at(-1);
  return typeof last === 'function' ? (last as AckFn) : () => {};
};

/**
 * The client events of a namespace: registered once, run for every socket through one
 * middleware (no per-socket listener per event: at 15,000 sockets that is memory). Each packet
 * passes a per-socket token bucket (`rate_limited`), must be a registered event
 * (`unknown_event`) with a payload its zod schema accepts (`validation_error`); the handler's
 * answer is the ack. A socket that keeps being refused is disconnected.
 */
export function createGuard(options: GuardOptions) {
  const now = options.now ?? Date.now;
  const handlers = new Map<string, Handler>();

  async function run(
    socket: Socket,
    handler: Handler,
    input: unknown,
    ack: AckFn,
    violate: (r: string) => void,
  ) {
    const parsed = handler.schema.safeParse(input);
    if (!parsed.success) {
      violate('validation_error');
      return ack(fail('validation_error', z.prettifyError(parsed.error)));
    }
    try {
      ack(await handler.handle(socket, parsed.data as never));
    } catch (err) {
      ack(failureOf(err, options.logger));
    }
  }

  return {
    on<T extends z.ZodType>(
      event: string,
      schema: T,
      handle: (socket: Socket, input: z.infer<T>) => Promise<Ack>,
    ) {
      handlers.set(event, { schema, handle: handle as Handler['handle'] });
    },

    attach(socket: Socket) {
      const bucket = createTokenBucket(options.eventsPerSecond);
      let violations = 0;
      const violate = (reason: string) => {
        violations += 1;
        if (violations < options.maxViolations) return;
        options.logger.info({ socketId: socket.id, reason }, 'disconnecting an abusive socket');
        socket.disconnect(true);
      };
      // Every packet ends here: `next()` is never called, so no other listener sees raw input.
      socket.use((packet) => {
        const ack = ackOf(packet);
        if (!bucket.take(now())) {
          violate('rate_limited');
          return ack(fail('rate_limited', 'Too many events; slow down'));
        }
        const handler = typeof packet[0] === 'string' ? handlers.get(packet[0]) : undefined;
        if (!handler) {
          violate('unknown_event');
          return ack(fail('unknown_event', `Unknown event ${String(packet[0]).slice(0, 50)}`));
        }
        void run(socket, handler, packet[1], ack, violate);
      });
    },
  };
}
export type Guard = ReturnType<typeof createGuard>;
