import { z } from 'zod';
import { parseCredentials, TelegramSecretToken } from '../credentials';
import { permanent } from '../errors';
import { probeCredentials, requireCredentials } from '../shared/credentials';
import { safeEqual } from '../shared/crypto';
import { header } from '../shared/headers';
import type { AdapterDeps, ChannelAdapter, HttpHeaders, VerifyResult } from '../types';
import { callTelegram } from './api';
import { parseTelegramUpdate } from './parse';
import { buildTelegramCall, sentMessageId } from './send';

export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** The updates a support inbox needs; others (polls, chat members, …) are never delivered. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/**
 * Telegram does not sign bodies: it echoes the `secret_token` given to setWebhook in a header.
 * Byte-for-byte, case-sensitive, no trimming.
 */
export function verifyTelegramSecret(headers: HttpHeaders, webhookSecret: string | undefined): VerifyResult {
  if (!webhookSecret) return { ok: false, reason: 'channel has no webhook_secret' };
  const presented = header(headers, TELEGRAM_SECRET_HEADER);
  if (presented === undefined) return { ok: false, reason: `missing ${TELEGRAM_SECRET_HEADER}` };
  return safeEqual(presented, webhookSecret) ? { ok: true } : { ok: false, reason: 'secret token mismatch' };
}

export function createTelegramAdapter(deps: AdapterDeps, apiBase: string): ChannelAdapter {
  return {
    type: 'telegram',

    async verifyWebhook({ headers, credentials }) {
      const parsed = parseCredentials('telegram', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      return verifyTelegramSecret(headers, parsed.value.webhook_secret);
    },

    async parseInbound(body) {
      return parseTelegramUpdate(body, deps.clock());
    },

    async send({ credentials, to, message }) {
      const { bot_token } = requireCredentials('telegram', credentials);
      const call = buildTelegramCall(to, message);
      const result = await callTelegram(deps, apiBase, bot_token, call.method, call.params);
      return { provider_message_id: sentMessageId(result, to) };
    },

    async verifyCredentials(credentials) {
      const parsed = parseCredentials('telegram', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      return probeCredentials(async () => {
        const me = await callTelegram(deps, apiBase, parsed.value.bot_token, 'getMe');
        const bot = z.object({ id: z.number(), username: z.string().optional() }).loose().safeParse(me);
        return bot.success ? { id: bot.data.id, username: bot.data.username } : {};
      });
    },

    async registerWebhook(credentials, url, secretToken) {
      const { bot_token } = requireCredentials('telegram', credentials);
      if (!TelegramSecretToken.safeParse(secretToken).success) {
        throw permanent(
          'invalid_credentials',
          'secret_token must be 1-256 characters of A-Z, a-z, 0-9, _ and -',
        );
      }
      await callTelegram(deps, apiBase, bot_token, 'setWebhook', {
        url,
        secret_token: secretToken,
        allowed_updates: TELEGRAM_ALLOWED_UPDATES,
        drop_pending_updates: false,
        max_connections: 40,
      });
    },
  };
}
