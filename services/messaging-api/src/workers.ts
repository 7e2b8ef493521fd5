import { createAccountClient } from './account-client';
import { createChannelRuntime } from './channels/runtime';
import { createDispatcher } from './dispatcher/dispatch-message';
import type { RetryTiming } from './dispatcher/failure';
import { startSendSweeper } from './dispatcher/sweeper';
import { startDispatchWorker } from './dispatcher/worker';
import { createInboundBatchProcessor } from './inbound/batch';
import { createInboundProcessor } from './inbound/process-inbound-event';
import { startInboundRedrive } from './inbound/redrive';
import { createContactResolver } from './inbound/resolve-contact';
import { startInboundWorker } from './inbound/worker';
import type { ModuleDeps, Worker } from './module-deps';
import { type RoutingWorkerOptions, startRoutingWorkers } from './routing/workers';

/** Tuning that tests shorten; production uses the defaults. */
export interface WorkerOptions {
  inboundMaxAttempts?: number;
  /** Defaults to INBOUND_REDRIVE_AFTER_MS. */
  inboundRedriveAfterMs?: number;
  dispatchTiming?: RetryTiming;
  accountApi?: { retries?: number; initialBackoffMs?: number; timeoutMs?: number; halfOpenAfterMs?: number };
  /** Queue names (tests sharing one RabbitMQ give each file its own). */
  queues?: { inbound?: string; dispatch?: string };
  /**
   * The bot router, the agent-event listener and the queue drain (routing/workers.ts); `false`
   * leaves new conversations unrouted (tests of the inbound path alone). Unless given, the
   * Account API client's tuning is `accountApi`'s, and the routing queues are named after
   * `queues.inbound` when that is set, so a test's queues never meet another's.
   */
  routing?: RoutingWorkerOptions | false;
}

/** The Messaging API's background consumers: the inbound worker, the dispatcher and routing. */
export async function startWorkers(deps: ModuleDeps, options: WorkerOptions = {}): Promise<Worker[]> {
  // Routing subscribes first, so the first inbound message of a fresh broker already reaches it.
  const routing = options.routing === false ? [] : await startRoutingWorkers(deps, routingOptions(options));
  const runtime = createChannelRuntime(deps);
  const accounts = createAccountClient({
    baseUrl: deps.config.ACCOUNT_API_URL,
    serviceToken: deps.config.SERVICE_TOKEN,
    ...options.accountApi,
  });
  const contacts = createContactResolver({ db: deps.db, accounts, clock: deps.clock });
  const inboundDeps = { ...deps, ...runtime, contacts };
  const processor = createInboundProcessor(inboundDeps);
  const inbound = await startInboundWorker(
    deps,
    processor,
    { maxAttempts: options.inboundMaxAttempts ?? 5, queue: options.queues?.inbound },
    createInboundBatchProcessor(inboundDeps, processor),
  );

  const stopping = new AbortController();
  const dispatcher = createDispatcher({
    ...deps,
    ...runtime,
    publicUrl: deps.config.PUBLIC_URL,
    defaultRatePerSecond: deps.config.CHANNEL_RATE_LIMIT_PER_SECOND,
    timing: options.dispatchTiming ?? { baseDelayMs: 1_000, maxDelayMs: 60_000 },
    leaseMs: deps.config.PROVIDER_TIMEOUT_MS * 4,
    maxRateWaitMs: 10_000,
    stopping: stopping.signal,
  });
  const dispatch = await startDispatchWorker(deps, dispatcher, stopping, {
    maxAttempts: deps.config.DISPATCH_MAX_ATTEMPTS,
    queue: options.queues?.dispatch,
  });
  const sweeper = startSendSweeper(deps, {
    leaseMs: deps.config.PROVIDER_TIMEOUT_MS * 4,
    maxRecoveries: deps.config.DISPATCH_MAX_ATTEMPTS,
  });
  const redrive = startInboundRedrive(deps, {
    staleMs: options.inboundRedriveAfterMs ?? deps.config.INBOUND_REDRIVE_AFTER_MS,
  });
  return [inbound, dispatch, sweeper, redrive, ...routing];
}

/** The routing queues named after a test's inbound queue (so its cleanup can delete them). */
export function routingQueuesOf(inboundQueue: string) {
  return {
    botRouter: `${inboundQueue}.bot-router`,
    agents: `${inboundQueue}.agents`,
    drain: `${inboundQueue}.drain`,
  };
}

function routingOptions(options: WorkerOptions): RoutingWorkerOptions {
  const routing = options.routing || {};
  const inbound = options.queues?.inbound;
  const queues = inbound ? routingQueuesOf(inbound) : {};
  return {
    accountApi: options.accountApi,
    ...routing,
    queues: { ...queues, ...routing.queues },
  };
}
