import {
  type Contact,
  InternalContactResponse,
  type InternalContactUpsertRequest,
  InternalContactUpsertResponse,
  type InternalContactUpsertResult,
} from '@turumba/contracts';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import { z } from 'zod';

export interface AccountClientOptions {
  baseUrl: string;
  serviceToken: string;
  /** Per HTTP attempt. Default 5000. */
  timeoutMs?: number;
  /** Retries after the first attempt, with exponential backoff. Default 2. */
  retries?: number;
  /** Consecutive failed calls that open the circuit. Default 5. */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before letting one call through. Default 10 000. */
  halfOpenAfterMs?: number;
  /** First retry delay. Default 100. */
  initialBackoffMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** The Account API answered with an error, or could not be reached. */
export class AccountApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AccountApiError';
  }
}

/** `GET /internal/users/{id}?account_id=`: a member of the account (for `{{agent_name}}`). */
const DirectoryUserResponse = z.object({
  data: z.object({ id: z.uuid(), name: z.string(), email: z.string(), is_active: z.boolean() }),
});

const isTransient = (err: unknown) =>
  !(err instanceof BrokenCircuitError) && (!(err instanceof AccountApiError) || err.retryable);

/**
 * The Messaging API's client of the Account API's `/internal/*` routes (X-Service-Token). Each
 * call has a timeout and is retried with backoff when the failure is transient (network, 5xx,
 * 429); a circuit breaker stops calling a failing Account API for a while so workers fail fast
 * and their messages go back to the queue instead of piling up on timeouts.
 */
export function createAccountClient(options: AccountClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const backoff = new ExponentialBackoff({ initialDelay: options.initialBackoffMs ?? 100, maxDelay: 2_000 });
  const policy = wrap(
    retry(handleWhen(isTransient), { maxAttempts: options.retries ?? 2, backoff }),
    circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    }),
  );

  async function call<T extends z.ZodType>(path: string, init: RequestInit, schema: T): Promise<z.infer<T>> {
    return policy.execute(async () => {
      let response: Response;
      try {
        response = await fetchImpl(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
          ...init,
          headers: { 'content-type': 'application/json', 'x-service-token': options.serviceToken },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new AccountApiError(`Account API unreachable: ${(err as Error).message}`, undefined, true);
      }
      const text = await response.text();
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
        throw new AccountApiError(
          `Account API ${path} answered ${response.status}`,
          response.status,
          retryable,
        );
      }
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new AccountApiError(`Account API ${path}: unexpected answer`, response.status, false);
      return parsed.data;
    });
  }

  return {
    /** Finds or creates the contact behind a channel identity (phone, then email). */
    async upsertContact(request: InternalContactUpsertRequest): Promise<InternalContactUpsertResult> {
      const body = JSON.stringify(request);
      return (
        await call('/internal/contacts/upsert', { method: 'POST', body }, InternalContactUpsertResponse)
      ).data;
    },

    /** A contact of the account (the survivor when it was merged). */
    async getContact(accountId: string, contactId: string): Promise<Contact> {
      const path = `/internal/contacts/${encodeURIComponent(contactId)}?account_id=${encodeURIComponent(accountId)}`;
      return (await call(path, { method: 'GET' }, InternalContactResponse)).data;
    },

    /** A member of the account, by user id (404 when not a member). */
    async getUser(accountId: string, userId: string) {
      const path = `/internal/users/${encodeURIComponent(userId)}?account_id=${encodeURIComponent(accountId)}`;
      return (await call(path, { method: 'GET' }, DirectoryUserResponse)).data;
    },
  };
}
export type AccountClient = ReturnType<typeof createAccountClient>;
