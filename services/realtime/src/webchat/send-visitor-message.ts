import type { VisitorMessageSend, VisitorSession } from '@turumba/contracts';
import type { ForwardVisitorMessage } from '../messaging/visitor-messages';
import { type Ack, fail, ok } from '../sockets/acks';

/**
 * `message:send`: the visitor's message goes to the Messaging API as their own public widget
 * post (their token, their visitor id). The stored message comes back to every tab of theirs
 * as `conversation:message` through the bus, like an agent's reply.
 */
export function createSendVisitorMessage(forward: ForwardVisitorMessage) {
  return async function sendVisitorMessage(
    visitor: VisitorSession,
    token: string,
    input: VisitorMessageSend,
  ): Promise<Ack> {
    const result = await forward(visitor, token, { ...input, visitor_id: visitor.visitor_id });
    return result.ok ? ok(result.data) : fail(result.error, result.message);
  };
}
export type SendVisitorMessage = ReturnType<typeof createSendVisitorMessage>;
