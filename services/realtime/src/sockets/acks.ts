import type { SocketError, SocketErrorCode } from '@turumba/contracts';
import { AppError } from '@turumba/platform/errors';
import type { Logger } from '@turumba/platform/logger';

export type Ack = { ok: true; [key: string]: unknown } | SocketError;

export const ok = (result: Record<string, unknown> = {}): Ack => ({ ok: true, ...result });

export const fail = (error: SocketErrorCode, message: string): SocketError => ({ ok: false, error, message });

/** Known failures keep their code; anything else is `internal_error` with a generic message, logged. */
export function failureOf(err: unknown, logger: Logger): SocketError {
  if (err instanceof AppError && (err.code === 'service_unavailable' || err.code === 'unauthorized')) {
    return fail(err.code, err.message);
  }
  logger.error({ err }, 'socket handler failed');
  return fail('internal_error', 'Something went wrong');
}
