import type { Db } from '@turumba/platform/db';
import { sql } from 'drizzle-orm';

/**
 * The invariants every fault test checks once the fault is over (issue #9, "Faults"). Each check
 * returns human-readable violations instead of throwing, so one report lists everything broken.
 * Reusable: give it a Messaging API database handle and what the test knows.
 */
export interface InvariantInput {
  db: Db;
  /** Restrict row checks to this account (tests share nothing else, but be explicit). */
  accountId: string;
  /** (channel id, provider message id) of every webhook message the service answered 2xx to. */
  acceptedMessages?: Array<{ channelId: string; providerMessageId: string }>;
  /** Agent id → max concurrent conversations, for the capacity rule (routing/README.md). */
  capacities?: Map<string, number>;
  /** GET /ready of the service under test; must answer 200 once the fault is over. */
  ready?: () => Promise<{ status: number; checks: Record<string, string> }>;
  /**
   * Consumers whose dedupe markers (processed_events) must cover every processed inbound event.
   * Default: the inbound worker's.
   */
  inboundConsumer?: string;
}

type Row = Record<string, unknown>;

async function rows<T extends Row>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/** Each accepted webhook message is exactly one message row (none lost, none duplicated). */
export async function checkAcceptedWebhooks(input: InvariantInput): Promise<string[]> {
  const accepted = input.acceptedMessages ?? [];
  if (accepted.length === 0) return [];
  const found = await rows<{ channel_id: string; provider_message_id: string; n: number }>(
    input.db,
    sql`select channel_id::text, provider_message_id, count(*)::int as n from messages
        where account_id = ${input.accountId} and direction = 'inbound' and provider_message_id is not null
        group by channel_id, provider_message_id`,
  );
  const counts = new Map(found.map((r) => [`${r.channel_id}|${r.provider_message_id}`, r.n]));
  const violations: string[] = [];
  const seen = new Set<string>();
  for (const { channelId, providerMessageId } of accepted) {
    const key = `${channelId}|${providerMessageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = counts.get(key) ?? 0;
    if (n !== 1) violations.push(`accepted webhook message ${providerMessageId} has ${n} message rows`);
  }
  return violations.slice(0, 20);
}

/** At most one active (not resolved/closed) conversation per channel + contact identifier. */
export async function checkOneActiveConversation(input: InvariantInput): Promise<string[]> {
  const dupes = await rows<{ channel_id: string; contact_identifier: string; n: number }>(
    input.db,
    sql`select channel_id::text, contact_identifier, count(*)::int as n from conversations
        where account_id = ${input.accountId} and status not in ('resolved', 'closed')
        group by channel_id, contact_identifier having count(*) > 1`,
  );
  return dupes.map(
    (d) => `${d.n} active conversations for ${d.contact_identifier} on channel ${d.channel_id}`,
  );
}

/**
 * Every committed outbox event was published (no unpublished rows left), and every inbound
 * event the worker processed carries exactly one dedupe marker; none is left unprocessed.
 */
export async function checkEventsDelivered(input: InvariantInput): Promise<string[]> {
  const consumer = input.inboundConsumer ?? 'messaging.inbound';
  const violations: string[] = [];
  const [unpublished] = await rows<{ n: number }>(
    input.db,
    sql`select count(*)::int as n from outbox_events where published_at is null`,
  );
  if (unpublished!.n > 0) violations.push(`${unpublished!.n} outbox events never published`);
  const stuck = await rows<{ id: string; status: string; error: string | null }>(
    input.db,
    sql`select id::text, status, error from inbound_events
        where account_id = ${input.accountId} and status = 'received'`,
  );
  if (stuck.length > 0) violations.push(`${stuck.length} inbound events still unprocessed`);
  const unmarked = await rows<{ id: string }>(
    input.db,
    sql`select e.id::text from inbound_events e
        where e.account_id = ${input.accountId} and e.status = 'processed'
        and not exists (select 1 from processed_events p
                        where p.consumer = ${consumer} and p.event_id = 'inbound_event:' || e.id::text)`,
  );
  if (unmarked.length > 0)
    violations.push(`${unmarked.length} processed inbound events without a dedupe marker`);
  // Every published webhook.inbound event names an inbound event row (nothing consumed twice can
  // be told from the markers' primary key; an event without a row would be a phantom).
  const phantoms = await rows<{ n: number }>(
    input.db,
    sql`select count(*)::int as n from outbox_events o
        where o.routing_key like 'webhook.inbound.%' and o.account_id = ${input.accountId}
        and not exists (select 1 from inbound_events e
                        where e.id::text = o.payload->'data'->>'inbound_event_id')`,
  );
  if (phantoms[0]!.n > 0)
    violations.push(`${phantoms[0]!.n} inbound events published without a stored webhook`);
  return violations;
}

/** Each stored customer message committed exactly one `conversation.message.created` with it. */
export async function checkMessagesAnnounced(input: InvariantInput): Promise<string[]> {
  const violations: string[] = [];
  const [unannounced] = await rows<{ n: number }>(
    input.db,
    sql`with announced as (
          select payload->'data'->'message'->>'id' as message_id, count(*) as n from outbox_events
          where event_type = 'conversation.message.created' and account_id = ${input.accountId}
          group by 1)
        select count(*)::int as n from messages m left join announced a on a.message_id = m.id::text
        where m.account_id = ${input.accountId} and m.direction = 'inbound' and coalesce(a.n, 0) <> 1`,
  );
  if (unannounced!.n > 0)
    violations.push(`${unannounced!.n} inbound messages without exactly one message.created event`);
  return violations;
}

/**
 * No agent above capacity, as routing/README.md states it: automatic assignments (routing, the
 * drain) never take an agent to or past its limit; manual assignments may exceed it on purpose.
 * So the conversations an agent holds through a non-manual assignment stay within the limit.
 */
export async function checkCapacity(input: InvariantInput): Promise<string[]> {
  if (!input.capacities || input.capacities.size === 0) return [];
  const loads = await rows<{ assignee_id: string; automatic: number; manual: number }>(
    input.db,
    sql`select c.assignee_id::text,
          (count(*) filter (where a.reason is distinct from 'manual'))::int as automatic,
          (count(*) filter (where a.reason = 'manual'))::int as manual
        from conversations c
        left join conversation_assignments a on a.conversation_id = c.id and a.ended_at is null
        where c.account_id = ${input.accountId} and c.status in ('assigned', 'pending')
          and c.assignee_id is not null
        group by c.assignee_id`,
  );
  const violations: string[] = [];
  for (const load of loads) {
    const limit = input.capacities.get(load.assignee_id);
    if (limit === undefined) continue;
    if (load.automatic > limit)
      violations.push(
        `agent ${load.assignee_id} holds ${load.automatic} automatic assignments over a limit of ${limit}`,
      );
  }
  return violations;
}

/**
 * The inbox counters (conversation_counts, kept by triggers) equal COUNT(*) per key. Skipped
 * while the counters table does not exist in this database (before migration 0004).
 */
export async function checkCounters(input: InvariantInput): Promise<string[]> {
  const [exists] = await rows<{ present: boolean }>(
    input.db,
    sql`select to_regclass('conversation_counts') is not null as present`,
  );
  if (!exists?.present) return [];
  const mismatches = await rows<{ status: string; counted: number; kept: number }>(
    input.db,
    sql`with actual as (
          select status, assignee_id, team_id, count(*)::bigint as n from conversations
          where account_id = ${input.accountId} group by 1, 2, 3),
        kept as (
          select status, assignee_id, team_id, sum(n)::bigint as n from conversation_counts
          where account_id = ${input.accountId} group by 1, 2, 3)
        select coalesce(a.status, k.status) as status, coalesce(a.n, 0)::int as counted,
               coalesce(k.n, 0)::int as kept
        from actual a full join kept k
          on a.status = k.status and a.assignee_id is not distinct from k.assignee_id
          and a.team_id is not distinct from k.team_id
        where coalesce(a.n, 0) <> coalesce(k.n, 0)`,
  );
  return mismatches.map((m) => `counter for ${m.status} is ${m.kept}, COUNT(*) is ${m.counted}`);
}

/** `/ready` answers 200 again without any restart (polled: reconnection takes a moment). */
export async function checkReadyRecovered(input: InvariantInput, timeoutMs = 20_000): Promise<string[]> {
  if (!input.ready) return [];
  const deadline = Date.now() + timeoutMs;
  let last: { status: number; checks: Record<string, string> } | undefined;
  while (Date.now() < deadline) {
    last = await input.ready();
    if (last.status === 200) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [`/ready still ${last?.status} after the fault: ${JSON.stringify(last?.checks)}`];
}

/** Runs every check; resolves with all violations (empty when the system held). */
export async function checkInvariants(input: InvariantInput): Promise<string[]> {
  const results = await Promise.all([
    checkReadyRecovered(input),
    checkAcceptedWebhooks(input),
    checkOneActiveConversation(input),
    checkEventsDelivered(input),
    checkMessagesAnnounced(input),
    checkCapacity(input),
    checkCounters(input),
  ]);
  return results.flat();
}

/**
 * Waits until the pipeline has settled (no unpublished outbox rows, no unprocessed webhooks,
 * every accepted message stored), then checks every invariant; the last violations on timeout.
 */
export async function settleAndCheck(input: InvariantInput, timeoutMs = 60_000): Promise<string[]> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const violations = [
      ...(await checkAcceptedWebhooks(input).catch((e) => [String(e)])),
      ...(await checkEventsDelivered(input).catch((e) => [String(e)])),
    ];
    if (violations.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (process.env.FAULTS_DEBUG) console.error(`settled in ${Date.now() - started} ms`);
  return checkInvariants(input);
}
