import type { Db } from '@turumba/platform/db';
import { routingRepo } from './repo';

/*
 * Takes a slot of the best-ranked agent who still has one, atomically. Each attempt locks the
 * best agent's routing row that no other claim holds (SKIP LOCKED: concurrent claims spread over
 * the team instead of queueing on the top agent), then counts the agent's active conversations in
 * a statement that starts after the lock was granted, so every earlier claim on that agent has
 * committed and is counted, and takes the slot only below the limit. Concurrent routings (workers,
 * instances) therefore never put an agent over their limit.
 *
 * A claim never waits while it holds an agent's lock, so claims cannot wait on each other in a
 * cycle: when every agent left is held by other claims, a claim holding nothing backs off and
 * looks again; one holding a full agent's lock (its ranking's snapshot was stale) gives up with
 * `ClaimContended`, and the caller rolls back and routes again from a fresh snapshot.
 */

export interface ClaimInput {
  accountId: string;
  /** Best first (chooseAgent's ranking). */
  ranking: string[];
  maxOf: ReadonlyMap<string, number>;
  now: Date;
  /** How long to keep looking while other claims hold the agents left. Default 5 s. */
  maxWaitMs?: number;
}

export class ClaimContended extends Error {
  constructor() {
    super('every agent with room is being claimed; route again from a fresh snapshot');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The agent whose slot was taken (their row stays locked until `tx` commits), or null when nobody
 * has room. The agents' routing rows must exist (`ensureAgentRows`, before the transaction). One
 * round trip per attempt: the walk runs in PostgreSQL (`claim_agent_slot`, migration 0008).
 */
export async function claimAgent(tx: Db, input: ClaimInput): Promise<string | null> {
  if (input.ranking.length === 0) return null;
  const repo = routingRepo(tx);
  const limits = input.ranking.map((id) => input.maxOf.get(id) ?? 0);
  const deadline = Date.now() + (input.maxWaitMs ?? 5_000);
  for (let waits = 0; ; ) {
    const { userId, outcome } = await repo.claimSlot(input.accountId, input.ranking, limits, input.now);
    if (outcome === 'taken') return userId;
    if (outcome === 'none') return null;
    if (outcome === 'contended') throw new ClaimContended();
    // busy: every agent left is held by other claims and this attempt holds nothing.
    if (Date.now() > deadline) return null;
    await sleep(Math.min(2 ** waits++, 16));
  }
}
