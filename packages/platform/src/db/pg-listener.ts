import pg from 'pg';
import type { Logger } from '../logger';
import { assertChannelName } from './channel-name';

type Handler = (payload: string) => void;

export interface PgListener {
  listen(channel: string, handler: Handler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const MIN_RECONNECT_MS = 100;
const MAX_RECONNECT_MS = 5_000;

/**
 * LISTEN needs one session that stays open, so it cannot use the pool. This keeps one dedicated
 * client, opened on the first listen(), and reconnects with backoff when it drops, re-issuing
 * LISTEN for every channel. Notifications sent while disconnected are lost: listeners must treat
 * a notification as a hint and also poll (the outbox relay does).
 */
export function createPgListener(url: string, logger?: Logger): PgListener {
  const handlers = new Map<string, Set<Handler>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelay = MIN_RECONNECT_MS;
  let closed = false;

  const dispatch = (message: pg.Notification) => {
    for (const handler of handlers.get(message.channel) ?? []) {
      try {
        handler(message.payload ?? '');
      } catch (err) {
        logger?.error({ err, channel: message.channel }, 'LISTEN handler threw');
      }
    }
  };

  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', dispatch);
    // Without an 'error' listener a dropped connection would crash the process.
    next.on('error', (err) => logger?.warn({ err }, 'LISTEN connection error'));
    next.on('end', () => {
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    try {
      await next.connect();
      for (const channel of handlers.keys()) await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
    } catch (err) {
      next.removeAllListeners('end');
      await next.end().catch(() => {});
      throw err;
    }
    client = next;
    reconnectDelay = MIN_RECONNECT_MS;
    return next;
  };

  const ensureConnected = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || handlers.size === 0) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      ensureConnected().catch((err) => {
        logger?.warn({ err, retryInMs: reconnectDelay }, 'LISTEN reconnect failed');
        reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_MS);
        scheduleReconnect();
      });
    }, reconnectDelay);
    reconnectTimer.unref();
  }

  const unlisten = async (channel: string, handler: Handler) => {
    const set = handlers.get(channel);
    if (!set?.delete(handler) || set.size > 0) return;
    handlers.delete(channel);
    await client?.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => {});
  };

  return {
    async listen(channel, handler) {
      assertChannelName(channel);
      if (closed) throw new Error('Database is closed');
      const isNewChannel = !handlers.has(channel);
      const set = handlers.get(channel) ?? new Set();
      set.add(handler);
      handlers.set(channel, set);
      try {
        // A fresh connection may already LISTEN on it too; a repeated LISTEN is a no-op.
        const active = await ensureConnected();
        if (isNewChannel) await active.query(`LISTEN ${active.escapeIdentifier(channel)}`);
      } catch (err) {
        await unlisten(channel, handler);
        throw err;
      }
      return () => unlisten(channel, handler);
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      handlers.clear();
      const current = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      current?.removeAllListeners('end');
      await current?.end().catch(() => {});
    },
  };
}
