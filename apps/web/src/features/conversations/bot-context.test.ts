import { describe, expect, it } from 'vitest';
import { describeBotContext } from './bot-context';

const names = { user: (id: string) => `user ${id}`, team: (id: string) => `team ${id}` };
const routedAt = '2026-11-25T10:00:00.000Z';

describe('describeBotContext', () => {
  it('says nothing when the bot left nothing', () => {
    expect(describeBotContext(null, names)).toEqual([]);
    expect(describeBotContext({}, names)).toEqual([]);
  });

  it('turns an automatic assignment into lines an agent reads', () => {
    const lines = describeBotContext(
      {
        routing: {
          routed_at: routedAt,
          outcome: 'assigned',
          matched_rules: [
            { id: 'r1', name: 'Refunds' },
            { id: 'r2', name: 'VIP' },
          ],
          team_id: 't1',
          strategy: 'least_busy',
          channel: 'whatsapp',
          topic: 'billing',
          language: 'am',
          assignee_id: 'u1',
          replied_rule_ids: ['r1'],
          acceptance: 'awaiting',
        },
        collect_info: ['order number', 'email'],
      },
      names,
    );
    expect(lines).toEqual([
      { label: 'Routing', value: 'Assigned automatically' },
      { label: 'Matched rules', value: 'Refunds, VIP' },
      { label: 'Routed to team', value: 'team t1' },
      { label: 'Agent', value: 'user u1' },
      { label: 'Strategy', value: 'Least busy' },
      { label: 'Topic', value: 'billing' },
      { label: 'Language', value: 'am' },
      { label: 'Acceptance', value: 'Waiting for the agent to accept' },
      { label: 'Routed at', value: new Date(routedAt).toLocaleString() },
      { label: 'The bot asks for', value: 'order number, email' },
    ]);
  });

  it('names the previous agent of a queued conversation and the default routing', () => {
    const lines = describeBotContext(
      {
        routing: {
          routed_at: routedAt,
          outcome: 'queued',
          matched_rules: [],
          team_id: null,
          strategy: 'round_robin',
          channel: 'sms',
          topic: null,
          language: null,
          assignee_id: 'u2',
          replied_rule_ids: [],
        },
      },
      names,
    );
    expect(lines.map((l) => l.label)).toEqual([
      'Routing',
      'Matched rules',
      'Previous agent',
      'Strategy',
      'Routed at',
    ]);
    expect(lines[0]!.value).toBe('Queued for an agent');
    expect(lines[1]!.value).toBe('None (default routing)');
    expect(lines[2]!.value).toBe('user u2');
  });

  it('shows keys it does not know, and values of unknown shape, as they are', () => {
    expect(
      describeBotContext({ order_number: 'A-17', routing: 'odd', extra: { a: 1 }, tags: ['x', 'y'] }, names),
    ).toEqual([
      { label: 'order number', value: 'A-17' },
      { label: 'routing', value: 'odd' },
      { label: 'extra', value: '{"a":1}' },
      { label: 'tags', value: 'x, y' },
    ]);
  });
});
