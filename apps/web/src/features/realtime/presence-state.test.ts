import { describe, expect, it } from 'vitest';
import { applyPresenceEvent, applyPresenceSnapshot, emptyPresence, statusOf } from './presence-state';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString();

describe('presence state', () => {
  it('takes a snapshot as the base and knows everyone else is offline', () => {
    const state = applyPresenceSnapshot(emptyPresence, {
      at: t(10),
      agents: [
        { user_id: 'a', status: 'online', last_seen_at: t(10) },
        { user_id: 'b', status: 'offline', last_seen_at: t(1) },
      ],
    });
    expect(statusOf(state, 'a')).toBe('online');
    expect(state.agents.get('b')).toMatchObject({ status: 'offline', lastSeenAt: t(1) });
    expect(statusOf(state, 'never-seen')).toBe('offline');
    expect(statusOf(emptyPresence, 'never-seen')).toBeUndefined();
  });

  it('keeps an event that overtook the snapshot, and applies later events over it', () => {
    const early = applyPresenceEvent(emptyPresence, { user_id: 'a', status: 'away', occurred_at: t(12) });
    const snap = applyPresenceSnapshot(early, {
      at: t(10),
      agents: [{ user_id: 'a', status: 'online', last_seen_at: t(10) }],
    });
    expect(statusOf(snap, 'a')).toBe('away');
    const later = applyPresenceEvent(snap, { user_id: 'a', status: 'offline', occurred_at: t(20) });
    expect(later.agents.get('a')).toMatchObject({ status: 'offline', lastSeenAt: t(20) });
  });

  it('ignores an event older than what it already knows', () => {
    const now = applyPresenceEvent(emptyPresence, { user_id: 'a', status: 'online', occurred_at: t(20) });
    expect(applyPresenceEvent(now, { user_id: 'a', status: 'offline', occurred_at: t(5) })).toBe(now);
  });
});
