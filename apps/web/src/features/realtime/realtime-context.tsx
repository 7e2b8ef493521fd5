import type { AgentStatus } from '@turumba/contracts';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { useAuth, useCurrentUser } from '../auth/auth-context';
import { type AgentSocket, type ConnectionState, createAgentSocket } from './agent-socket';
import type { PresenceEvent, PresenceSnapshot } from './payloads';
import {
  applyPresenceEvent,
  applyPresenceSnapshot,
  emptyPresence,
  type PresenceState,
  statusOf,
} from './presence-state';
import { ServerEvent, type ServerEventName } from './protocol';

interface RealtimeValue {
  socket: AgentSocket | null;
  state: ConnectionState;
  /** Teammates' statuses: from the snapshot sent on connect, then each change. */
  presence: { get(userId: string): AgentStatus | undefined };
  presenceState: PresenceState;
  myStatus: AgentStatus;
  setMyStatus(status: AgentStatus): void;
}

const RealtimeContext = createContext<RealtimeValue | null>(null);
const STATUS_KEY = 'turumba.presence';

function storedStatus(): AgentStatus {
  const value = window.localStorage.getItem(STATUS_KEY);
  return value === 'away' || value === 'offline' ? value : 'online';
}

/** One `/agents` socket for the signed-in agent, with connection state and teammates' presence. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const user = useCurrentUser();
  const accountId = useRef(user.account?.account_id ?? null);
  accountId.current = user.account?.account_id ?? null;
  const [socket, setSocket] = useState<AgentSocket | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [presence, setPresence] = useState<PresenceState>(emptyPresence);
  const [myStatus, setMyStatusState] = useState<AgentStatus>(storedStatus);

  useEffect(() => {
    const created = createAgentSocket({
      token: session.httpAuth.accessToken,
      refreshToken: session.refresh,
      accountId: () => accountId.current,
    });
    void created.setStatus(storedStatus());
    setSocket(created);
    const offState = created.onState(setState);
    const offPresence = created.on(ServerEvent.agentPresence, (payload) => {
      setPresence((prev) => applyPresenceEvent(prev, payload as PresenceEvent));
    });
    const offSnapshot = created.on(ServerEvent.presenceSnapshot, (payload) => {
      setPresence((prev) => applyPresenceSnapshot(prev, payload as PresenceSnapshot));
    });
    return () => {
      offState();
      offPresence();
      offSnapshot();
      setPresence(emptyPresence);
      created.close();
      setSocket(null);
    };
  }, [session]);

  const value: RealtimeValue = {
    socket,
    state,
    presence: { get: (userId) => statusOf(presence, userId) },
    presenceState: presence,
    myStatus,
    setMyStatus(status) {
      window.localStorage.setItem(STATUS_KEY, status);
      setMyStatusState(status);
      void socket?.setStatus(status);
    },
  };
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime outside RealtimeProvider');
  return value;
}

/** Subscribes `handler` (latest closure, no re-subscribe per render) to a server event. */
export function useSocketEvent(event: ServerEventName, handler: (payload: unknown) => void) {
  const { socket } = useRealtime();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => socket?.on(event, (payload) => latest.current(payload)), [socket, event]);
}

/** Runs `handler` when the socket came back without recovering what it missed. */
export function useResync(handler: () => void) {
  const { socket } = useRealtime();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => socket?.onResync(() => latest.current()), [socket]);
}
