import type { JwtVerifier } from '@turumba/platform/auth';
import type { Logger } from '@turumba/platform/logger';
import type { Socket } from 'socket.io';
import type { AgentIdentity, FetchIdentity } from '../identity/context-client';

export interface AgentSocketData {
  identity: AgentIdentity;
  /** Epoch ms when the token expires: the socket is closed then, and must reconnect with a new one. */
  expiresAt: number;
  /** Set when closed for an expired token (a reconnect is expected; not a deliberate leave). */
  isExpired?: boolean;
  /** The sign-in the token belongs to (its `sid`), when it names one: `auth.session.ended` closes it. */
  sessionId?: string;
}

/**
 * `/agents` handshake: the JWT in `auth.token` is verified (RS256 against the JWKS, iss, aud,
 * exp); the Account API says which accounts and roles it carries. Anything wrong refuses the
 * connection with `unauthorized`; an unreachable Account API with `unavailable`.
 */
export function authenticateAgent(deps: {
  verify: JwtVerifier;
  fetchIdentity: FetchIdentity;
  logger: Logger;
}) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    const token = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
      return next(new Error('unauthorized'));
    }
    try {
      const verified = await deps.verify(token);
      const identity = await deps.fetchIdentity(token);
      const exp = typeof verified.claims.exp === 'number' ? verified.claims.exp * 1000 : Date.now();
      const data: AgentSocketData = { identity, expiresAt: exp };
      if (typeof verified.claims.sid === 'string') data.sessionId = verified.claims.sid;
      socket.data = data;
      socket.handshake.auth = {}; // the token is checked; no need to hold ~1 KB per socket
      next();
    } catch (err) {
      const unavailable = (err as { code?: string }).code === 'service_unavailable';
      deps.logger.debug({ err }, 'agent socket refused');
      next(new Error(unavailable ? 'unavailable' : 'unauthorized'));
    }
  };
}
