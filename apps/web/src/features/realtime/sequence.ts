/**
 * Per-account `seq` bookkeeping of the socket contract: every pushed event but typing carries an
 * increasing `seq`; a client ignores ones it has seen, notices gaps, and resumes with `sync` from
 * the highest one after a reconnect.
 */
export type SeqVerdict = 'new' | 'duplicate' | 'gap';

export interface SeqTracker {
  /**
   * Records `seq` of `accountId` and says whether it is new, already seen, or after a gap. One
   * domain event can arrive as several socket events with the same `seq` (an assignment is both
   * `conversation:updated` and `notification:assignment`), so `event` tells them apart.
   */
  see(accountId: string, seq: number, event?: string): SeqVerdict;
  last(accountId: string): number | undefined;
  /** After a `sync` or an HTTP reload: continue from `seq`. */
  reset(accountId: string, seq: number): void;
}

export function createSeqTracker(): SeqTracker {
  const highest = new Map<string, number>();
  const namesAtHighest = new Map<string, Set<string>>();
  return {
    see(accountId, seq, event = '') {
      const last = highest.get(accountId);
      if (last !== undefined && seq < last) return 'duplicate';
      if (last === seq) {
        const names = namesAtHighest.get(accountId) ?? new Set();
        if (names.has(event)) return 'duplicate';
        names.add(event);
        namesAtHighest.set(accountId, names);
        return 'new';
      }
      highest.set(accountId, seq);
      namesAtHighest.set(accountId, new Set([event]));
      return last !== undefined && seq > last + 1 ? 'gap' : 'new';
    },
    last: (accountId) => highest.get(accountId),
    reset(accountId, seq) {
      highest.set(accountId, seq);
      namesAtHighest.set(accountId, new Set());
    },
  };
}

/** `account_id` and `seq` of a payload, when it has them (typing events have neither). */
export function eventPosition(payload: unknown): { accountId: string; seq: number } | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as { account_id?: unknown; seq?: unknown };
  return typeof p.account_id === 'string' && typeof p.seq === 'number'
    ? { accountId: p.account_id, seq: p.seq }
    : null;
}
