import { randomUUID } from 'node:crypto';
import type { EligibleAgent, EventEnvelope } from '@turumba/contracts';
import { registerGatewayGuard } from '@turumba/platform/auth';
import { createBus, createInProcessBus, type EventBus } from '@turumba/platform/bus';
import { createHttpApp } from '@turumba/platform/http';
import { createKv, createMemoryKv } from '@turumba/platform/kv';
import { createSilentLogger } from '@turumba/platform/logger';
import { enqueue } from '@turumba/platform/outbox';
import { createInfrastructure } from '@turumba/platform/runtime';
import {
  createTestDatabase,
  deleteBusTopology,
  gatewayHeaders,
  startFakeServer,
  type TestIdentity,
  testGatewaySecret,
  testServiceToken,
  uniqueBusNames,
} from '@turumba/platform/testing';
import { registerBotRulesModule } from '../bot-rules/module';
import { loadConfig } from '../config';
import { toConversationDto } from '../conversations/dto';
import { conversations } from '../conversations/tables';
import { migrationsFolder } from '../deps';
import { toMessageDto } from '../messages/dto';
import { messages } from '../messages/tables';
import type { ModuleDeps, Worker } from '../module-deps';
import { registerQueueModule } from '../queue/module';
import { createFakeDirectory } from '../test-support';
import { startRoutingWorkers } from './workers';

/** Polls `check` until it returns something other than undefined, null or false. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
): Promise<NonNullable<Exclude<T, false>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false)
      return value as NonNullable<Exclude<T, false>>;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An eligible agent as the Account API returns it (spec defaults unless given). */
export function eligibleAgent(overrides: Partial<EligibleAgent> = {}): EligibleAgent {
  const id = overrides.user_id ?? randomUUID();
  return {
    user_id: id,
    name: `Agent ${id.slice(0, 4)}`,
    email: `${id.slice(0, 8)}@example.com`,
    role: 'agent',
    max_concurrent_conversations: 5,
    languages: [],
    available_topics: [],
    available_channels: [],
    auto_accept: true,
    team_ids: [],
    ...overrides,
  };
}

/**
 * Routing driven through its front doors: bot rules and queue routes on a Fastify app (gateway-
 * signed `inject`), the routing workers on the bus, a fresh database (PostgreSQL when
 * TEST_DATABASE_URL is set), RabbitMQ and Redis when their URLs are set, the outbox relay, and a
 * fake Account API on 127.0.0.1 answering `/internal/agents/eligible` from `agents`.
 */
export async function startRoutingHarness(options: { workers?: boolean; clock?: () => Date } = {}) {
  const names = uniqueBusNames('routingtest');
  const rabbitUrl = process.env.RABBITMQ_URL;
  const retry = { baseDelayMs: 20, maxDelayMs: 200 };
  const bus: EventBus = rabbitUrl
    ? await createBus({ url: rabbitUrl, names, retry })
    : createInProcessBus({ retry });
  const kv = process.env.REDIS_URL
    ? createKv({ url: process.env.REDIS_URL, keyPrefix: `${names.exchange}:` })
    : createMemoryKv();
  const database = await createTestDatabase(migrationsFolder);
  const logger = createSilentLogger();
  const infra = await createInfrastructure({
    name: 'routing-test',
    logger,
    migrationsFolder,
    shared: { database: database.database, bus, kv },
  });

  const agents: EligibleAgent[] = [];
  const accountApi = { isDown: false, calls: 0 };
  const server = await startFakeServer({
    'GET /internal/agents/eligible': ({ url, headers }) => {
      accountApi.calls++;
      if (headers['x-service-token'] !== testServiceToken) return { status: 401, body: {} };
      if (accountApi.isDown) return { status: 503, body: { success: false, error: 'service_unavailable' } };
      const team = new URL(url, 'http://x').searchParams.get('team_id');
      const found = agents.filter((a) => !team || a.team_ids.includes(team));
      return {
        body: { success: true, data: { at: new Date().toISOString(), agents: found }, message: null },
      };
    },
  });
  const config = loadConfig({
    DATA_DIR: ':memory:',
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
    CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ACCOUNT_API_URL: server.url,
  });
  const deps: ModuleDeps = {
    db: database.database.db,
    bus,
    kv,
    logger,
    config,
    clock: options.clock ?? (() => new Date()),
    ids: () => randomUUID(),
  };
  const directory = createFakeDirectory();
  const app = await createHttpApp({ name: 'routing test', logger });
  registerGatewayGuard(app, { secret: testGatewaySecret });
  // Routing tests name teams freely; whether a rule's team is the account's is the bot-rules tests' concern.
  registerBotRulesModule(app, deps, { ...directory, isTeamOf: async () => true });
  registerQueueModule(app, deps, directory);
  await app.ready();

  const events: EventEnvelope[] = [];
  const spyQueue = `${names.exchange}.spy`;
  const spy = await bus.subscribe(
    { queue: spyQueue, patterns: ['#'] },
    async (m) => void events.push(m.payload as EventEnvelope),
  );
  const queues = {
    botRouter: `${names.exchange}.bot`,
    agents: `${names.exchange}.agents`,
    drain: `${names.exchange}.drain`,
  };
  const workers: Worker[] =
    options.workers === false
      ? []
      : await startRoutingWorkers(deps, {
          queues,
          drainIntervalMs: 0,
          accountApi: { retries: 0, initialBackoffMs: 5, timeoutMs: 1_000 },
        });

  const accountId = randomUUID();
  const admin: TestIdentity = {
    userId: randomUUID(),
    accountIds: [accountId],
    accountRoles: { [accountId]: 'admin' },
  };
  const agent: TestIdentity = {
    userId: randomUUID(),
    accountIds: [accountId],
    accountRoles: { [accountId]: 'agent' },
  };
  let displayId = 0;

  /** A stored customer message and the `conversation.message.created` data about it (not published). */
  async function customerMessage(
    conversation: typeof conversations.$inferSelect,
    text: string,
    isNew = true,
  ) {
    const [message] = await deps.db
      .insert(messages)
      .values({
        accountId: conversation.accountId,
        conversationId: conversation.id,
        channelId: conversation.channelId,
        direction: 'inbound',
        senderType: 'contact',
        content: text,
        status: 'delivered',
      })
      .returning();
    return {
      message: toMessageDto(message!),
      conversation: toConversationDto(conversation),
      is_new_conversation: isNew,
    };
  }

  return {
    app,
    deps,
    db: deps.db,
    kv,
    bus,
    /** The routing workers' queue names (deleted at cleanup, also when `workers` is false). */
    queues,
    agents,
    accountApi,
    directory,
    events,
    accountId,
    admin,
    agent,
    inject(
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      identity?: TestIdentity,
      body?: unknown,
    ) {
      return app.inject({
        method,
        url,
        headers: gatewayHeaders(method, url, identity),
        payload: body as object,
      });
    },
    /** An open conversation as the inbound worker leaves it (not yet routed). */
    async createConversation(values: Partial<typeof conversations.$inferInsert> = {}) {
      const [row] = await deps.db
        .insert(conversations)
        .values({
          accountId,
          displayId: ++displayId,
          channelId: randomUUID(),
          channelType: 'whatsapp',
          contactIdentifier: `+2519${String(displayId).padStart(8, '0')}`,
          contactName: 'Abebe',
          ...values,
        })
        .returning();
      return row!;
    },
    customerMessage,
    /** A customer message announced as the inbound worker does (through the outbox and the bus). */
    async customerSays(conversation: typeof conversations.$inferSelect, text: string, isNew = true) {
      const data = await customerMessage(conversation, text, isNew);
      await deps.db.transaction((tx) =>
        enqueue(tx, {
          event_type: 'conversation.message.created',
          account_id: conversation.accountId,
          aggregate_type: 'conversation',
          aggregate_id: conversation.id,
          data,
        }),
      );
    },
    eventsOf: (type: string) => events.filter((e) => e.event_type === type),
    async cleanup() {
      for (const worker of workers) await worker.stop();
      await spy.close();
      await app.close();
      await infra.close();
      await bus.close();
      await kv.close();
      await database.cleanup();
      await server.close();
      if (rabbitUrl)
        await deleteBusTopology(rabbitUrl, names, [...Object.values(queues), spyQueue]).catch(() => {});
    },
  };
}
export type RoutingHarness = Awaited<ReturnType<typeof startRoutingHarness>>;
