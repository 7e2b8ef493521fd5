import { describe, expect, it } from 'vitest';
import { createSeqTracker, eventPosition } from './sequence';

describe('seq tracker', () => {
  it('accepts increasing seqs, drops repeats and notices gaps per account', () => {
    const seqs = createSeqTracker();
    expect(seqs.see('a', 5)).toBe('new');
    expect(seqs.see('a', 6)).toBe('new');
    expect(seqs.see('a', 6)).toBe('duplicate');
    expect(seqs.see('a', 3)).toBe('duplicate');
    expect(seqs.see('a', 9)).toBe('gap');
    expect(seqs.see('b', 1)).toBe('new');
    expect(seqs.last('a')).toBe(9);
  });

  it('accepts the several socket events of one domain event, each once', () => {
    const seqs = createSeqTracker();
    expect(seqs.see('a', 7, 'conversation:updated')).toBe('new');
    expect(seqs.see('a', 7, 'notification:assignment')).toBe('new');
    expect(seqs.see('a', 7, 'notification:assignment')).toBe('duplicate');
    expect(seqs.see('a', 8, 'conversation:updated')).toBe('new');
  });

  it('continues from a reset position', () => {
    const seqs = createSeqTracker();
    seqs.see('a', 2);
    seqs.reset('a', 40);
    expect(seqs.see('a', 41)).toBe('new');
  });

  it('reads the position of an event payload; typing has none', () => {
    expect(eventPosition({ account_id: 'a', seq: 3, conversation: {} })).toEqual({ accountId: 'a', seq: 3 });
    expect(eventPosition({ conversation_id: 'c', is_typing: true })).toBeNull();
    expect(eventPosition(null)).toBeNull();
  });
});
