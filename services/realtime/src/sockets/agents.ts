import type { JwtVerifier } from '@turumba/platform/auth';
import type { Logger } from '@turumba/platform/logger';
import type { Namespace, Socket } from 'socket.io';
import type { AgentIdentity, FetchIdentity } from '../identity/context-client';

export interface AgentSocketData {
  identity: AgentIdentity;
}

export const rooms = {
  account: (id: string) => `account:${id}`,
  conversation: (id: string) => `conv:${id}`,
  user: (id: string) => `user:${id}`,
};

/**
 * `/agents`: the JWT in `auth.token` is verified at handshake (RS256 against the JWKS); a missing
 * or bad token refuses the connection. An accepted agent joins `user:{id}` and `account:{id}`
 * for each of their accounts.
 */
export function setUpAgentsNamespace(
  namespace: Namespace,
  deps: { verify: JwtVerifier; fetchIdentity: FetchIdentity; logger: Logger },
) {
  namespace.use(async (socket: Socket, next) => {
    const token = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized'));
    try {
      await deps.verify(token);
      (socket.data as AgentSocketData).identity = await deps.fetchIdentity(token);
      next();
    } catch (err) {
      deps.logger.debug({ err }, 'agent socket refused');
      next(new Error('unauthorized'));
    }
  });

  namespace.on('connection', (socket) => {
    const { identity } = socket.data as AgentSocketData;
    socket.join([rooms.user(identity.userId), ...identity.accountIds.map(rooms.account)]);
  });
}
