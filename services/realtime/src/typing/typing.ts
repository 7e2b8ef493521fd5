import { ServerEvent, SocketNamespace } from '@turumba/contracts';
import type { Kv } from '@turumba/platform/kv';
import type { Emit } from '../io/emit';
import { rooms } from '../rooms';
import { type Ack, fail, ok } from '../sockets/acks';

export type Typist =
  | { kind: 'agent'; userId: string }
  | { kind: 'contact'; visitorId: string; visitorRoom: string };

/**
 * `conversation:typing:start|stop`: `SET typing:{conv}:{who} 1 EX 5` (or DEL), and
 * `conversation:typing` to the conversation room without the typist's own sockets. Agents'
 * typing also reaches the visitor of a webchat conversation (without the agent's id). Only
 * from a socket that is in the conversation's room: joining is what was authorized.
 */
export function createTyping(deps: { kv: Kv; emit: Emit; ttlSeconds: number }) {
  return async function setTyping(
    socketRooms: Set<string>,
    typist: Typist,
    conversationId: string,
    isTyping: boolean,
  ): Promise<Ack> {
    const room = rooms.conversation(conversationId);
    if (!socketRooms.has(room)) return fail('not_found', 'Join the conversation first');
    const who = typist.kind === 'agent' ? typist.userId : `visitor:${typist.visitorId}`;
    const key = `typing:${conversationId}:${who}`;
    if (isTyping) await deps.kv.set(key, '1', { ttlSeconds: deps.ttlSeconds });
    else await deps.kv.del(key);

    const user_id = typist.kind === 'agent' ? typist.userId : null;
    const payload = {
      conversation_id: conversationId,
      user_id,
      sender_type: typist.kind,
      is_typing: isTyping,
    };
    const event = ServerEvent.conversationTyping;
    const base = { rooms: [room], event, payload, ephemeral: true };
    if (typist.kind === 'agent') {
      deps.emit({ ...base, namespace: SocketNamespace.agents, except: [rooms.user(typist.userId)] }, payload);
      const visible = { ...payload, user_id: null };
      deps.emit({ ...base, namespace: SocketNamespace.customers, payload: visible }, visible);
    } else {
      deps.emit({ ...base, namespace: SocketNamespace.agents }, payload);
      deps.emit({ ...base, namespace: SocketNamespace.customers, except: [typist.visitorRoom] }, payload);
    }
    return ok();
  };
}
export type SetTyping = ReturnType<typeof createTyping>;
