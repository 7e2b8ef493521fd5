import { randomUUID } from 'node:crypto';
import type { Message, Options } from 'amqplib';
import type { BusMessage, DeadLetter } from './types';

/**
 * Headers the bus uses for itself. Classic queues do not count redeliveries, so the
 * attempt travels in `x-attempt`; a retry is re-sent straight to its queue through the
 * default exchange, so the original routing key travels in `x-routing-key`.
 */
export const attemptHeader = 'x-attempt';
export const routingKeyHeader = 'x-routing-key';
export const queueHeader = 'x-queue';
export const errorHeader = 'x-error';
const busHeaders = new Set([attemptHeader, routingKeyHeader, queueHeader, errorHeader]);

export function encodePayload(payload: unknown): Buffer {
  return Buffer.from(JSON.stringify(payload ?? null));
}

export function publishProperties(messageId: string, headers: Record<string, unknown>): Options.Publish {
  return { persistent: true, contentType: 'application/json', messageId, headers };
}

export function readAttempt(message: Message): number {
  const attempt = Number(message.properties.headers?.[attemptHeader] ?? 1);
  return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

export function readRoutingKey(message: Message): string {
  const original = message.properties.headers?.[routingKeyHeader];
  return typeof original === 'string' ? original : message.fields.routingKey;
}

/** A message published by something other than this bus may lack an id; read it once and keep it. */
export function readMessageId(message: Message): string {
  const id = message.properties.messageId;
  return typeof id === 'string' && id !== '' ? id : randomUUID();
}

function userHeaders(message: Message): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.properties.headers ?? {})) {
    if (!busHeaders.has(name)) headers[name] = value;
  }
  return headers;
}

/** Throws when the body is not JSON; the consumer dead-letters such a message. */
export function decodeDelivery(message: Message, messageId: string): BusMessage {
  return {
    routingKey: readRoutingKey(message),
    payload: JSON.parse(message.content.toString('utf8')),
    messageId,
    attempt: readAttempt(message),
    headers: userHeaders(message),
  };
}

/** Properties of the copy that carries the next attempt. */
export function retryProperties(message: Message, messageId: string): Options.Publish {
  return publishProperties(messageId, {
    ...userHeaders(message),
    [attemptHeader]: readAttempt(message) + 1,
    [routingKeyHeader]: readRoutingKey(message),
  });
}

/** Properties of the copy sent to the dead-letter exchange (under the original routing key). */
export function deadLetterProperties(
  message: Message,
  messageId: string,
  queue: string,
  error: string,
): Options.Publish {
  return publishProperties(messageId, {
    ...userHeaders(message),
    [attemptHeader]: readAttempt(message),
    [queueHeader]: queue,
    [errorHeader]: error,
  });
}

/** Reads a message taken from the dead-letter queue. */
export function decodeDeadLetter(message: Message): DeadLetter {
  const headers = message.properties.headers ?? {};
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch {
    payload = message.content.toString('utf8');
  }
  return {
    routingKey: readRoutingKey(message),
    payload,
    messageId: readMessageId(message),
    attempt: readAttempt(message),
    headers: userHeaders(message),
    queue: String(headers[queueHeader] ?? ''),
    error: String(headers[errorHeader] ?? ''),
  };
}
