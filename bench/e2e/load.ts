/**
 * Open-loop webhook generator: message k of a stage is due at start + k / rate, whatever the
 * answers do (no coordinated omission); its latency counts from that due time. undici's Pool
 * keeps `connections` keep-alive connections to the gateway; requests beyond them wait in its
 * queue, and that wait is part of the measured latency.
 */
import { Pool } from 'undici';
import { type Recorder, sleep, wallClock } from './record';
import { type BenchChannel, buildWebhook } from './webhooks';

export interface StageResult {
  stage: number;
  rate: number;
  seconds: number;
  sent: number;
  /** Sent / elapsed: below the target when the generator itself could not keep up. */
  achievedRate: number;
  /** Largest delay between a message's due time and its dispatch (generator lag). */
  maxLagMs: number;
  /** Non-2xx answers and transport errors of the stage's requests, by kind (known once settled). */
  errors: Record<string, number>;
}

export interface Generator {
  /** Customer `customer` (0-based) sends one message. */
  runStage(stage: number, rate: number, seconds: number, pick: (k: number) => number): Promise<StageResult>;
  /** Resolves when every request sent so far is answered (or failed), at most `timeoutMs`. */
  settle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
  readonly errors: Map<string, number>;
  /** Errors of one stage so far. */
  errorsOf(stage: number): Record<string, number>;
}

export function createGenerator(
  gatewayUrl: string,
  channels: BenchChannel[],
  recorder: Recorder,
  options: { connections: number },
): Generator {
  const pool = new Pool(gatewayUrl, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const errors = new Map<string, number>();
  let inFlight = 0;
  let closed: Promise<void> | undefined;

  const byStage = new Map<number, Record<string, number>>();
  const count = (stage: number, key: string) => {
    errors.set(key, (errors.get(key) ?? 0) + 1);
    const mine = byStage.get(stage) ?? {};
    mine[key] = (mine[key] ?? 0) + 1;
    byStage.set(stage, mine);
  };

  const send = (stage: number, customer: number, dueAt: number) => {
    const seq = recorder.take(stage, dueAt);
    const channel = channels[customer % channels.length]!;
    const webhook = buildWebhook(channel, customer, seq, dueAt);
    inFlight++;
    pool
      .request({ method: 'POST', path: webhook.path, headers: webhook.headers, body: webhook.body })
      .then(async (res) => {
        await res.body.dump();
        recorder.status[seq] = res.statusCode;
        recorder.ackMs[seq] = wallClock() - dueAt;
        if (res.statusCode >= 300) count(stage, `HTTP ${res.statusCode}`);
      })
      .catch((err: Error) => count(stage, err.message.slice(0, 80)))
      .finally(() => inFlight--);
  };

  return {
    errors,
    errorsOf: (stage) => ({ ...byStage.get(stage) }),
    async runStage(stage, rate, seconds, pick) {
      const total = Math.round(rate * seconds);
      const start = wallClock();
      let sent = 0;
      let maxLagMs = 0;
      while (sent < total) {
        const now = wallClock();
        const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
        for (; sent < due; sent++) {
          const dueAt = start + (sent / rate) * 1000;
          maxLagMs = Math.max(maxLagMs, now - dueAt);
          send(stage, pick(sent), dueAt);
        }
        // Sub-millisecond timers do not exist; a 2 ms tick sends bursts of rate/500.
        await sleep(2);
      }
      const elapsed = (wallClock() - start) / 1000;
      return {
        stage,
        rate,
        seconds,
        sent,
        achievedRate: sent / Math.max(elapsed, seconds),
        maxLagMs,
        errors: {},
      };
    },
    async settle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await sleep(50);
    },
    close() {
      closed ??= pool.close().catch(() => {});
      return closed;
    },
  };
}
