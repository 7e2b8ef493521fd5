import { describe, expect, it } from 'vitest';
import { describeRouting, type RoutingFacts } from '../conversations/activity';

const billing = { id: '6f1c2a9e-3b1d-4c3e-9a8f-0d2b7c4e5f61', name: 'Billing' };
const vip = { id: '0b7e2f4c-8d1a-4e6b-9c3f-5a2d7e1b4c86', name: 'VIP' };

describe('the routing activity line', () => {
  it.each<[string, RoutingFacts, string]>([
    [
      'an assignment by a rule',
      { matched_rules: [billing], outcome: 'assigned', queue_position: null },
      'Routed by bot rule "Billing": assigned',
    ],
    [
      'a wait in the queue',
      { matched_rules: [billing, vip], outcome: 'queued', queue_position: 3 },
      'Routed by bot rule "Billing", "VIP": waiting in the queue at position 3',
    ],
    [
      'a conversation the bot keeps',
      { matched_rules: [vip], outcome: 'bot', queue_position: null },
      'Routed by bot rule "VIP": kept by the bot',
    ],
    [
      'a closed conversation',
      { matched_rules: [vip], outcome: 'closed', queue_position: null },
      'Routed by bot rule "VIP": closed',
    ],
    [
      'routing without a matching rule',
      { matched_rules: [], outcome: 'assigned', queue_position: null },
      'Routed automatically (no bot rule matched): assigned',
    ],
  ])('reads well for %s', (_name, facts, text) => {
    expect(describeRouting(facts).content).toBe(text);
  });

  it('keeps the facts in metadata for clients that render their own text', () => {
    const facts: RoutingFacts = { matched_rules: [billing], outcome: 'queued', queue_position: 1 };
    expect(describeRouting(facts).metadata).toEqual({ event: 'routed', actor_id: null, ...facts });
  });
});
