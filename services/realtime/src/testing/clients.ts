import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/**
 * A real socket.io-client on `namespace`; resolves once the server has set the socket up (its
 * `session:ready`, which can arrive in the same network read as the connect), rejects with the refusal.
 */
export function connect(
  baseUrl: string,
  namespace: '/agents' | '/customers',
  auth: Record<string, unknown>,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Socket> {
  const socket = io(`${baseUrl}${namespace}`, {
    path: '/ws',
    auth,
    reconnection: false,
    transports: ['websocket'],
    forceNew: true,
    ...options,
  });
  return new Promise((resolve, reject) => {
    const refused = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('connect_error', refused);
    socket.once('session:ready', () => {
      socket.off('connect_error', refused); // later reconnects may fail and retry
      resolve(socket);
    });
  });
}

/** Everything `socket` receives as `event`, in order (first argument only). */
export function collect<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}

/** The next `event` matching `match`, or a rejection after `timeoutMs`. */
export function nextEvent<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

export function ack<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload?: unknown,
): Promise<T> {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<T>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
