import { AgentStatus, type PresenceSnapshotEntry, type PresenceSnapshotPayload } from '@turumba/contracts';

/** The value kept per agent in an account's presence hash: the status and when it was set. */
export function accountPresence(status: AgentStatus, at: Date): string {
  return JSON.stringify({ status, at: at.toISOString() });
}

function parseEntry(userId: string, raw: string, at: string): PresenceSnapshotEntry | null {
  try {
    const value = JSON.parse(raw) as { status?: unknown; at?: unknown };
    const status = AgentStatus.safeParse(value.status);
    if (!status.success || typeof value.at !== 'string') return null;
    // A connected agent is being seen now; an offline one was last seen when they left.
    const lastSeenAt = status.data === 'offline' ? value.at : at;
    return { user_id: userId, status: status.data, last_seen_at: lastSeenAt };
  } catch {
    return null;
  }
}

/** `presence:snapshot` from an account's presence hash (entries it cannot read are left out). */
export function snapshotOf(
  accountId: string,
  hash: Record<string, string>,
  at: Date,
): PresenceSnapshotPayload {
  const iso = at.toISOString();
  const agents = Object.entries(hash)
    .map(([userId, raw]) => parseEntry(userId, raw, iso))
    .filter((entry) => entry !== null);
  return { account_id: accountId, at: iso, agents };
}
