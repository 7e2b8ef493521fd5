import type {
  ClientEvent as ContractClientEvent,
  SocketNamespace as ContractNamespaces,
  ServerEvent as ContractServerEvent,
} from '@turumba/contracts';

/*
 * The socket contract's names (packages/contracts/src/socket.ts), restated as literals so the
 * bundle does not pull zod and every schema in for three constant objects; `satisfies` keeps
 * them equal to the contract at compile time.
 */
export const SocketNamespace = {
  agents: '/agents',
  customers: '/customers',
} as const satisfies typeof ContractNamespaces;

export const ClientEvent = {
  conversationJoin: 'conversation:join',
  conversationLeave: 'conversation:leave',
  typingStart: 'conversation:typing:start',
  typingStop: 'conversation:typing:stop',
  agentStatus: 'agent:status',
  sync: 'sync',
  messageSend: 'message:send',
} as const satisfies typeof ContractClientEvent;

export const ServerEvent = {
  conversationNew: 'conversation:new',
  conversationUpdated: 'conversation:updated',
  conversationMessage: 'conversation:message',
  conversationMessageStatus: 'conversation:message:status',
  conversationTyping: 'conversation:typing',
  agentPresence: 'agent:presence',
  notificationAssignment: 'notification:assignment',
  queueUpdate: 'queue:update',
  sessionReady: 'session:ready',
  presenceSnapshot: 'presence:snapshot',
} as const satisfies typeof ContractServerEvent;

export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

/** The socket path the gateway proxies to Realtime. */
export const SOCKET_PATH = '/ws';
