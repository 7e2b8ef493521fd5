/**
 * Realtime benchmark (127.0.0.1 only, bounded in time, prints numbers).
 *   npm run bench:realtime -- [--sockets 15000] [--rate 20000] [--seconds 10] [--latency-sockets 2000]
 * 1. capacity: one instance (own process) holding `sockets` agent sockets, each with a real
 *    RS256 JWT checked against the JWKS, identity from a fake Account API, its user and account
 *    rooms plus one conversation room (authorized by a fake Messaging API), presence heartbeats
 *    every 5 s; prints handshake rate and the instance's RSS.
 * 2. latency: `conversation.created` published on the bus at rate/per-account events/s to
 *    accounts of `per-account` agents each (= `rate` deliveries/s); time from publish to the
 *    client's handler: embedded (in-process bus), and with RABBITMQ_URL + REDIS_URL set, through
 *    RabbitMQ on one instance without Redis (as a single instance runs), on one instance with
 *    Redis, and across two (consumed by A, delivered to clients of B through Redis).
 * Open files: run through the npm script, which raises the soft limit (`ulimit -n`) to the hard one.
 * BENCH_HEAP=1 writes a heap snapshot of the capacity instance to /tmp. BENCH_NODE_FLAGS sets the
 * instances' Node flags (default: none, as `npm start -w services/realtime`), e.g.
 * BENCH_NODE_FLAGS=--optimize-for-size to measure the memory-bound trade-off of its README.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createBus } from '@turumba/platform/bus';
import {
  deleteBusTopology,
  startFakeServer,
  testGatewaySecret,
  testServiceToken,
} from '@turumba/platform/testing';
import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  closeAll,
  connectAgents,
  createLatencyRecorder,
} from '../services/realtime/src/testing/load-clients';
import { publishAtRate, wallClock } from '../services/realtime/src/testing/load-publish';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '15000' },
    rate: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '10' },
    'latency-sockets': { type: 'string', default: '2000' },
    'per-account': { type: 'string', default: '10' },
    /** Comma list: capacity, latency. */
    phases: { type: 'string', default: 'capacity,latency' },
    /** Seconds the capacity phase lets the instance settle (heartbeats running) before measuring. */
    settle: { type: 'string', default: '30' },
  },
});
const sockets = Number(values.sockets);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const latencySockets = Number(values['latency-sockets']);
const perAccount = Number(values['per-account']);
const phases = new Set(values.phases.split(','));
const rabbitUrl = process.env.RABBITMQ_URL;
const redisUrl = process.env.REDIS_URL;
/** Node flags of each instance: those of `npm start -w services/realtime` (none), unless BENCH_NODE_FLAGS says otherwise. */
const serverFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- fakes: Account API (JWKS, /context/basic) and Messaging API (conversation checks) ----
const keys = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench', alg: 'RS256' };
const accountOf = new Map<string, string>();
const accountApi = await startFakeServer({
  'GET /.well-known/jwks.json': () => ({ body: { keys: [jwk] } }),
  'GET /context/basic': (request) => {
    const token = String(request.headers.authorization).slice('Bearer '.length);
    const sub = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
    const account = accountOf.get(sub)!;
    return {
      body: {
        data: {
          user_id: sub,
          account_ids: [account],
          role_ids: [],
          accounts: [{ account_id: account, role: 'agent' }],
        },
      },
    };
  },
});
const messagingApi = await startFakeServer();

/** `count` agents in accounts of `perAccount`: their tokens and each account's shared conversation. */
async function agents(count: number) {
  const accounts: string[] = [];
  const tokens: string[] = [];
  const conversationOf = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (i % perAccount === 0) {
      accounts.push(randomUUID());
      const conversation = randomUUID();
      conversationOf.set(accounts.at(-1)!, conversation);
      messagingApi.on('GET', `/v1/conversations/${conversation}`, () => ({ body: {} }));
    }
    const userId = randomUUID();
    accountOf.set(userId, accounts.at(-1)!);
    tokens.push(
      await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
        .setIssuer('turumba')
        .setAudience('turumba-api')
        .setSubject(userId)
        .setExpirationTime('2h')
        .sign(keys.privateKey),
    );
  }
  return { accounts, tokens, conversationOf };
}

type Server = { url: string; child: ChildProcess; ask<T>(message: object, reply: string): Promise<T> };

/** A realtime instance in its own process (services/realtime/src/testing/load-server.ts). */
async function spawnServer(env: Record<string, string>, extra: object = {}): Promise<Server> {
  const base = {
    REALTIME_PORT: '0',
    ACCOUNT_API_URL: accountApi.url,
    MESSAGING_API_URL: messagingApi.url,
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
  };
  const child = fork(new URL('../services/realtime/src/testing/load-server.ts', import.meta.url), {
    execArgv: ['--import', 'tsx', '--expose-gc', ...serverFlags],
    env: { ...process.env, BENCH_SERVER: JSON.stringify({ env: { ...base, ...env }, ...extra }) },
  });
  const ask = <T>(message: object, reply: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${reply} from the server`)), 120_000);
      const onMessage = (answer: { type: string }) => {
        if (answer.type !== reply) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(answer as T);
      };
      child.on('message', onMessage);
      if (Object.keys(message).length > 0) child.send(message);
    });
  const { url } = await ask<{ url: string }>({}, 'ready');
  return { url, child, ask };
}

const stop = async (server: Server) => {
  server.child.send({ type: 'close' });
  await new Promise((resolve) => server.child.once('exit', resolve));
};
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

async function capacity(env: Record<string, string>, label: string) {
  const { tokens, conversationOf } = await agents(sockets);
  const server = await spawnServer({ ...env, PRESENCE_TTL_SECONDS: '15' });
  const result = await connectAgents(server.url, tokens, {
    concurrency: 100,
    onReady: async (socket, index) => {
      const conversation = conversationOf.get(accountOf.get(decodeSub(tokens[index]!))!)!;
      await socket.timeout(60_000).emitWithAck('conversation:join', { conversation_id: conversation });
    },
  });
  const early = await server.ask<NodeJS.MemoryUsage>({ type: 'stats' }, 'stats');
  // Heartbeats run every 5 s meanwhile; V8 gives back part of the handshake storm's heap.
  await sleep(Number(values.settle) * 1000);
  const stats = await server.ask<NodeJS.MemoryUsage & { sockets: number }>({ type: 'stats' }, 'stats');
  console.log(
    `capacity ${label}: ${stats.sockets} sockets held (${result.failures} failed${result.failures ? ` ${JSON.stringify(result.reasons)}` : ''}) in ${result.seconds.toFixed(1)} s ` +
      `(${(result.sockets.length / result.seconds).toFixed(0)} handshakes/s); RSS right after ${mib(early.rss)} MiB, after ${values.settle} s ${mib(stats.rss)} MiB (heap used ${mib(stats.heapUsed)} of ${mib(stats.heapTotal)}, external ${mib(stats.external)}, array buffers ${mib(stats.arrayBuffers)})`,
  );
  if (process.env.BENCH_HEAP) console.log(await server.ask({ type: 'heap' }, 'heap'));
  closeAll(result.sockets);
  await stop(server);
}

const decodeSub = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;

/** Clients on `target`; events published by `publish`; latency from publish to the handler. */
async function latency(label: string, target: Server, publish: (accounts: string[]) => Promise<unknown>) {
  const { accounts, tokens } = await agents(latencySockets);
  const recorder = createLatencyRecorder();
  const warmUntil = wallClock() + 1_000;
  const result = await connectAgents(target.url, tokens, {
    concurrency: 100,
    onReady: async (socket) => {
      socket.on('conversation:new', (payload: { conversation: { metadata: { bench_t: number } } }) => {
        const sentAt = payload.conversation.metadata.bench_t;
        if (sentAt >= warmUntil) recorder.record(wallClock() - sentAt);
      });
    },
  });
  // This process decodes every delivery: its own event-loop delay is part of what it measures.
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  await publish(accounts);
  await sleep(1_000);
  lag.disable();
  const s = recorder.summary();
  const fmt = (ms: number) => ms.toFixed(2);
  console.log(
    `latency ${label}: ${(rate / perAccount).toFixed(0)} events/s × ${perAccount} sockets = ${rate} deliveries/s for ${seconds} s ` +
      `over ${result.sockets.length} sockets: ${s.count} received, p50 ${fmt(s.p50)} ms, p90 ${fmt(s.p90)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms; ` +
      `the clients' own event-loop delay p50 ${fmt(lag.percentile(50) / 1e6)} ms, p99 ${fmt(lag.percentile(99) / 1e6)} ms, max ${fmt(lag.max / 1e6)} ms`,
  );
  closeAll(result.sockets);
}

const events = rate / perAccount;
console.log(
  `realtime bench: ${new Date().toISOString()}, node ${process.version}, instance flags: ${serverFlags.join(' ') || '(none)'}`,
);

async function cleanRedis(prefix: string) {
  const redis = new Redis(redisUrl!);
  const found = await redis.keys(`${prefix}*`);
  if (found.length > 0) await redis.del(...found);
  await redis.quit();
}

if (phases.has('capacity')) await capacity({}, 'embedded');
if (phases.has('capacity') && redisUrl) {
  const prefix = `bench:${randomUUID()}:`;
  await capacity({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix }, 'Redis (adapter, presence, log)');
  await cleanRedis(prefix);
}

if (phases.has('latency')) {
  const server = await spawnServer({});
  await latency('embedded, one instance', server, (accounts) =>
    server.ask({ type: 'publish', accounts, perSecond: events, seconds }, 'published'),
  );
  await stop(server);
}

if (phases.has('latency') && rabbitUrl && redisUrl) {
  const exchange = `bench.${randomUUID().slice(0, 8)}`;
  const names = { exchange, deadLetterExchange: `${exchange}.dlx`, deadLetterQueue: `${exchange}.dlq` };
  const queue = `${exchange}.realtime`;
  const prefix = `bench:${randomUUID()}:`;
  const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, REALTIME_QUEUE: queue };
  const bus = await createBus({ url: rabbitUrl, names });
  const rabbit = { url: rabbitUrl, exchange };
  const publish = (accounts: string[]) => publishAtRate(bus, accounts, events, seconds);
  // One instance needs no Redis (in-memory adapter, presence and log): RabbitMQ to its sockets.
  const alone = await spawnServer({ REALTIME_QUEUE: queue }, { rabbit });
  await latency('RabbitMQ, one instance without Redis', alone, publish);
  await stop(alone);
  const a = await spawnServer(env, { rabbit });
  await latency('RabbitMQ + Redis, one instance', a, publish);
  const b = await spawnServer(env, { rabbit, isolated: true });
  await latency('RabbitMQ + Redis, consumed on A, delivered by B', b, publish);
  await Promise.all([stop(a), stop(b)]);
  await bus.close();
  await deleteBusTopology(rabbitUrl, names, [queue]);
  await cleanRedis(prefix);
}

await accountApi.close();
await messagingApi.close();
process.exit(0);
