import { describe, expect, it } from 'vitest';
import { replyWindow, WHATSAPP_WINDOW_MS } from './whatsapp-window';

const now = Date.parse('2026-03-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();

describe('replyWindow', () => {
  it('does not restrict other channels', () => {
    expect(replyWindow({ channel_type: 'telegram', last_inbound_at: hoursAgo(48) }, now)).toEqual({
      kind: 'unrestricted',
    });
  });

  it('is open within 24 hours of the last customer message, with the time left', () => {
    expect(replyWindow({ channel_type: 'whatsapp', last_inbound_at: hoursAgo(20) }, now)).toEqual({
      kind: 'open',
      closesAt: now + 4 * 3600_000,
      remainingMs: 4 * 3600_000,
    });
  });

  it('is closed after 24 hours, or when the customer never wrote', () => {
    expect(replyWindow({ channel_type: 'whatsapp', last_inbound_at: hoursAgo(24) }, now)).toEqual({
      kind: 'closed',
      lastInboundAt: now - WHATSAPP_WINDOW_MS,
    });
    expect(replyWindow({ channel_type: 'whatsapp', last_inbound_at: null }, now)).toEqual({
      kind: 'closed',
      lastInboundAt: null,
    });
  });
});
