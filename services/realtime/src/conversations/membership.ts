import type { Socket } from 'socket.io';
import type { AgentIdentity } from '../identity/context-client';
import type { CanSeeConversation } from '../messaging/conversation-access';
import { rooms } from '../rooms';
import { type Ack, fail, ok } from '../sockets/acks';

/**
 * `conversation:join`: only a conversation the Messaging API lets this user see (their tenant,
 * their role's visibility); anything else is `not_found`, like over HTTP. At most `maxRooms`
 * rooms per socket.
 */
export function createMembership(deps: { canSeeConversation: CanSeeConversation; maxRooms: number }) {
  return {
    async join(socket: Socket, identity: AgentIdentity, conversationId: string): Promise<Ack> {
      const room = rooms.conversation(conversationId);
      if (socket.rooms.has(room)) return ok();
      if (socket.rooms.size >= deps.maxRooms) {
        return fail('too_many_rooms', `A socket may be in at most ${deps.maxRooms} rooms`);
      }
      if (!(await deps.canSeeConversation(identity, conversationId))) {
        return fail('not_found', 'Conversation not found');
      }
      // The socket may have closed while the check ran; joining then would only leak a room entry.
      if (socket.connected) socket.join(room);
      return ok();
    },

    leave(socket: Socket, conversationId: string): Ack {
      socket.leave(rooms.conversation(conversationId));
      return ok();
    },
  };
}
export type Membership = ReturnType<typeof createMembership>;
