import type { Db } from '@turumba/platform/db';
import type { ChannelType } from './adapters';
import type { CredentialCipher } from './credential-cipher';
import { type ChannelRow, createChannelRepo } from './repo';

/** A channel with its credentials decrypted: what webhooks, the inbound worker and the dispatcher use. */
export interface LoadedChannel {
  row: ChannelRow;
  type: ChannelType;
  credentials: Record<string, unknown>;
}

/** Is the channel taking traffic? Disabled channels answer webhooks with 404 and send nothing. */
export function isChannelLive(row: ChannelRow): boolean {
  return row.isEnabled && row.status !== 'disabled';
}

/**
 * Read access to channels for the pipeline (not the HTTP CRUD): loads a row and decrypts its
 * credentials. Other modules use this instead of the channels table.
 */
export function createChannelStore(deps: {
  db: Db;
  cipher: CredentialCipher;
  /** How long a loaded (decrypted) channel is reused; 0 disables the cache. Default 5 s. */
  cacheMs?: number;
}) {
  const repo = createChannelRepo(deps.db);
  const cacheMs = deps.cacheMs ?? 5_000;
  const cache = new Map<string, { channel: LoadedChannel; expiresAt: number }>();
  const open = (row: ChannelRow | undefined): LoadedChannel | undefined =>
    row && {
      row,
      type: row.channelType,
      credentials: deps.cipher.decrypt(row.id, row.credentialsCiphertext),
    };

  async function cached(id: string, load: () => Promise<ChannelRow | undefined>) {
    const hit = cache.get(id);
    if (hit && hit.expiresAt > Date.now()) return hit.channel;
    const channel = open(await load());
    if (channel && cacheMs > 0) {
      // Only channels that exist are kept, so unknown ids cannot grow it; a cap bounds the rest.
      if (cache.size >= 10_000) cache.clear();
      cache.set(id, { channel, expiresAt: Date.now() + cacheMs });
    } else cache.delete(id);
    return channel;
  }

  return {
    /**
     * By id alone: for public webhook routes, where the URL names the channel. Cached briefly
     * (the ack path then costs no query and no decryption): a change made through the HTTP
     * module's own store is seen at once (forget); one made elsewhere (another replica, or the
     * workers' store) within `cacheMs`.
     */
    async loadForWebhook(id: string): Promise<LoadedChannel | undefined> {
      return cached(id, () => repo.findForWebhook(id));
    },

    /** Drops a channel from the webhook cache (after it was updated or deleted). */
    forget(id: string): void {
      cache.delete(id);
    },

    /** Same cache as loadForWebhook: the inbound worker and the dispatcher load per message. */
    async loadForAccount(accountId: string, id: string): Promise<LoadedChannel | undefined> {
      const channel = await cached(id, () => repo.findById([accountId], id));
      return channel?.row.accountId === accountId ? channel : undefined;
    },

    async recordProviderProblem(
      row: ChannelRow,
      status: 'error' | 'rate_limited',
      lastError: string,
      now: Date,
    ): Promise<void> {
      await repo.update(row.accountId, row.id, { status, lastError }, now);
      cache.delete(row.id);
    },
  };
}
export type ChannelStore = ReturnType<typeof createChannelStore>;
