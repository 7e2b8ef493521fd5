import type { SessionEndedData } from '@turumba/contracts';
import type { Namespace } from 'socket.io';
import { rooms } from '../rooms';
import type { AgentSocketData } from './agent-auth';

/**
 * Closes the agent sockets of a sign-in that ended (`auth.session.ended`: logged out, or revoked
 * for refresh-token reuse), on every instance: the Account API refuses its tokens from then on, so
 * a socket opened with one must not keep receiving. `session_id` null closes every socket of the
 * user. Closed from the server, the client does not reconnect by itself.
 */
export function createSessionEnd(namespace: Namespace) {
  return async (ended: SessionEndedData): Promise<number> => {
    const sockets = await namespace.in(rooms.user(ended.user_id)).fetchSockets();
    let closed = 0;
    for (const socket of sockets) {
      const data = socket.data as AgentSocketData;
      if (ended.session_id !== null && data.sessionId !== ended.session_id) continue;
      socket.disconnect(true);
      closed++;
    }
    return closed;
  };
}
