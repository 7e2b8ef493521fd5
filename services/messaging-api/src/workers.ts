import { createAccountClient } from './account-client';
import { createChannelRuntime } from './channels/runtime';
import { createDispatcher } from './dispatcher/dispatch-message';
import type { RetryTiming } from './dispatcher/failure';
import { startDispatchWorker } from './dispatcher/worker';
import { createInboundProcessor } from './inbound/process-inbound-event';
import { createContactResolver } from './inbound/resolve-contact';
import { startInboundWorker } from './inbound/worker';
import type { ModuleDeps, Worker } from './module-deps';

/** Tuning that tests shorten; production uses the defaults. */
export interface WorkerOptions {
  inboundMaxAttempts?: number;
  dispatchTiming?: RetryTiming;
  accountApi?: { retries?: number; initialBackoffMs?: number; timeoutMs?: number; halfOpenAfterMs?: number };
  /** Queue names (tests sharing one RabbitMQ give each file its own). */
  queues?: { inbound?: string; dispatch?: string };
}

/** The Messaging API's background consumers: the inbound worker and the dispatcher. */
export async function startWorkers(deps: ModuleDeps, options: WorkerOptions = {}): Promise<Worker[]> {
  const runtime = createChannelRuntime(deps);
  const accounts = createAccountClient({
    baseUrl: deps.config.ACCOUNT_API_URL,
    serviceToken: deps.config.SERVICE_TOKEN,
    ...options.accountApi,
  });
  const processor = createInboundProcessor({
    ...deps,
    ...runtime,
    contacts: createContactResolver({ db: deps.db, accounts, clock: deps.clock }),
  });
  const inbound = await startInboundWorker(deps, processor, {
    maxAttempts: options.inboundMaxAttempts ?? 5,
    queue: options.queues?.inbound,
  });

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
  return [inbound, dispatch];
}
