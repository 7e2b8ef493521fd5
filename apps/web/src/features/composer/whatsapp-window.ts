import type { Conversation } from '@turumba/contracts';

/** WhatsApp allows free-form replies only within 24 hours of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ReplyWindow =
  | { kind: 'unrestricted' }
  | { kind: 'open'; closesAt: number; remainingMs: number }
  | { kind: 'closed'; lastInboundAt: number | null };

export function replyWindow(
  conversation: Pick<Conversation, 'channel_type' | 'last_inbound_at'>,
  now: number,
): ReplyWindow {
  if (conversation.channel_type !== 'whatsapp') return { kind: 'unrestricted' };
  const last = conversation.last_inbound_at ? Date.parse(conversation.last_inbound_at) : Number.NaN;
  if (Number.isNaN(last)) return { kind: 'closed', lastInboundAt: null };
  const closesAt = last + WHATSAPP_WINDOW_MS;
  return closesAt > now
    ? { kind: 'open', closesAt, remainingMs: closesAt - now }
    : { kind: 'closed', lastInboundAt: last };
}

/** The API refuses a free reply outside the window with this code. */
export const WINDOW_CLOSED_CODE = 'whatsapp_window_closed';
