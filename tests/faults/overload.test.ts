import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../services/messaging-api/src/messages/tables';
import { inboundEvents } from '../../services/messaging-api/src/webhooks/tables';
import {
  type AcceptedMessage,
  type FaultStack,
  realServices,
  sleep,
  startFaultStack,
  streamWebhooks,
  waitFor,
  whatsappText,
} from './harness';
import { settleAndCheck } from './invariants';

// Overload: FACTOR × the rate the pipeline sustains end to end (measured first, on this machine),
// for SECONDS. CI runs a short burst; the full run is FAULTS_OVERLOAD_SECONDS=300.
const SECONDS = Number(process.env.FAULTS_OVERLOAD_SECONDS ?? 10);
const FACTOR = Number(process.env.FAULTS_OVERLOAD_FACTOR ?? 3);
/** Requests in flight at most; beyond it the generator skips a send (and counts it). */
const MAX_IN_FLIGHT = 256;

let h: FaultStack;
let channel: { id: string; path: string };
const accepted: AcceptedMessage[] = [];

async function storedMessages() {
  const [row] = await h.db.select({ n: count() }).from(messages).where(eq(messages.channelId, channel.id));
  return row!.n;
}

async function backlog() {
  const rows = await h.db
    .select({ status: inboundEvents.status, n: count() })
    .from(inboundEvents)
    .where(eq(inboundEvents.channelId, channel.id))
    .groupBy(inboundEvents.status);
  return rows.find((r) => r.status === 'received')?.n ?? 0;
}

/** Messages per second the whole pipeline (ack, worker, commit) sustains here and now. */
async function measureSustainableRate(): Promise<number> {
  const started = Date.now();
  await streamWebhooks(h, channel, { label: 'calibrate', count: 100, senders: 20, concurrency: 8, accepted });
  await waitFor(async () => (await storedMessages()) >= 100, 'the calibration batch', 120_000);
  return 100 / ((Date.now() - started) / 1_000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

// On the embedded parts (one PGlite connection inside the test's own process) a "sustainable
// rate" measures the test runner, not the product: this fault runs on PostgreSQL only.
const needs = Boolean(realServices.postgres);

beforeAll(async () => {
  if (!needs) return;
  h = await startFaultStack({ workerOptions: { routing: false } });
  channel = await h.createWhatsappChannel();
});
afterAll(() => h?.cleanup());

describe.skipIf(!needs)(`when webhooks arrive at ${FACTOR}× the sustainable rate for ${SECONDS} s`, () => {
  it('sheds with 503 + Retry-After or acks durably, stays bounded, and turns every ack into a message', async () => {
    const sustainable = Math.max(5, Math.min(500, await measureSustainableRate()));
    const perSecond = sustainable * FACTOR;
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let inFlight = 0;
    let skipped = 0;
    let sent = 0;
    let maxBacklog = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    let maxHeap = heapBefore;
    const pending: Promise<void>[] = [];

    const send = async (n: number) => {
      const id = `wamid.overload-${n}`;
      const startedAt = performance.now();
      inFlight++;
      try {
        const response = await h.postWebhookResponse(
          channel.path,
          whatsappText(`2519${String(n % 200).padStart(8, '0')}`, id),
        );
        latencies.push(performance.now() - startedAt);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 200) accepted.push({ channelId: channel.id, providerMessageId: id });
        else if (response.statusCode === 503) expect(response.headers['retry-after']).toBeDefined();
      } finally {
        inFlight--;
      }
    };

    const deadline = Date.now() + SECONDS * 1_000;
    let owed = 0;
    let lastTick = Date.now();
    let nextSample = Date.now();
    while (Date.now() < deadline) {
      // Open loop: what is owed follows the clock, however late this loop wakes up.
      const now = Date.now();
      owed += (perSecond * (now - lastTick)) / 1_000;
      lastTick = now;
      for (; owed >= 1; owed--) {
        if (inFlight >= MAX_IN_FLIGHT) {
          skipped++;
          continue;
        }
        pending.push(send(sent++));
      }
      if (Date.now() >= nextSample) {
        nextSample = Date.now() + 1_000;
        maxBacklog = Math.max(maxBacklog, await backlog());
        maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
      }
      await sleep(50);
    }
    await Promise.all(pending);
    const loadEnded = Date.now();
    const backlogAtEnd = await backlog();
    // Whatever was acked drains without help once the load stops.
    await waitFor(
      async () => (await backlog()) === 0,
      'the backlog to drain',
      Math.max(120_000, SECONDS * 4_000),
    );
    const drainSeconds = (Date.now() - loadEnded) / 1_000;
    latencies.sort((a, b) => a - b);
    const report = {
      sustainable: Math.round(sustainable),
      offered: Math.round(perSecond),
      sent,
      skipped,
      statuses: Object.fromEntries(statuses),
      ackP50Ms: Math.round(percentile(latencies, 50)),
      ackP99Ms: Math.round(percentile(latencies, 99)),
      maxBacklog,
      backlogAtEnd,
      drainSeconds,
      heapGrowthMb: Math.round((maxHeap - heapBefore) / 1_048_576),
    };
    console.info('overload', JSON.stringify(report));

    // Shed with 503 + Retry-After, or acked: nothing else.
    expect([...statuses.keys()].every((s) => s === 200 || s === 503)).toBe(true);
    // It kept acking: the generator (open loop) rarely found its in-flight cap full. Ack latency is
    // printed, not asserted: on a shared CI box it measures the neighbours (bench:e2e owns targets).
    expect(skipped).toBeLessThan(sent * 0.05);
    // Bounded: the backlog is durable rows, not memory, and memory did not run away; the workers
    // did not thrash under the pile-up: they drain it at a fair share of the sustainable rate.
    expect(report.heapGrowthMb).toBeLessThan(300);
    if (backlogAtEnd > 2 * sustainable) expect(backlogAtEnd / drainSeconds).toBeGreaterThan(sustainable / 4);
    expect(
      await settleAndCheck(
        { db: h.db, accountId: h.accountId, acceptedMessages: accepted, ready: h.ready },
        120_000,
      ),
    ).toEqual([]);
  }, 600_000);
});
