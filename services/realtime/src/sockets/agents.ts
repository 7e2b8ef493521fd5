import {
  AgentStatusRequest,
  ClientEvent,
  ConversationRef,
  ServerEvent,
  SyncRequest,
} from '@turumba/contracts';
import type { JwtVerifier } from '@turumba/platform/auth';
import type { Logger } from '@turumba/platform/logger';
import type { Namespace, Socket } from 'socket.io';
import type { Membership } from '../conversations/membership';
import type { FetchIdentity } from '../identity/context-client';
import type { Presence } from '../presence/presence';
import { rooms } from '../rooms';
import type { ReplayMissed } from '../sync/replay-missed';
import type { SetTyping } from '../typing/typing';
import { ok } from './acks';
import { type AgentSocketData, authenticateAgent } from './agent-auth';
import { createGuard, type GuardOptions } from './guard';
import { limitHandshakes } from './handshake-limit';

export interface AgentsDeps {
  verify: JwtVerifier;
  fetchIdentity: FetchIdentity;
  logger: Logger;
  membership: Membership;
  setTyping: SetTyping;
  presence: Presence;
  replayMissed: ReplayMissed;
  guard: Omit<GuardOptions, 'logger'>;
  handshakes: { concurrent: number; queued: number };
}

// Closed by the client or by us on purpose: offline at once. A drop waits for the presence TTL.
const deliberate = new Set(['client namespace disconnect', 'server namespace disconnect']);
const identityOf = (socket: Socket) => (socket.data as AgentSocketData).identity;

/**
 * `/agents`: an accepted agent is in `user:{id}` and `account:{id}` for each of their accounts
 * (a recovered socket gets back the rooms it had, conversations included). Handlers validate,
 * call one function and ack its answer.
 */
export function setUpAgentsNamespace(namespace: Namespace, deps: AgentsDeps) {
  namespace.use(limitHandshakes(authenticateAgent(deps), deps.handshakes));
  const guard = createGuard({ ...deps.guard, logger: deps.logger });
  guard.on(ClientEvent.conversationJoin, ConversationRef, (socket, input) =>
    deps.membership.join(socket, identityOf(socket), input.conversation_id),
  );
  guard.on(ClientEvent.conversationLeave, ConversationRef, async (socket, input) =>
    deps.membership.leave(socket, input.conversation_id),
  );
  for (const [event, isTyping] of [
    [ClientEvent.typingStart, true],
    [ClientEvent.typingStop, false],
  ] as const) {
    guard.on(event, ConversationRef, (socket, input) =>
      deps.setTyping(
        socket.rooms,
        { kind: 'agent', userId: identityOf(socket).userId },
        input.conversation_id,
        isTyping,
      ),
    );
  }
  guard.on(ClientEvent.agentStatus, AgentStatusRequest, async (socket, input) => {
    const { userId, accountIds } = identityOf(socket);
    await deps.presence.setStatus(userId, accountIds, input.status);
    return ok();
  });
  guard.on(ClientEvent.sync, SyncRequest, (socket, input) =>
    deps.replayMissed(socket, identityOf(socket).accountIds, input),
  );

  const onFailure = (err: unknown) => deps.logger.warn({ err }, 'presence update failed');
  /** Who is online in each of the agent's accounts, so the inbox need not wait for changes. */
  async function sendSnapshots(socket: Socket, accountIds: string[]) {
    for (const accountId of accountIds) {
      const snapshot = await deps.presence.snapshot(accountId);
      if (socket.connected) socket.emit(ServerEvent.presenceSnapshot, snapshot);
    }
  }
  namespace.on('connection', (socket: Socket) => {
    const data = socket.data as AgentSocketData;
    const { userId, accountIds } = data.identity;
    if (!socket.recovered) socket.join([rooms.user(userId), ...accountIds.map(rooms.account)]);
    guard.attach(socket);
    // After the agent's own status is written, so the snapshot includes them.
    deps.presence
      .connected(userId, accountIds)
      .catch(onFailure)
      .then(() => sendSnapshots(socket, accountIds))
      .catch((err: unknown) => deps.logger.warn({ err }, 'presence snapshot not sent'));
    socket.on('disconnect', (reason) => {
      const isDeliberate = deliberate.has(reason) && !data.isExpired;
      deps.presence.disconnected(userId, isDeliberate).catch(onFailure);
    });
    // Through the adapter (not socket.emit), so it carries a recovery offset.
    namespace.to(socket.id).emit(ServerEvent.sessionReady, { recovered: socket.recovered });
  });
}
