import type { Db } from '@turumba/platform/db';
import type { Logger } from '@turumba/platform/logger';
import { runOnce } from '@turumba/platform/outbox';
import { AccountApiError } from '../account-client';
import type { AdapterRegistry, ChannelType, ParsedInbound } from '../channels/adapters';
import type { ChannelStore } from '../channels/channel-store';
import { findInboundEvent, finishInboundEvent, type InboundEventRow } from '../webhooks/inbound-events';
import { decodeBody } from '../webhooks/raw-event';
import { applyStatusUpdate } from './apply-status-update';
import type { ContactResolver, ResolvedContact } from './resolve-contact';
import { storeInboundMessage } from './store-inbound-message';

export const INBOUND_CONSUMER = 'messaging.inbound';

/** A receipt arrived before the send that it confirms was committed: try again shortly. */
export class ReceiptAheadOfSend extends Error {
  constructor(count: number) {
    super(`${count} receipt(s) name messages not stored yet`);
    this.name = 'ReceiptAheadOfSend';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The Account API refused the sender's identity itself (400/422): retrying cannot help. */
export function isRejectedIdentity(err: unknown): boolean {
  return err instanceof AccountApiError && (err.status === 400 || err.status === 422);
}

/** Receipts for unknown messages are retried only while this young; older ones are for messages sent elsewhere. */
const RECEIPT_RETRY_WINDOW_MS = 2 * 60 * 1000;

/** The dedupe marker of one stored webhook for this consumer (processed_events). */
export const inboundMarkerOf = (inboundEventId: string) => `inbound_event:${inboundEventId}`;

/**
 * The contact of each sender of `parsed` (HTTP to the Account API for unknown ones, idempotent);
 * `known` carries them across the webhooks of one batch.
 */
export async function resolveSenders(
  resolver: ContactResolver,
  accountId: string,
  channelType: ChannelType,
  parsed: ParsedInbound,
  known = new Map<string, ResolvedContact>(),
): Promise<Map<string, ResolvedContact>> {
  const contacts = new Map<string, ResolvedContact>();
  for (const { sender } of parsed.messages) {
    const key = `${accountId}:${channelType}:${sender.identifier}`;
    let contact = known.get(key);
    if (!contact) {
      contact = await resolver.resolveContact(accountId, channelType, sender);
      known.set(key, contact);
    }
    contacts.set(sender.identifier, contact);
  }
  return contacts;
}

export interface InboundProcessorDeps {
  db: Db;
  channels: ChannelStore;
  adapters: AdapterRegistry;
  contacts: ContactResolver;
  logger: Logger;
  clock: () => Date;
  ids: () => string;
}

export function createInboundProcessor(deps: InboundProcessorDeps) {
  async function deadLetter(row: InboundEventRow, reason: string): Promise<void> {
    await finishInboundEvent(deps.db, row, { status: 'failed', error: reason.slice(0, 1_000) }, deps.clock());
    deps.logger.warn(
      { inboundEventId: row.id, channelId: row.channelId, reason },
      'inbound event dead-lettered',
    );
  }

  return {
    /**
     * Turns one stored webhook into contacts, conversations, messages and receipts (spec §4
     * step 4). Contacts are resolved first (HTTP, idempotent); then one transaction stores
     * everything, enqueues the events and marks the webhook processed, guarded by runOnce.
     */
    async processInboundEvent(
      accountId: string,
      inboundEventId: string,
      isLastAttempt: boolean,
    ): Promise<void> {
      const row = await findInboundEvent(deps.db, accountId, inboundEventId);
      if (row?.status !== 'received') return;
      const channel = await deps.channels.loadForAccount(accountId, row.channelId);
      if (!channel) {
        await finishInboundEvent(deps.db, row, { status: 'ignored', error: 'channel deleted' }, deps.clock());
        return;
      }
      let parsed: ParsedInbound;
      try {
        parsed = await deps.adapters[channel.type].parseInbound(decodeBody(row), row.contentType);
      } catch (err) {
        // Parsing is a pure function of the stored bytes: what fails now fails on every retry.
        // Dead-letter the event (failed, with the reason) instead of crash-looping; once the
        // parser is fixed, the stored row can be replayed.
        return deadLetter(row, `unparseable payload: ${errorText(err)}`);
      }
      let contacts: Map<string, ResolvedContact>;
      try {
        contacts = await resolveSenders(deps.contacts, row.accountId, row.channelType, parsed);
      } catch (err) {
        if (!isRejectedIdentity(err)) throw err;
        return deadLetter(row, `sender refused by the Account API: ${errorText(err)}`);
      }
      const now = deps.clock();
      const mayRetryReceipts =
        !isLastAttempt && now.getTime() - row.createdAt.getTime() < RECEIPT_RETRY_WINDOW_MS;
      await runOnce(deps.db, INBOUND_CONSUMER, inboundMarkerOf(row.id), async (tx) => {
        let stored = 0;
        let unknownReceipts = 0;
        for (const message of parsed.messages) {
          const contact = contacts.get(message.sender.identifier)!;
          const context = { channel, contact, inboundEventId: row.id, now, ids: deps.ids };
          if (await storeInboundMessage(tx, message, context)) stored++;
        }
        for (const update of parsed.statuses) {
          if ((await applyStatusUpdate(tx, channel, update, now)) === 'unknown') unknownReceipts++;
        }
        if (unknownReceipts > 0 && mayRetryReceipts) throw new ReceiptAheadOfSend(unknownReceipts);
        const isEmpty = parsed.messages.length === 0 && parsed.statuses.length === 0;
        await finishInboundEvent(tx, row, { status: isEmpty ? 'ignored' : 'processed' }, now);
        deps.logger.debug({ inboundEventId: row.id, stored, unknownReceipts }, 'inbound event processed');
      });
    },
  };
}
export type InboundProcessor = ReturnType<typeof createInboundProcessor>;
