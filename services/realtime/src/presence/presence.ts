import { AGENT_PRESENCE_CHANGED, type AgentStatus, type PresenceSnapshotPayload } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import { presenceEnvelopes } from './presence-event';
import { createSerial } from './serial';
import { accountPresence, snapshotOf } from './snapshot';

export interface PresenceDeps {
  kv: Kv;
  bus: EventBus;
  logger: Logger;
  instanceId: string;
  ttlSeconds: number;
  ids: () => string;
  clock: () => Date;
}

/*
 * Keys (spec §3): `agent:presence` hash user → status, for listing; `agent:presence:{user}` the
 * status with the TTL that decides liveness; `agent:sockets:{user}` hash instance → open sockets
 * there (same TTL), so a second tab on any instance keeps the agent online;
 * `agent:presence:accounts` hash user → account ids, for the offline event after an expiry.
 * Every instance refreshes the TTLs of its connected users (heartbeat); when an instance dies,
 * its users' keys expire and the sweeper of another one marks them offline.
 * `agent:presence:account:{account}` hash user → status and when it was set, per tenant, for the
 * snapshot a connecting agent gets (offline agents stay, with the time they left).
 */
export const presenceKeys = {
  list: 'agent:presence',
  accounts: 'agent:presence:accounts',
  ofAccount: (accountId: string) => `agent:presence:account:${accountId}`,
  status: (userId: string) => `agent:presence:${userId}`,
  sockets: (userId: string) => `agent:sockets:${userId}`,
};

/** Runs `work` over `items`, `size` at a time (thousands of agents, without thousands of requests at once). */
async function inBatches<T>(items: T[], work: (item: T) => Promise<void>, size = 200) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

export function createPresence(deps: PresenceDeps) {
  const { kv, ttlSeconds } = deps;
  const local = new Map<string, { sockets: number; accountIds: string[] }>();

  const serial = createSerial();

  function publish(userId: string, accountIds: string[], status: AgentStatus) {
    for (const envelope of presenceEnvelopes({ userId, accountIds, status }, deps.ids, deps.clock())) {
      deps.bus
        .publish(AGENT_PRESENCE_CHANGED, envelope, { messageId: envelope.event_id })
        .catch((err) => deps.logger.warn({ err, userId }, 'presence event not published'));
    }
  }

  async function recordInAccounts(userId: string, accountIds: string[], status: AgentStatus) {
    const value = accountPresence(status, deps.clock());
    await Promise.all(accountIds.map((id) => kv.hset(presenceKeys.ofAccount(id), { [userId]: value })));
  }

  async function write(userId: string, accountIds: string[], status: AgentStatus) {
    await kv.set(presenceKeys.status(userId), status, { ttlSeconds });
    await kv.hset(presenceKeys.list, { [userId]: status });
    await kv.hset(presenceKeys.accounts, { [userId]: accountIds.join(',') });
    await recordInAccounts(userId, accountIds, status);
  }

  async function countSockets(userId: string, sockets: number) {
    const key = presenceKeys.sockets(userId);
    if (sockets > 0) await kv.hset(key, { [deps.instanceId]: String(sockets) });
    else await kv.hdel(key, deps.instanceId);
    await kv.expire(key, ttlSeconds);
  }

  async function goOffline(userId: string, accountIds: string[]) {
    await kv.del(presenceKeys.status(userId));
    await kv.hdel(presenceKeys.list, userId);
    await recordInAccounts(userId, accountIds, 'offline');
    publish(userId, accountIds, 'offline');
  }

  const socketsHere = (userId: string) => local.get(userId)?.sockets ?? 0;

  /** Stays online if any status is set; otherwise (a first socket, or the key expired) online. */
  async function keepAlive(userId: string, accountIds: string[]) {
    await countSockets(userId, socketsHere(userId));
    if (await kv.expire(presenceKeys.status(userId), ttlSeconds)) return;
    await write(userId, accountIds, 'online');
    publish(userId, accountIds, 'online');
  }

  // Local counts change at once; the Redis side of one user runs in order (a status set right
  // after connecting must not be overwritten by the connect's own "online").
  return {
    /** A socket opened: online unless the agent already has a status (e.g. away in another tab). */
    connected(userId: string, accountIds: string[]) {
      const entry = local.get(userId) ?? { sockets: 0, accountIds };
      entry.sockets += 1;
      entry.accountIds = accountIds;
      local.set(userId, entry);
      return serial(userId, () => keepAlive(userId, accountIds));
    },

    /**
     * A socket closed. When it was the agent's last one here, this instance stops refreshing
     * them: a dropped connection goes offline when the TTL runs out (unless it reconnects), a
     * deliberate disconnect at once, if no other instance holds a socket of theirs.
     */
    disconnected(userId: string, isDeliberate: boolean) {
      const entry = local.get(userId);
      if (!entry) return Promise.resolve();
      entry.sockets -= 1;
      if (entry.sockets === 0) local.delete(userId);
      return serial(userId, async () => {
        await countSockets(userId, socketsHere(userId));
        if (socketsHere(userId) > 0 || !isDeliberate) return;
        const elsewhere = await kv.hgetall(presenceKeys.sockets(userId));
        if (Object.keys(elsewhere).length === 0) await goOffline(userId, entry.accountIds);
      });
    },

    setStatus(userId: string, accountIds: string[], status: AgentStatus) {
      return serial(userId, async () => {
        const previous = await kv.get(presenceKeys.status(userId));
        await write(userId, accountIds, status);
        if (previous !== status) publish(userId, accountIds, status);
      });
    },

    /** Heartbeat: keeps this instance's agents alive; restores one whose key vanished meanwhile. */
    async refresh() {
      await inBatches([...local], ([userId, entry]) =>
        serial(userId, () => keepAlive(userId, entry.accountIds)),
      );
    },

    /** Marks offline the listed agents whose status key expired (their instance stopped refreshing). */
    async sweep() {
      const listed = await kv.hgetall(presenceKeys.list);
      for (const userId of Object.keys(listed)) {
        if (local.has(userId) || (await kv.ttl(presenceKeys.status(userId))) !== -2) continue;
        // hdel answers 1 to one instance only, so one offline event is published.
        if ((await kv.hdel(presenceKeys.list, userId)) === 0) continue;
        const accountIds = ((await kv.hget(presenceKeys.accounts, userId)) ?? '').split(',').filter(Boolean);
        await kv.hdel(presenceKeys.accounts, userId);
        await recordInAccounts(userId, accountIds, 'offline');
        publish(userId, accountIds, 'offline');
      }
    },

    /** The account's agents as a connecting agent first sees them (`presence:snapshot`). */
    async snapshot(accountId: string): Promise<PresenceSnapshotPayload> {
      const at = deps.clock(); // before reading: a change after it arrives as a later event
      return snapshotOf(accountId, await kv.hgetall(presenceKeys.ofAccount(accountId)), at);
    },

    localUsers: () => local.size,
  };
}
export type Presence = ReturnType<typeof createPresence>;
