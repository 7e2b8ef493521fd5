import type { MessageCreatedData } from '@turumba/contracts';
import { runOnce } from '@turumba/platform/outbox';
import type { z } from 'zod';
import type { MatchedRule } from '../bot-rules/evaluate';
import { evaluateRules } from '../bot-rules/evaluate';
import { languageOf } from '../bot-rules/language';
import type { RuleCache } from '../bot-rules/rule-cache';
import { findReplyTemplate } from '../bot-rules/templates';
import type { ModuleDeps } from '../module-deps';
import type { QueueRow } from '../queue/repo';
import type { QueueSnapshots } from '../queue/snapshots';
import { markAccountWaiting } from '../queue/waiting-accounts';
import { applyRouting, type RoutingAttempt, type RoutingResult } from './apply-routing';
import { ClaimContended } from './claim-agent';
import { filterEligible, supervisorsOf } from './eligibility';
import type { EligibleCache } from './eligible-cache';
import { handlingOf, planRouting, type RoutingTarget, routingContextOf } from './plan';

export interface RoutingDeps extends Pick<ModuleDeps, 'db' | 'kv' | 'logger' | 'clock' | 'ids'> {
  rules: RuleCache;
  eligible: EligibleCache;
  /** Told after each commit that queued a conversation (the account's `conversation.queue.updated`). */
  queueSnapshots: Pick<QueueSnapshots, 'touch'>;
}

export const BOT_ROUTER = 'bot-router';
const MAX_CLAIM_TRIES = 20;

type Prepared = Pick<RoutingAttempt, 'candidates' | 'supervisors'>;
const nobody: Prepared = { candidates: null, supervisors: [] };

const summary = (matched: MatchedRule[]) => matched.map(({ id, name }) => ({ id, name }));

/**
 * The bot router and the queue's assigner (spec §5): evaluate the cached rules and take the
 * eligible agents from their cache outside the transaction; then lock (reading the agents' loads
 * in the same statement), claim and write in one.
 */
export function createRoutingService(deps: RoutingDeps) {
  async function prepare(accountId: string, target: RoutingTarget | null): Promise<Prepared> {
    if (!target) return nobody;
    const snapshot = await deps.eligible.get(accountId, target.teamId);
    if (!snapshot) return nobody;
    return {
      candidates: filterEligible(snapshot.agents, target),
      supervisors: supervisorsOf(snapshot.agents, target.teamId),
    };
  }

  async function transact(eventId: string | null, attempt: RoutingAttempt): Promise<RoutingResult> {
    return deps.db.transaction(async (tx) => {
      if (!eventId) return applyRouting(tx, deps, attempt);
      const once = await runOnce(tx, BOT_ROUTER, eventId, (inner) => applyRouting(inner, deps, attempt));
      return once.ran ? once.value : ({ outcome: 'skipped', reason: 'duplicate' } as const);
    });
  }

  /**
   * Routes in one transaction; a contended claim rolls back and routes again (the transaction
   * reads the loads afresh with its lock).
   */
  async function run(eventId: string | null, attempt: RoutingAttempt): Promise<RoutingResult> {
    for (let tries = 1; ; tries++) {
      try {
        const result = await transact(eventId, attempt);
        if (result.outcome === 'queued') {
          deps.queueSnapshots.touch(attempt.accountId);
          await markAccountWaiting(deps.kv, attempt.accountId);
        }
        return result;
      } catch (err) {
        if (!(err instanceof ClaimContended) || tries >= MAX_CLAIM_TRIES) throw err;
      }
    }
  }

  return {
    /** `conversation.message.created` of a customer message: rules, then an agent or the queue. */
    async routeMessage(
      eventId: string,
      data: z.infer<typeof MessageCreatedData>,
    ): Promise<RoutingResult | null> {
      const { message, conversation: c } = data;
      if (message.direction !== 'inbound' || message.sender_type !== 'contact') return null;
      const snapshot = {
        status: c.status,
        assigneeId: c.assignee_id,
        teamId: c.team_id,
        labels: c.labels,
        botContext: c.bot_context,
      };
      // A cheap first look at the event's copy; the transaction checks the locked row again.
      if (handlingOf(snapshot) !== 'route') return null;
      const now = deps.clock();
      const { language } = languageOf(message.content, undefined);
      const evaluation = evaluateRules(
        await deps.rules.get(c.account_id),
        {
          text: message.content,
          channel_type: c.channel_type,
          is_first_message: data.is_new_conversation,
          language,
        },
        now,
      );
      const plan = planRouting(snapshot, evaluation, { channel: c.channel_type, language });
      const templateId = plan.reply?.templateId;
      const template = templateId ? await findReplyTemplate(deps.db, c.account_id, templateId) : undefined;
      const attempt: RoutingAttempt = {
        accountId: c.account_id,
        conversationId: c.id,
        trigger: 'message',
        plan,
        matched: summary(evaluation.matched),
        language: language ?? null,
        template,
        ...(await prepare(c.account_id, plan.target)),
      };
      return run(eventId, attempt);
    },

    /** The drain: tries to give a waiting, routed conversation to an agent now. */
    async assignWaiting(row: QueueRow): Promise<RoutingResult> {
      const routing = routingContextOf(row);
      if (!routing) return { outcome: 'skipped', reason: 'held' };
      const target: RoutingTarget = {
        teamId: row.teamId,
        strategy: routing.strategy,
        channel: row.channelType,
        topic: routing.topic ?? undefined,
        language: routing.language ?? undefined,
      };
      const attempt: RoutingAttempt = {
        accountId: row.accountId,
        conversationId: row.id,
        trigger: 'queue',
        plan: { target },
        matched: [],
        language: routing.language,
        ...(await prepare(row.accountId, target)),
      };
      return run(null, attempt);
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
