import type { Kv } from '@turumba/platform/kv';
import { type BotRuleDefinition, type CompiledRuleSet, compileRules } from './compile';

/*
 * Each account's active rules, compiled once (regexes, sets, time zones) and kept in memory, so
 * evaluating a message costs no database round trip. A change bumps the account's version key in
 * the KV (Redis when several instances run): every instance compares it on each lookup (one KV
 * GET) and recompiles when it moved. Entries also expire after `ttlMs`, so even a bump lost to a
 * crash between commit and INCR heals itself.
 */

export const rulesVersionKey = (accountId: string) => `messaging:bot-rules:version:${accountId}`;

/** Tells every instance's cache that the account's rules changed; call after the change commits. */
export async function bumpRulesVersion(kv: Kv, accountId: string): Promise<void> {
  await kv.incr(rulesVersionKey(accountId));
}

export interface RuleCacheOptions {
  kv: Kv;
  load: (accountId: string) => Promise<BotRuleDefinition[]>;
  now?: () => number;
  ttlMs?: number;
  maxAccounts?: number;
}

interface Entry {
  version: string;
  loadedAt: number;
  compiled: CompiledRuleSet;
}

export function createRuleCache(options: RuleCacheOptions) {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 60_000;
  const maxAccounts = options.maxAccounts ?? 10_000;
  const entries = new Map<string, Entry>();
  // One load per account and version at a time, however many messages arrive together.
  const loading = new Map<string, Promise<CompiledRuleSet>>();

  async function load(accountId: string, version: string): Promise<CompiledRuleSet> {
    const key = `${accountId}|${version}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = options
        .load(accountId)
        .then((rules) => {
          const compiled = compileRules(rules);
          if (entries.size >= maxAccounts) entries.delete(entries.keys().next().value!);
          entries.set(accountId, { version, loadedAt: now(), compiled });
          return compiled;
        })
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  }

  return {
    /** The account's compiled active rules, current as of its version key. */
    async get(accountId: string): Promise<CompiledRuleSet> {
      // Read the version before loading: a change during the load leaves a stale version behind.
      const version = (await options.kv.get(rulesVersionKey(accountId))) ?? '0';
      const entry = entries.get(accountId);
      if (entry && entry.version === version && now() - entry.loadedAt < ttlMs) return entry.compiled;
      return load(accountId, version);
    },

    async invalidate(accountId: string): Promise<void> {
      entries.delete(accountId);
      await bumpRulesVersion(options.kv, accountId);
    },
  };
}
export type RuleCache = ReturnType<typeof createRuleCache>;
