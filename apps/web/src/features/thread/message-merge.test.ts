import type { Message } from '@turumba/contracts';
import { describe, expect, it } from 'vitest';
import {
  failureReason,
  flattenMessages,
  laterStatus,
  type MessagePages,
  patchMessageStatus,
  settleOptimistic,
  upsertMessage,
} from './message-merge';

function msg(id: string, second: number, extra: Partial<Message> = {}): Message {
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();
  return {
    id,
    account_id: 'a',
    conversation_id: 'c',
    channel_id: 'ch',
    direction: 'outbound',
    sender_type: 'agent',
    sender_id: null,
    content: id,
    is_private: false,
    status: 'sent',
    provider_message_id: null,
    attachments: [],
    error: null,
    metadata: {},
    reply_to_message_id: null,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    created_at: at,
    updated_at: at,
    ...extra,
  };
}

const cache = (...pages: Message[][]): MessagePages => ({
  pages: pages.map((data) => ({ data, meta: { skip: 0, limit: 30, next_cursor: null } })),
  pageParams: pages.map(() => undefined),
});

describe('thread cache', () => {
  it('flattens latest and older pages into one ordered thread', () => {
    const pages = cache([msg('c', 3), msg('d', 4)], [msg('a', 1), msg('b', 2)]);
    expect(flattenMessages(pages).map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('appends a live message once, however often it arrives', () => {
    const once = upsertMessage(cache([msg('a', 1)]), msg('b', 2));
    const twice = upsertMessage(once, msg('b', 2));
    expect(flattenMessages(twice).map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('never moves a delivery status backwards, but failed always wins', () => {
    expect(laterStatus('read', 'delivered')).toBe('read');
    expect(laterStatus('sent', 'delivered')).toBe('delivered');
    expect(laterStatus('read', 'failed')).toBe('failed');
    const pages = patchMessageStatus(cache([msg('a', 1, { status: 'read' })]), 'a', 'sent', null);
    expect(flattenMessages(pages)[0]?.status).toBe('read');
  });

  it('replaces the optimistic copy by the stored message, or drops it when the socket came first', () => {
    const temp = msg('pending-1', 5, { status: 'sending' });
    const stored = msg('real', 5);
    expect(flattenMessages(settleOptimistic(cache([temp]), 'pending-1', stored)).map((m) => m.id)).toEqual([
      'real',
    ]);
    const both = cache([temp, stored]);
    expect(flattenMessages(settleOptimistic(both, 'pending-1', stored)).map((m) => m.id)).toEqual(['real']);
  });

  it('lets the socket copy of my message replace its optimistic twin', () => {
    const temp = msg('pending-9', 5, {
      status: 'sending',
      sender_id: 'me',
      content: 'On it',
      is_private: true,
    });
    const live = msg('stored-9', 6, { sender_id: 'me', content: 'On it', is_private: true });
    const pages = upsertMessage(cache([msg('a', 1), temp]), live);
    expect(flattenMessages(pages).map((m) => m.id)).toEqual(['a', 'stored-9']);
    expect(flattenMessages(settleOptimistic(pages, 'pending-9', live)).map((m) => m.id)).toEqual([
      'a',
      'stored-9',
    ]);
  });

  it('explains a failure from the provider error', () => {
    expect(
      failureReason(msg('a', 1, { status: 'failed', error: { message: 'Recipient blocked the bot' } })),
    ).toBe('Recipient blocked the bot');
    expect(failureReason(msg('a', 1, { status: 'failed', error: null }))).toBe('Not delivered');
    expect(failureReason(msg('a', 1))).toBeNull();
  });
});
