import type { EligibleAgent } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import type { ReplyTemplate } from '../bot-rules/templates';
import { applyUpdate } from '../conversations/apply-update';
import { toConversationDto } from '../conversations/dto';
import type { UpdateRequest } from '../conversations/plan-update';
import type { ModuleDeps } from '../module-deps';
import { queueRepo } from '../queue/repo';
import { announceRouting } from './announce';
import { writeThread } from './bot-messages';
import { chooseAgent } from './choose-agent';
import { claimAgent } from './claim-agent';
import { handlingOf, nextRoutingContext, type RoutingPlan, routingContextOf } from './plan';
import { type ConversationRow, routingRepo } from './repo';

/** One routing of one conversation, prepared outside the transaction (rules, eligible agents). */
export interface RoutingAttempt {
  accountId: string;
  conversationId: string;
  /** `message`: a customer message (rules ran); `queue`: the drain retries a waiting conversation. */
  trigger: 'message' | 'queue';
  plan: RoutingPlan;
  matched: { id: string; name: string }[];
  language: string | null;
  /** Eligible agents for the target; null when unknown (Account API down, no snapshot yet). */
  candidates: EligibleAgent[] | null;
  supervisors: string[];
  template?: ReplyTemplate;
}

export type RoutingResult =
  | { outcome: 'assigned'; assigneeId: string; queuePosition: null }
  | { outcome: 'queued'; assigneeId: null; queuePosition: number }
  | { outcome: 'bot' | 'closed'; assigneeId: null; queuePosition: null }
  | { outcome: 'skipped'; reason: 'missing' | 'held' | 'waiting' | 'no_capacity' | 'duplicate' };

const SYSTEM = { userId: null, isManager: true };

function updateRequest(current: ConversationRow, plan: RoutingPlan, agentId: string | null): UpdateRequest {
  const request: UpdateRequest = { labels: plan.labels, priority: plan.priority, teamId: plan.teamId };
  if (agentId) return { ...request, assigneeId: agentId, status: 'assigned' };
  // Nobody took a reopened conversation, or the bot keeps it: its previous agent no longer holds it.
  if (current.assigneeId && plan.status !== 'closed') request.assigneeId = null;
  if (plan.target) return current.status === 'bot' ? { ...request, status: 'open' } : request;
  return { ...request, status: plan.status };
}

/** Still routed, queued and waiting: the drain's to assign. */
function isWaiting(row: ConversationRow): boolean {
  return (
    row.status === 'open' &&
    row.assigneeId === null &&
    row.queuedAt !== null &&
    Boolean(routingContextOf(row))
  );
}

function skipReason(
  current: ConversationRow | undefined,
  trigger: RoutingAttempt['trigger'],
): RoutingResult | null {
  if (!current) return { outcome: 'skipped', reason: 'missing' };
  if (trigger === 'queue') return isWaiting(current) ? null : { outcome: 'skipped', reason: 'held' };
  const handling = handlingOf(current);
  if (handling === 'route') return null;
  return { outcome: 'skipped', reason: handling === 'skip_held' ? 'held' : 'waiting' };
}

/**
 * Routes one conversation in `tx` (spec §5): lock it and check it is still routing's to decide;
 * claim an agent's slot or join the queue; apply the rules' changes and the assignment through the
 * conversations module; write the routing line, the bot's reply and bot_context; announce it.
 */
export async function applyRouting(
  tx: Db,
  deps: Pick<ModuleDeps, 'ids' | 'clock'>,
  attempt: RoutingAttempt,
): Promise<RoutingResult> {
  const repo = routingRepo(tx);
  const candidateIds = attempt.candidates?.map((c) => c.user_id) ?? [];
  const locked = await repo.lockWithLoads(attempt.accountId, attempt.conversationId, candidateIds);
  const skipped = skipReason(locked?.row, attempt.trigger);
  if (skipped || !locked) return skipped ?? { outcome: 'skipped', reason: 'missing' };
  const current = locked.row;
  const { plan } = attempt;
  const previous = routingContextOf(current);
  // Sticky: a reopened conversation (or one routing queued after a reopen) goes back to its agent.
  const sticky = current.assigneeId ?? (previous?.outcome === 'queued' ? previous.assignee_id : null);
  let now = deps.clock();
  let agentId: string | null = null;
  if (plan.target && attempt.candidates) {
    // An agent routing meets for the first time gets their routing row (the claim locks it).
    const missing = candidateIds.filter((id) => !locked.loads.has(id));
    if (missing.length > 0) await repo.ensureAgentRows(attempt.accountId, missing, deps.ids, now);
    const choice = chooseAgent(attempt.candidates, locked.loads, plan.target.strategy, sticky);
    const maxOf = new Map(attempt.candidates.map((c) => [c.user_id, c.max_concurrent_conversations]));
    agentId = await claimAgent(tx, { accountId: attempt.accountId, ranking: choice.ranking, maxOf, now });
  }
  if (attempt.trigger === 'queue' && !agentId) return { outcome: 'skipped', reason: 'no_capacity' };
  if (plan.target && !agentId) {
    await queueRepo(tx).lockQueue(attempt.accountId, plan.target.teamId);
    now = deps.clock();
  }

  const reason = attempt.matched.length > 0 ? 'bot' : 'auto';
  let { row, nextAt } = await applyUpdate(
    tx,
    deps,
    current,
    updateRequest(current, plan, agentId),
    SYSTEM,
    now,
    reason,
  );
  const outcome = agentId ? 'assigned' : plan.target ? 'queued' : (plan.status ?? 'bot');
  const queuedAt = outcome === 'queued' ? (row.queuedAt ?? now) : row.queuedAt;
  const position = outcome === 'queued' ? await queueRepo(tx).positionOf({ ...row, queuedAt }) : null;
  const autoAccept = attempt.candidates?.find((c) => c.user_id === agentId)?.auto_accept ?? false;
  const written = await writeThread(tx, row, {
    matched: attempt.trigger === 'message' ? attempt.matched : null,
    outcome,
    queuePosition: position,
    reply: plan.reply && { ruleId: plan.reply.ruleId, text: plan.reply.text, template: attempt.template },
    ids: deps.ids,
    at: nextAt,
  });
  row = written.row;
  const routing = nextRoutingContext(previous, {
    now,
    trigger: attempt.trigger,
    outcome,
    matched: attempt.matched,
    teamId: row.teamId,
    channel: row.channelType,
    target: plan.target,
    language: attempt.language,
    agentId,
    stickyAgentId: sticky,
    wasWithBot: current.status === 'bot',
    repliedRuleId: written.repliedRuleId,
    autoAccept,
  });
  const botContext = {
    ...(row.botContext ?? {}),
    routing,
    ...(plan.collectInfo ? { collect_info: plan.collectInfo } : {}),
  };
  row = await routingRepo(tx).updateConversation(row.accountId, row.id, {
    botContext,
    queuedAt,
    updatedAt: new Date(nextAt.getTime() + 2),
  });
  await announceRouting(tx, {
    conversation: toConversationDto(row),
    routing,
    trigger: attempt.trigger,
    agentId,
    previousAssigneeId: current.assigneeId,
    reason,
    queuePosition: position,
    autoAccept,
    supervisors: attempt.supervisors,
    at: now,
  });

  if (agentId) return { outcome: 'assigned', assigneeId: agentId, queuePosition: null };
  if (position !== null) return { outcome: 'queued', assigneeId: null, queuePosition: position };
  return { outcome: outcome as 'bot' | 'closed', assigneeId: null, queuePosition: null };
}
