import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../bot-rules/evaluate';
import {
  handlingOf,
  nextRoutingContext,
  planRouting,
  type RoutableConversation,
  type RoutingContext,
  type RoutingFacts,
} from './plan';

const agent = '00000000-0000-4000-8000-00000000000a';
const team = '00000000-0000-4000-8000-00000000000b';
const routed = (outcome: RoutingContext['outcome']) => ({
  routing: { outcome, replied_rule_ids: ['r1'] } as unknown as RoutingContext,
});
const conversation = (c: Partial<RoutableConversation> = {}): RoutableConversation => ({
  status: 'open',
  assigneeId: null,
  teamId: null,
  labels: [],
  botContext: null,
  ...c,
});

describe('handlingOf', () => {
  it.each<[string, Partial<RoutableConversation>, ReturnType<typeof handlingOf>]>([
    ['a new open conversation', {}, 'route'],
    ['a bot conversation', { status: 'bot', botContext: routed('bot') }, 'route'],
    [
      'an open one with an assignee (reopened by the customer)',
      { assigneeId: agent, botContext: routed('assigned') },
      'route',
    ],
    ['an open one routing queued', { botContext: routed('queued') }, 'skip_waiting'],
    ['an open one put back in the queue', { botContext: routed('assigned') }, 'skip_waiting'],
    ['an open one the bot let go of', { botContext: routed('bot') }, 'route'],
    ['an assigned one', { status: 'assigned', assigneeId: agent }, 'skip_held'],
    ['a pending one', { status: 'pending', assigneeId: agent }, 'skip_held'],
    ['a resolved one', { status: 'resolved' }, 'skip_held'],
    ['a closed one', { status: 'closed' }, 'skip_held'],
  ])('%s → %s', (_what, c, expected) => {
    expect(handlingOf(conversation(c))).toBe(expected);
  });
});

describe('planRouting', () => {
  const evaluation = (actions: Evaluation['actions'], matched = 1): Evaluation => ({
    matched: Array.from({ length: matched }, (_, i) => ({
      id: `r${i}`,
      name: `r${i}`,
      priority: i,
      trigger_type: 'keyword' as const,
    })),
    actions,
  });
  const message = { channel: 'whatsapp', language: 'am' };

  it('routes without rules account-wide, least busy, with the detected language', () => {
    expect(planRouting(conversation(), evaluation({}, 0), message)).toEqual({
      labels: undefined,
      priority: undefined,
      teamId: undefined,
      status: undefined,
      target: { teamId: null, strategy: 'least_busy', channel: 'whatsapp', topic: undefined, language: 'am' },
      reply: undefined,
      collectInfo: undefined,
    });
  });

  it('adds labels to the existing ones and takes the first new label as the topic', () => {
    const plan = planRouting(
      conversation({ labels: ['vip'] }),
      evaluation({ set_labels: ['billing', 'vip'], assign_team_id: team }),
      message,
    );
    expect(plan).toMatchObject({
      labels: ['vip', 'billing'],
      teamId: team,
      target: { teamId: team, topic: 'billing' },
    });
  });

  it('prefers an explicit topic and strategy', () => {
    const plan = planRouting(
      conversation(),
      evaluation({ set_labels: ['x'], topic: 'billing', assign_strategy: 'round_robin' }),
      message,
    );
    expect(plan.target).toMatchObject({ topic: 'billing', strategy: 'round_robin' });
  });

  it('keeps a team the conversation already has', () => {
    expect(planRouting(conversation({ teamId: team }), evaluation({}), message).target?.teamId).toBe(team);
  });

  it.each(['bot', 'closed'] as const)('does not route to agents when a rule sets status %s', (status) => {
    expect(planRouting(conversation(), evaluation({ set_status: status }), message)).toMatchObject({
      status,
      target: null,
    });
  });

  it('replies once per rule while the bot holds the conversation', () => {
    const actions = { reply_text: 'hi', reply_rule_id: 'r1' };
    expect(
      planRouting(conversation({ status: 'bot', botContext: routed('bot') }), evaluation(actions), message)
        .reply,
    ).toBeUndefined();
    expect(
      planRouting(
        conversation({ status: 'bot', botContext: routed('bot') }),
        evaluation({ ...actions, reply_rule_id: 'r2' }),
        message,
      ).reply,
    ).toEqual({
      ruleId: 'r2',
      text: 'hi',
      templateId: undefined,
    });
    expect(
      planRouting(conversation({ botContext: routed('bot') }), evaluation(actions), message).reply?.ruleId,
    ).toBe('r1');
  });
});

describe('nextRoutingContext', () => {
  const facts: RoutingFacts = {
    now: new Date('2026-11-25T07:00:00Z'),
    trigger: 'message',
    outcome: 'assigned',
    matched: [{ id: 'r1', name: 'Billing' }],
    teamId: team,
    channel: 'whatsapp',
    target: { teamId: team, strategy: 'round_robin', channel: 'whatsapp', topic: 'billing' },
    language: 'en',
    agentId: agent,
    stickyAgentId: null,
    wasWithBot: false,
    autoAccept: false,
  };

  it('records an assignment and whether the agent still has to accept it', () => {
    expect(nextRoutingContext(undefined, facts)).toEqual({
      routed_at: '2026-11-25T07:00:00.000Z',
      outcome: 'assigned',
      matched_rules: [{ id: 'r1', name: 'Billing' }],
      team_id: team,
      strategy: 'round_robin',
      channel: 'whatsapp',
      topic: 'billing',
      language: 'en',
      assignee_id: agent,
      replied_rule_ids: [],
      acceptance: 'awaiting',
    });
  });

  it('keeps the rules that routed it when the drain assigns it later', () => {
    const queued = nextRoutingContext(undefined, { ...facts, outcome: 'queued', agentId: null });
    const drained = nextRoutingContext(queued, { ...facts, trigger: 'queue', matched: [], autoAccept: true });
    expect(drained).toMatchObject({
      matched_rules: [{ name: 'Billing' }],
      outcome: 'assigned',
      acceptance: 'auto',
    });
    expect(queued).not.toHaveProperty('acceptance');
  });

  it('remembers replies only while the bot holds the conversation', () => {
    const first = nextRoutingContext(undefined, {
      ...facts,
      outcome: 'bot',
      agentId: null,
      repliedRuleId: 'r1',
    });
    expect(first.replied_rule_ids).toEqual(['r1']);
    expect(
      nextRoutingContext(first, {
        ...facts,
        outcome: 'bot',
        agentId: null,
        wasWithBot: true,
        repliedRuleId: 'r2',
      }).replied_rule_ids,
    ).toEqual(['r1', 'r2']);
    expect(nextRoutingContext(first, { ...facts, wasWithBot: false }).replied_rule_ids).toEqual([]);
  });

  it('keeps the previous agent of a reopened conversation it had to queue', () => {
    expect(
      nextRoutingContext(undefined, { ...facts, outcome: 'queued', agentId: null, stickyAgentId: agent })
        .assignee_id,
    ).toBe(agent);
  });
});
