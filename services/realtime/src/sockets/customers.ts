import {
  ClientEvent,
  ConversationRef,
  ServerEvent,
  SyncRequest,
  VisitorMessageSend,
  type VisitorSession,
} from '@turumba/contracts';
import type { Logger } from '@turumba/platform/logger';
import type { Namespace, Socket } from 'socket.io';
import type { VerifyVisitor } from '../messaging/visitor-sessions';
import { rooms } from '../rooms';
import type { ReplayMissed } from '../sync/replay-missed';
import type { SetTyping } from '../typing/typing';
import type { SendVisitorMessage } from '../webchat/send-visitor-message';
import { createGuard, type GuardOptions } from './guard';
import { limitHandshakes } from './handshake-limit';

export interface CustomersDeps {
  verifyVisitor: VerifyVisitor;
  sendVisitorMessage: SendVisitorMessage;
  setTyping: SetTyping;
  replayMissed: ReplayMissed;
  logger: Logger;
  guard: Omit<GuardOptions, 'logger'>;
  handshakes: { concurrent: number; queued: number };
}

interface VisitorSocketData {
  visitor: VisitorSession;
  token: string;
}

/**
 * `/customers` (the web widget): the visitor's session token in `auth.token` is checked by the
 * Messaging API. A visitor is only ever in `visitor:{channel}:{visitor}` and their current
 * conversation's room of this namespace; nothing else can be joined from here.
 */
export function setUpCustomersNamespace(namespace: Namespace, deps: CustomersDeps) {
  namespace.use(
    limitHandshakes(async (socket, next) => {
      const token = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        return next(new Error('unauthorized'));
      }
      try {
        const data: VisitorSocketData = { visitor: await deps.verifyVisitor(token), token };
        socket.data = data;
        next();
      } catch (err) {
        const unavailable = (err as { code?: string }).code === 'service_unavailable';
        deps.logger.debug({ err }, 'visitor socket refused');
        next(new Error(unavailable ? 'unavailable' : 'unauthorized'));
      }
    }, deps.handshakes),
  );

  const guard = createGuard({ ...deps.guard, logger: deps.logger });
  const visitorOf = (socket: Socket) => socket.data as VisitorSocketData;
  guard.on(ClientEvent.messageSend, VisitorMessageSend, (socket, input) =>
    deps.sendVisitorMessage(visitorOf(socket).visitor, visitorOf(socket).token, input),
  );
  guard.on(ClientEvent.sync, SyncRequest, (socket, input) =>
    deps.replayMissed(socket, [visitorOf(socket).visitor.account_id], input),
  );
  for (const [event, isTyping] of [
    [ClientEvent.typingStart, true],
    [ClientEvent.typingStop, false],
  ] as const) {
    guard.on(event, ConversationRef, (socket, input) => {
      const { visitor_id, channel_id } = visitorOf(socket).visitor;
      const typist = {
        kind: 'contact',
        visitorId: visitor_id,
        visitorRoom: rooms.visitor(channel_id, visitor_id),
      } as const;
      return deps.setTyping(socket.rooms, typist, input.conversation_id, isTyping);
    });
  }

  namespace.on('connection', (socket: Socket) => {
    const { visitor } = visitorOf(socket);
    if (!socket.recovered) {
      socket.join(rooms.visitor(visitor.channel_id, visitor.visitor_id));
      if (visitor.conversation_id) socket.join(rooms.conversation(visitor.conversation_id));
    }
    guard.attach(socket);
    // Through the adapter (not socket.emit), so it carries a recovery offset.
    namespace.to(socket.id).emit(ServerEvent.sessionReady, { recovered: socket.recovered });
  });
}
