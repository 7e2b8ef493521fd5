import type { Db } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import type { AdapterRegistry } from '../channels/adapters';
import { type ChannelStore, isChannelLive, type LoadedChannel } from '../channels/channel-store';
import { webhookUrl } from '../channels/dto';
import { takeRateToken } from '../channels/rate-limiter';
import { decideAfterFailure, RetryLater, type RetryTiming } from './failure';
import { buildOutboundMessage } from './outbound-message';
import { recordFailed, recordSent } from './record-outcome';
import { createDispatchRepo, type OutboundRow } from './repo';

export interface DispatcherDeps {
  db: Db;
  kv: Kv;
  channels: ChannelStore;
  adapters: AdapterRegistry;
  publicUrl: string;
  logger: Logger;
  clock: () => Date;
  defaultRatePerSecond: number;
  timing: RetryTiming;
  /** How long a `sending` claim keeps other dispatchers off a message. */
  leaseMs: number;
  /** Longest wait for a rate-limit token before the attempt is handed back to the bus. */
  maxRateWaitMs: number;
  /** Aborted at shutdown: waits end early and the message goes back to the queue. */
  stopping: AbortSignal;
}

export type DispatchResult = 'sent' | 'failed' | 'skipped';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const credentialProblems = new Set(['unauthorized', 'invalid_credentials']);

/** Sends outbound messages through their channel's adapter (spec §4, the agent reply's "Dispatched via"). */
export function createDispatcher(deps: DispatcherDeps) {
  const repo = createDispatchRepo(deps.db);

  /** A per-channel budget shared by every dispatcher replica (settings.rate_limit_per_second). */
  async function awaitRateToken(channel: LoadedChannel): Promise<void> {
    const limit = Number(channel.row.settings.rate_limit_per_second) || deps.defaultRatePerSecond;
    const deadline = Date.now() + deps.maxRateWaitMs;
    for (;;) {
      const decision = await takeRateToken(deps.kv, `channel:${channel.row.id}`, limit, 1, deps.clock());
      if (decision.allowed) return;
      if (Date.now() + decision.retryAfterMs > deadline || deps.stopping.aborted) {
        throw new RetryLater('channel rate limit');
      }
      await sleep(decision.retryAfterMs, deps.stopping);
    }
  }

  async function send(row: OutboundRow, channel: LoadedChannel): Promise<string> {
    const conversation = await repo.conversation(row.accountId, row.conversationId);
    if (!conversation) throw new Error('the conversation of the message is gone');
    const isEmail = channel.type === 'email';
    const message = buildOutboundMessage(row, {
      replyToProviderMessageId: await repo.providerMessageId(row.accountId, row.replyToMessageId),
      email: isEmail
        ? {
            subject: conversation.subject,
            parent: await repo.lastInboundEmail(row.accountId, conversation.id),
          }
        : undefined,
    });
    await awaitRateToken(channel);
    const result = await deps.adapters[channel.type].send({
      credentials: channel.credentials,
      to: conversation.contactIdentifier,
      message,
      context: {
        last_inbound_at: conversation.lastInboundAt ?? undefined,
        status_callback_url: channel.type === 'sms' ? webhookUrl(deps.publicUrl, channel.row) : undefined,
      },
    });
    return result.provider_message_id;
  }

  return {
    /**
     * One delivery attempt of one message. Resolves when the message ends sent, failed or was
     * not ours to send; throws `RetryLater` (after waiting out a provider's retry_after) when
     * the bus should deliver it again.
     */
    async dispatchMessage(
      accountId: string,
      messageId: string,
      attempt: number,
      isLastAttempt: boolean,
    ): Promise<DispatchResult> {
      const row = await repo.claim(accountId, messageId, deps.clock(), deps.leaseMs);
      if (!row) return 'skipped';
      const channel = await deps.channels.loadForAccount(accountId, row.channelId);
      if (!channel || !isChannelLive(channel.row)) {
        const error = {
          code: 'channel_unavailable',
          message: 'the channel is deleted or disabled',
          retryable: false,
        };
        await recordFailed(deps.db, row, error, deps.clock());
        return 'failed';
      }
      try {
        await recordSent(deps.db, row, await send(row, channel), deps.clock());
        return 'sent';
      } catch (err) {
        const decision = decideAfterFailure(err, attempt, isLastAttempt, deps.timing, channel.credentials);
        if (decision.kind === 'fail') {
          await recordFailed(deps.db, row, decision.error, deps.clock());
          if (credentialProblems.has(String(decision.error.code))) {
            const reason = `sending failed: ${String(decision.error.message)}`;
            await deps.channels.recordProviderProblem(channel.row, 'error', reason, deps.clock());
          }
          deps.logger.warn({ messageId, error: decision.error }, 'outbound message failed');
          return 'failed';
        }
        await repo.release(row, decision.error, deps.clock());
        await sleep(decision.delayMs, deps.stopping);
        throw new RetryLater(`attempt ${attempt} failed: ${String(decision.error.message)}`);
      }
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;
