import type { ConversationStatus } from '@turumba/contracts';
import { describe, expect, it } from 'vitest';
import { allowedTransitions, canTransition, onCustomerMessage } from './status-machine';

const statuses: ConversationStatus[] = ['open', 'bot', 'assigned', 'pending', 'resolved', 'closed'];
const allowed = new Set([
  'open>bot',
  'open>assigned',
  'open>closed',
  'bot>open',
  'bot>assigned',
  'bot>closed',
  'assigned>open',
  'assigned>pending',
  'assigned>resolved',
  'assigned>closed',
  'pending>assigned',
  'pending>resolved',
  'pending>closed',
  'resolved>open',
  'resolved>closed',
]);

describe('conversation status machine', () => {
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s follows ARCHITECTURE.md §5', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it('keeps closed terminal', () => {
    expect(allowedTransitions.closed).toEqual([]);
  });

  it.each([
    ['resolved', { kind: 'append', status: 'open' }],
    ['pending', { kind: 'append', status: 'assigned' }],
    ['closed', { kind: 'start_new' }],
    ['bot', { kind: 'append', status: 'bot' }],
    ['assigned', { kind: 'append', status: 'assigned' }],
    ['open', { kind: 'append', status: 'open' }],
  ] as const)('a customer message on a %s conversation gives %o', (status, effect) => {
    expect(onCustomerMessage(status)).toEqual(effect);
  });
});
