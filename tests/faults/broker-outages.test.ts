import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AcceptedMessage,
  type FaultStack,
  hasAllRealServices,
  realServices,
  sleep,
  startFaultStack,
  streamWebhooks,
  waitFor,
} from './harness';
import { type InvariantInput, settleAndCheck } from './invariants';

// Outages of the real servers, scoped to this test's own connections: RabbitMQ and Redis are
// reached through TCP proxies that are cut and restored (the shared brokers keep running for the
// other test files), and PostgreSQL loses only this test database's backends.
let h: FaultStack;
let channel: { id: string; path: string };
const accepted: AcceptedMessage[] = [];

const invariants = (): InvariantInput => ({
  db: h.db,
  accountId: h.accountId,
  acceptedMessages: accepted,
  ready: h.ready,
});

/** Polls /ready until it names `dependency` as failing (the degraded state is reported). */
async function reportsDegraded(dependency: string) {
  return waitFor(
    async () => {
      const ready = await h.ready();
      return ready.status === 503 && ready.checks[dependency] === 'failing' ? ready : undefined;
    },
    `/ready to report ${dependency} failing`,
    60_000,
  );
}

async function terminateTestBackends(): Promise<number> {
  const name = new URL(h.database.url!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: realServices.postgres });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  if (!hasAllRealServices) return;
  h = await startFaultStack({ workerOptions: { routing: false } });
  channel = await h.createWhatsappChannel();
});
// A failed test must not leave the next one without its brokers.
afterEach(() => {
  h?.rabbitProxy?.restore();
  h?.redisProxy?.restore();
});
afterAll(() => h?.cleanup());

describe.skipIf(!hasAllRealServices)('when a server drops this service mid-stream', () => {
  it('RabbitMQ restarted: webhooks keep being acked, /ready reports the bus, nothing is lost or doubled', async () => {
    let isCut = false;
    const stream = streamWebhooks(h, channel, {
      label: 'rabbit',
      count: 150,
      senders: 15,
      concurrency: 4,
      accepted,
      onProgress: (sent) => {
        if (sent === 50 && !isCut) {
          isCut = true;
          h.rabbitProxy!.cut();
        }
      },
    });
    await waitFor(() => isCut, 'the cut', 120_000);
    const degraded = await reportsDegraded('bus');
    expect(degraded.checks.database).toBe('ok');
    await sleep(1_000);
    h.rabbitProxy!.restore();
    const { statuses } = await stream;
    // The receiver only needs PostgreSQL (store + outbox): every webhook is acked during the outage.
    expect(Object.fromEntries(statuses)).toEqual({ 200: 150 });
    expect(await settleAndCheck(invariants(), 90_000)).toEqual([]);
  }, 240_000);

  it('Redis restarted: /ready reports the KV, and the pipeline carries on once it is back', async () => {
    h.redisProxy!.cut();
    await reportsDegraded('kv');
    const { statuses } = await streamWebhooks(h, channel, {
      label: 'redis',
      count: 60,
      senders: 6,
      concurrency: 4,
      accepted,
    });
    h.redisProxy!.restore();
    // Anything not acked was never stored; the provider retries it: no 2xx may be lost.
    expect([...statuses.keys()].every((s) => s === 200 || s >= 500)).toBe(true);
    const after = await streamWebhooks(h, channel, {
      label: 'redis-after',
      count: 20,
      senders: 4,
      concurrency: 4,
      accepted,
    });
    expect(after.statuses.get(200)).toBe(20);
    expect(await settleAndCheck(invariants(), 90_000)).toEqual([]);
  }, 240_000);

  it('PostgreSQL connections dropped: the pools reconnect and every acked webhook becomes one message', async () => {
    let terminated = 0;
    const stream = streamWebhooks(h, channel, {
      label: 'pg',
      count: 150,
      senders: 15,
      concurrency: 4,
      accepted,
      onProgress: async (sent) => {
        if (sent % 40 === 20) terminated += await terminateTestBackends();
      },
    });
    const { statuses } = await stream;
    expect(terminated).toBeGreaterThan(0);
    // A request whose connection was killed under it fails (and the provider retries it).
    expect([...statuses.keys()].every((s) => s === 200 || s >= 500)).toBe(true);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    // No client leaked by a connection that died under it: the pool (5) still serves 20 transactions.
    const transactions = Promise.all(
      Array.from({ length: 20 }, () => h.db.transaction((tx) => tx.execute(sql`select pg_sleep(0.01)`))),
    );
    await expect(Promise.race([transactions, sleep(10_000).then(() => 'pool exhausted')])).resolves.not.toBe(
      'pool exhausted',
    );
    expect(await settleAndCheck(invariants(), 90_000)).toEqual([]);
  }, 240_000);
});
