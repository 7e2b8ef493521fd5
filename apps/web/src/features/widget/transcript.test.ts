import { describe, expect, it } from 'vitest';
import { isSessionFresh, mergeMessage, readTranscript, type WidgetMessage } from './transcript';

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
});
