import { type EligibleAgents, EligibleAgentsResponse } from '@turumba/contracts';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';

/*
 * `GET /internal/agents/eligible` of the Account API (X-Service-Token), with a timeout per attempt,
 * retries with exponential backoff on transient failures (network, 5xx, 429) and a circuit breaker
 * that fails fast while the Account API is down, so routing falls back to its last snapshot at
 * once instead of waiting on timeouts for every conversation. The account-client module has no
 * generic call to reuse; when it grows `eligibleAgents`, pass that as the source instead.
 */

export interface EligibleQuery {
  accountId: string;
  teamId: string | null;
  at: Date;
}

export type EligibleAgentsSource = (query: EligibleQuery) => Promise<EligibleAgents>;

export interface EligibleClientOptions {
  baseUrl: string;
  serviceToken: string;
  timeoutMs?: number;
  retries?: number;
  initialBackoffMs?: number;
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
  fetch?: typeof globalThis.fetch;
}

export class EligibleAgentsUnavailable extends Error {
  constructor(
    message: string,
    readonly isTransient: boolean,
  ) {
    super(message);
    this.name = 'EligibleAgentsUnavailable';
  }
}

const isTransient = (err: unknown) =>
  !(err instanceof BrokenCircuitError) && (!(err instanceof EligibleAgentsUnavailable) || err.isTransient);

export function createEligibleAgentsClient(options: EligibleClientOptions): EligibleAgentsSource {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const backoff = new ExponentialBackoff({ initialDelay: options.initialBackoffMs ?? 50, maxDelay: 1_000 });
  const policy = wrap(
    retry(handleWhen(isTransient), { maxAttempts: options.retries ?? 2, backoff }),
    circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    }),
  );
  const base = options.baseUrl.replace(/\/+$/, '');

  return (query) =>
    policy.execute(async () => {
      const params = new URLSearchParams({ account_id: query.accountId, at: query.at.toISOString() });
      if (query.teamId) params.set('team_id', query.teamId);
      let response: Response;
      try {
        response = await fetchImpl(`${base}/internal/agents/eligible?${params}`, {
          headers: { 'x-service-token': options.serviceToken },
          signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
        });
      } catch (err) {
        throw new EligibleAgentsUnavailable(`Account API unreachable: ${(err as Error).message}`, true);
      }
      if (!response.ok) {
        const transient = response.status >= 500 || response.status === 429 || response.status === 408;
        throw new EligibleAgentsUnavailable(`Account API answered ${response.status}`, transient);
      }
      const parsed = EligibleAgentsResponse.safeParse(await response.json().catch(() => null));
      if (!parsed.success)
        throw new EligibleAgentsUnavailable('Account API: unexpected eligible agents', false);
      return parsed.data.data;
    });
}
