/**
 * Agent sockets on the gateway's /ws (proxied to realtime), as the web app connects. Every
 * agent is in its account room (`conversation:new`, `conversation:updated` for every message);
 * `conversation:message` goes to the conversation room only, so each conversation gets one
 * watching agent (customer index mod agents) that joins it on `conversation:new` (or on the first
 * `conversation:updated` it sees, if it missed the creation). Who is assigned to a conversation
 * (automatic routing) does not matter: the agents are admins, who may join any conversation.
 */
import { io, type Socket } from 'socket.io-client';
import { type Recorder, sleep, wallClock } from './record';
import { customerOf, seqOf } from './webhooks';

interface ConversationPayload {
  conversation?: { id: string; channel_type: string; contact_identifier: string };
}
interface MessagePayload {
  conversation_id: string;
  message: { content: string | null; direction: string };
}

export interface AgentPool {
  /** Conversations joined (by their watcher). */
  readonly joined: number;
  readonly stats: {
    joinFailures: Map<string, number>;
    disconnects: number;
    reconnects: number;
    foreignMarkers: number;
    accountEvents: number;
  };
  close(): void;
}

/** Joins at most this many conversations per second per socket (realtime allows 20 events/s). */
const JOINS_PER_SECOND = 15;

export async function connectAgentPool(
  gatewayUrl: string,
  tokens: string[],
  recorder: Recorder,
): Promise<AgentPool> {
  const joined = new Set<string>();
  const stats = {
    joinFailures: new Map<string, number>(),
    disconnects: 0,
    reconnects: 0,
    foreignMarkers: 0,
    accountEvents: 0,
  };
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const count = tokens.length;

  const open = (token: string, index: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${gatewayUrl}/agents`, {
        path: '/ws',
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        timeout: 30_000,
      });
      const queue: string[] = [];
      const wanted = new Set<string>();
      const want = (payload: ConversationPayload) => {
        stats.accountEvents++;
        const c = payload.conversation;
        if (!c || wanted.has(c.id)) return;
        if (customerOf(c.channel_type, c.contact_identifier) % count !== index) return;
        wanted.add(c.id);
        queue.push(c.id);
      };
      socket.on('conversation:new', want);
      socket.on('conversation:updated', want);
      socket.on('conversation:message', (payload: MessagePayload) => {
        if (payload.message.direction !== 'inbound') return;
        const seq = seqOf(payload.message.content);
        if (seq === undefined || !recorder.sawAtSocket(seq, wallClock())) stats.foreignMarkers++;
      });
      socket.on('disconnect', () => stats.disconnects++);
      socket.io.on('reconnect', () => stats.reconnects++);
      timers.push(
        setInterval(() => {
          for (const id of queue.splice(0, JOINS_PER_SECOND)) {
            socket
              .timeout(30_000)
              .emitWithAck('conversation:join', { conversation_id: id })
              .then((ack: { ok: boolean; error?: string }) => {
                if (ack.ok) joined.add(id);
                else {
                  stats.joinFailures.set(
                    ack.error ?? '?',
                    (stats.joinFailures.get(ack.error ?? '?') ?? 0) + 1,
                  );
                  queue.push(id);
                }
              })
              .catch((err: Error) => {
                stats.joinFailures.set(err.message, (stats.joinFailures.get(err.message) ?? 0) + 1);
                queue.push(id);
              });
          }
        }, 1_000),
      );
      socket.once('session:ready', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });

  for (let i = 0; i < count; i++) sockets.push(await open(tokens[i]!, i));
  return {
    get joined() {
      return joined.size;
    },
    stats,
    close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.close();
    },
  };
}

/** Waits until `target` conversations are joined, or `timeoutMs`. */
export async function waitJoined(pool: AgentPool, target: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (pool.joined < target && Date.now() < deadline) await sleep(250);
  return pool.joined;
}
