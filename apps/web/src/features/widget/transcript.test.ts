import { describe, expect, it } from 'vitest';
import type { HistoryMessage } from './api';
import {
  fromHistory,
  isSessionFresh,
  mergeHistory,
  mergeMessage,
  readTranscript,
  type WidgetMessage,
} from './transcript';

const m = (id: string, second: number, extra: Partial<WidgetMessage> = {}): WidgetMessage => ({
  id,
  conversation_id: 'c',
  direction: 'outbound',
  sender_type: 'agent',
  content: id,
  attachments: [],
  status: 'sent',
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  ...extra,
});

describe('widget transcript', () => {
  it('replaces the visitor’s pending copy when the stored message comes back', () => {
    const pending = m('local-1', 1, {
      sender_type: 'contact',
      direction: 'inbound',
      content: 'Hello',
      local: 'sending',
    });
    const stored = m('srv-1', 2, { sender_type: 'contact', direction: 'inbound', content: 'Hello' });
    expect(mergeMessage([pending], stored)).toEqual([stored]);
  });

  it('keeps time order and each message once', () => {
    const list = mergeMessage(mergeMessage([m('b', 2)], m('a', 1)), m('b', 2));
    expect(list.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('survives broken storage', () => {
    expect(readTranscript('{nope').messages).toEqual([]);
    expect(readTranscript(JSON.stringify({ lastSeq: 4 })).lastSeq).toBe(4);
  });

  it('renews a session token a minute before it expires', () => {
    expect(isSessionFresh('2026-01-01T00:10:00Z', Date.parse('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isSessionFresh('2026-01-01T00:00:30Z', Date.parse('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isSessionFresh(undefined, 0)).toBe(false);
  });

  describe('history after a reload', () => {
    const h = (id: string, second: number, extra: Partial<HistoryMessage> = {}): HistoryMessage => ({
      id,
      direction: 'outbound',
      sender_type: 'agent',
      content: id,
      attachments: [],
      status: 'delivered',
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
      ...extra,
    });

    it('merges the stored messages with live ones, each once by id, in time order', () => {
      const live = [m('b', 2), m('d', 4)];
      const merged = mergeHistory(live, [h('d', 4), h('c', 3), h('a', 1), h('b', 2)]);
      expect(merged.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
      expect(mergeHistory(merged, [h('a', 1), h('c', 3)])).toEqual(merged);
    });

    it('replaces the visitor’s own copy sent while offline with the stored message', () => {
      const pending = m('local-1', 1, {
        sender_type: 'contact',
        direction: 'inbound',
        content: 'Where is my order?',
        local: 'sent',
      });
      const stored = h('srv-1', 2, {
        sender_type: 'contact',
        direction: 'inbound',
        content: 'Where is my order?',
      });
      expect(mergeHistory([pending], [stored]).map((x) => [x.id, x.local])).toEqual([['srv-1', undefined]]);
    });

    it('reads `text` when there is no `content`, and never shows a private note', () => {
      expect(fromHistory(h('t', 1, { content: undefined, text: 'Hi there' }))?.content).toBe('Hi there');
      expect(fromHistory(h('n', 1, { is_private: true }))).toBeNull();
      expect(fromHistory(h('x', 1, { sender_type: 'robot' }))).toBeNull();
      expect(fromHistory(h('y', 1, { attachments: null, status: null }))).toMatchObject({
        attachments: [],
        status: 'sent',
        conversation_id: null,
      });
    });
  });
});
