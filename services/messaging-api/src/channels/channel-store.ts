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
export function createChannelStore(deps: { db: Db; cipher: CredentialCipher }) {
  const repo = createChannelRepo(deps.db);
  const open = (row: ChannelRow | undefined): LoadedChannel | undefined =>
    row && {
      row,
      type: row.channelType,
      credentials: deps.cipher.decrypt(row.id, row.credentialsCiphertext),
    };

  return {
    /** By id alone: for public webhook routes, where the URL names the channel. */
    async loadForWebhook(id: string): Promise<LoadedChannel | undefined> {
      return open(await repo.findForWebhook(id));
    },

    async loadForAccount(accountId: string, id: string): Promise<LoadedChannel | undefined> {
      return open(await repo.findById([accountId], id));
    },

    async recordProviderProblem(
      row: ChannelRow,
      status: 'error' | 'rate_limited',
      lastError: string,
      now: Date,
    ): Promise<void> {
      await repo.update(row.accountId, row.id, { status, lastError }, now);
    },
  };
}
export type ChannelStore = ReturnType<typeof createChannelStore>;
