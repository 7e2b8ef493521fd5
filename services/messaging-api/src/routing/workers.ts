import { createCompiledRules } from '../bot-rules/service';
import type { ModuleDeps, Worker } from '../module-deps';
import { createQueueDrain } from '../queue/drain';
import { startQueueDrainWorker } from '../queue/drain-worker';
import { createQueueSnapshots } from '../queue/snapshots';
import { startAgentEventsWorker } from './agent-events';
import { startBotRouter } from './bot-router';
import { createEligibleAgentsClient, type EligibleAgentsSource } from './eligible-agents-client';
import { createEligibleCache } from './eligible-cache';
import { createRoutingService } from './service';

export interface RoutingOptions {
  /** Where eligible agents come from; default: the Account API over HTTP. */
  eligibleSource?: EligibleAgentsSource;
  accountApi?: { retries?: number; initialBackoffMs?: number; timeoutMs?: number; halfOpenAfterMs?: number };
  /** How long an eligible-agents snapshot is used without asking again. Default 30 s. */
  eligibleFreshForMs?: number;
}

export interface RoutingWorkerOptions extends RoutingOptions {
  /** Queue names (tests sharing one RabbitMQ give each file its own). */
  queues?: { botRouter?: string; agents?: string; drain?: string };
  maxAttempts?: number;
  /** Period of the drain of every waiting account (working hours starting). Default 60 s; 0 = off. */
  drainIntervalMs?: number;
}

/** Rules cache, eligible-agents cache, router, drain and queue snapshots, wired from the module deps. */
export function createRouting(deps: ModuleDeps, options: RoutingOptions = {}) {
  const source =
    options.eligibleSource ??
    createEligibleAgentsClient({
      baseUrl: deps.config.ACCOUNT_API_URL,
      serviceToken: deps.config.SERVICE_TOKEN,
      ...options.accountApi,
    });
  const eligible = createEligibleCache({ ...deps, source, freshForMs: options.eligibleFreshForMs });
  const queueSnapshots = createQueueSnapshots(deps);
  const routing = createRoutingService({
    ...deps,
    rules: createCompiledRules(deps),
    eligible,
    queueSnapshots,
  });
  const drain = createQueueDrain({ ...deps, routing, queueSnapshots });
  return { eligible, routing, drain, queueSnapshots };
}

/** The bot router, the agent-event listener and the queue drain (spec §5). */
export async function startRoutingWorkers(
  deps: ModuleDeps,
  options: RoutingWorkerOptions = {},
): Promise<Worker[]> {
  const { eligible, routing, drain, queueSnapshots } = createRouting(deps, options);
  const common = { maxAttempts: options.maxAttempts };
  return [
    await startBotRouter({ ...deps, routing }, { ...common, queue: options.queues?.botRouter }),
    await startAgentEventsWorker({ ...deps, eligible, drain }, { ...common, queue: options.queues?.agents }),
    await startQueueDrainWorker(
      { ...deps, drain, queueSnapshots },
      { ...common, queue: options.queues?.drain, intervalMs: options.drainIntervalMs },
    ),
    // Last: the workers above stop first, so the snapshots they asked for are written.
    { name: 'queue-snapshots', stop: () => queueSnapshots.stop() },
  ];
}
