import type { AgentStatus, SyncResult } from '@turumba/contracts';
import { io, type Socket } from 'socket.io-client';
import { ClientEvent, ServerEvent, type ServerEventName, SOCKET_PATH, SocketNamespace } from './protocol';
import { createSeqTracker, eventPosition } from './sequence';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface AgentSocketDeps {
  token: () => string | null;
  /** Refreshes the access token after the handshake refused it; false when signed out. */
  refreshToken: () => Promise<boolean>;
  /** The account whose `seq` is resumed with `sync`. */
  accountId: () => string | null;
}

type Listener = (payload: unknown) => void;
export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: string; message: string };

const serverEvents = (Object.values(ServerEvent) as ServerEventName[]).filter(
  (e) => e !== ServerEvent.sessionReady,
);

/**
 * The agent's `/agents` connection: typed subscriptions, acks with a timeout, `seq` dedupe, and
 * after a reconnect that Socket.IO did not recover: re-joins, re-sent presence, and `sync` from
 * the last `seq` (or a full reload through `onResync` when that is not possible).
 */
export function createAgentSocket(deps: AgentSocketDeps) {
  const listeners = new Map<string, Set<Listener>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const resyncListeners = new Set<() => void>();
  const joined = new Set<string>();
  const seqs = createSeqTracker();
  let status: AgentStatus | null = null;
  let state: ConnectionState = 'connecting';
  let hasConnected = false;
  let closed = false;

  const socket: Socket = io(SocketNamespace.agents, {
    path: SOCKET_PATH,
    // WebSocket first (long-polling only as fallback): no polling requests to go stale on reloads.
    transports: ['websocket', 'polling'],
    auth: (cb) => cb({ token: deps.token() ?? '' }),
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of stateListeners) l(next);
  };
  const resync = () => {
    for (const l of resyncListeners) l();
  };

  function emit(event: string, payload: unknown, timeoutMs = 5000): Promise<Ack> {
    return new Promise((resolve) => {
      if (!socket.connected) {
        resolve({ ok: false, error: 'service_unavailable', message: 'Not connected' });
        return;
      }
      socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: Ack | undefined) => {
        if (err) resolve({ ok: false, error: 'timeout', message: 'No answer from the server' });
        else resolve(ack ?? { ok: true });
      });
    });
  }

  /** Replays what the account missed from the last `seq`, or reloads over HTTP when it cannot. */
  async function sync() {
    const accountId = deps.accountId();
    const after = accountId ? seqs.last(accountId) : undefined;
    if (!accountId || after === undefined) return resync();
    const ack = (await emit(ClientEvent.sync, { account_id: accountId, after_seq: after }, 10_000)) as
      | SyncResult
      | Ack;
    if (!ack.ok || !('resync_required' in ack) || ack.resync_required) {
      if (ack.ok && 'last_seq' in ack && typeof ack.last_seq === 'number')
        seqs.reset(accountId, ack.last_seq);
      resync();
    }
  }

  let readyTimer = 0;
  let awaitingReady = false;
  const afterReconnect = (recovered: boolean) => {
    if (!awaitingReady) return;
    awaitingReady = false;
    window.clearTimeout(readyTimer);
    if (!recovered) void sync();
  };

  socket.on('connect', () => {
    setState('connected');
    // Rooms and presence belong to the connection: (re)send them on every connect.
    if (status) void emit(ClientEvent.agentStatus, { status });
    for (const id of joined) void emit(ClientEvent.conversationJoin, { conversation_id: id });
    if (!hasConnected) {
      hasConnected = true;
      return;
    }
    // `session:ready` says whether missed events were recovered; servers without it: ask Socket.IO.
    awaitingReady = true;
    readyTimer = window.setTimeout(() => afterReconnect(socket.recovered), 1500);
  });

  socket.on(ServerEvent.sessionReady, (payload: { recovered?: boolean } | undefined) => {
    afterReconnect(payload?.recovered === true);
  });

  socket.on('disconnect', () => {
    if (!closed) setState('reconnecting');
  });

  socket.on('connect_error', (err) => {
    setState(hasConnected ? 'reconnecting' : 'connecting');
    // A refusal by the server's middleware is not retried by Socket.IO: refresh and try again.
    if (socket.active) return;
    if (err.message !== 'unauthorized') {
      setState('offline');
      return;
    }
    void deps.refreshToken().then((ok) => {
      if (ok && !closed) window.setTimeout(() => socket.connect(), 500);
      else setState('offline');
    });
  });

  for (const event of serverEvents) {
    socket.on(event, (payload: unknown) => {
      const position = eventPosition(payload);
      if (position) {
        const verdict = seqs.see(position.accountId, position.seq, event);
        if (verdict === 'duplicate') return;
        if (verdict === 'gap') resync();
      }
      for (const l of listeners.get(event) ?? []) l(payload);
    });
  }

  return {
    get state() {
      return state;
    },
    on(event: ServerEventName, listener: Listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onState(listener: (state: ConnectionState) => void) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    onResync(listener: () => void) {
      resyncListeners.add(listener);
      return () => {
        resyncListeners.delete(listener);
      };
    },
    join(conversationId: string) {
      joined.add(conversationId);
      return emit(ClientEvent.conversationJoin, { conversation_id: conversationId });
    },
    leave(conversationId: string) {
      joined.delete(conversationId);
      return emit(ClientEvent.conversationLeave, { conversation_id: conversationId });
    },
    typing(conversationId: string, isTyping: boolean) {
      if (!socket.connected) return;
      socket.emit(isTyping ? ClientEvent.typingStart : ClientEvent.typingStop, {
        conversation_id: conversationId,
      });
    },
    setStatus(next: AgentStatus) {
      status = next;
      return emit(ClientEvent.agentStatus, { status: next });
    },
    close() {
      closed = true;
      window.clearTimeout(readyTimer);
      socket.close();
    },
  };
}

export type AgentSocket = ReturnType<typeof createAgentSocket>;
