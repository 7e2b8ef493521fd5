import type { Delivery, LoggedEvent } from './delivery';

/**
 * The per-account event log behind `sync`: `append` numbers an event with the account's next
 * `seq` and keeps it (at most `maxEvents`, for `windowMs`); redelivered event ids are refused.
 */
export interface EventLog {
  /** The event's `seq`, or null when this event id was already numbered (a redelivery). */
  append(accountId: string, eventId: string, deliveries: Delivery[]): Promise<number | null>;
  /** The account's last `seq` and the logged events still in the window, oldest first. */
  read(accountId: string): Promise<{ lastSeq: number; events: LoggedEvent[] }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface EventLogOptions {
  maxEvents: number;
  windowMs: number;
  now?: () => number;
}

/** One process only (embedded mode). */
export function createMemoryEventLog(options: EventLogOptions): EventLog {
  const now = options.now ?? Date.now;
  const accounts = new Map<string, { seq: number; events: LoggedEvent[] }>();
  const seen = new Map<string, number>();

  const forget = (at: number) => {
    for (const [id, expiresAt] of seen) {
      if (expiresAt > at) break; // insertion order is expiry order
      seen.delete(id);
    }
  };

  return {
    async append(accountId, eventId, deliveries) {
      const at = now();
      forget(at);
      if (seen.has(eventId)) return null;
      seen.set(eventId, at + options.windowMs);
      const account = accounts.get(accountId) ?? { seq: 0, events: [] };
      accounts.set(accountId, account);
      account.seq += 1;
      account.events.push({ seq: account.seq, at, deliveries });
      const cutoff = at - options.windowMs;
      while (account.events.length > options.maxEvents || (account.events[0]?.at ?? at) < cutoff) {
        account.events.shift();
      }
      return account.seq;
    },
    async read(accountId) {
      const account = accounts.get(accountId);
      return { lastSeq: account?.seq ?? 0, events: [...(account?.events ?? [])] };
    },
    async ping() {},
    async close() {
      accounts.clear();
      seen.clear();
    },
  };
}
