import { io, type Socket } from 'socket.io-client';

/* Client-side helpers of bench/realtime.ts: many agent sockets, and latency percentiles. */

/** Opens one `/agents` socket per token, `concurrency` handshakes at a time. */
export async function connectAgents(
  url: string,
  tokens: string[],
  options: { concurrency: number; onReady?: (socket: Socket, index: number) => Promise<void> },
) {
  const sockets: Socket[] = [];
  let failures = 0;
  const reasons = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const open = (token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${url}/agents`, {
        path: '/ws',
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: 60_000,
      });
      socket.once('session:ready', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
  const worker = async () => {
    while (next < tokens.length) {
      const index = next++;
      try {
        const socket = await open(tokens[index]!);
        sockets.push(socket);
        await options.onReady?.(socket, index);
      } catch (err) {
        failures++;
        const reason = (err as Error).message;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    sockets,
    failures,
    reasons: Object.fromEntries(reasons),
    seconds: (performance.now() - started) / 1000,
  };
}

export function createLatencyRecorder() {
  const samples: number[] = [];
  return {
    record(ms: number) {
      samples.push(ms);
    },
    get count() {
      return samples.length;
    },
    summary() {
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      return {
        count: sorted.length,
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        max: sorted.at(-1) ?? Number.NaN,
      };
    },
  };
}

export function closeAll(sockets: Socket[]) {
  for (const socket of sockets) socket.close();
}
