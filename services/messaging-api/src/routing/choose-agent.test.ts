import { describe, expect, it } from 'vitest';
import type { AssignStrategy } from '../bot-rules/schema';
import { type AgentLoad, type Candidate, chooseAgent } from './choose-agent';

const agent = (id: string, max = 3): Candidate => ({ user_id: id, max_concurrent_conversations: max });
const load = (active: number, minutesAgo: number | null): AgentLoad => ({
  active,
  lastAssignedAt: minutesAgo === null ? null : new Date(Date.UTC(2026, 10, 25, 12, 0) - minutesAgo * 60_000),
});

type Case = [string, Candidate[], Record<string, AgentLoad>, AssignStrategy, string | null, string[]];

const cases: Case[] = [
  [
    'least busy: fewest active first',
    [agent('a'), agent('b'), agent('c')],
    { a: load(2, 1), b: load(0, 1), c: load(1, 1) },
    'least_busy',
    null,
    ['b', 'c', 'a'],
  ],
  [
    'least busy: equal load → longest idle first',
    [agent('a'), agent('b')],
    { a: load(1, 5), b: load(1, 30) },
    'least_busy',
    null,
    ['b', 'a'],
  ],
  [
    'least busy: never assigned counts as the longest idle',
    [agent('a'), agent('b')],
    { a: load(1, 60) },
    'least_busy',
    null,
    ['b', 'a'],
  ],
  [
    'least busy: full agents are left out',
    [agent('a', 2), agent('b', 2)],
    { a: load(2, 60), b: load(1, 1) },
    'least_busy',
    null,
    ['b'],
  ],
  [
    'least busy: over the limit (manual assignment) is left out',
    [agent('a', 2)],
    { a: load(3, 60) },
    'least_busy',
    null,
    [],
  ],
  [
    'round robin: least recently assigned first',
    [agent('a'), agent('b'), agent('c')],
    { a: load(0, 1), b: load(2, 10), c: load(1, 5) },
    'round_robin',
    null,
    ['b', 'c', 'a'],
  ],
  [
    'round robin: same time → fewest active',
    [agent('a'), agent('b')],
    { a: load(2, 5), b: load(1, 5) },
    'round_robin',
    null,
    ['b', 'a'],
  ],
  [
    'round robin: never assigned first',
    [agent('a'), agent('b')],
    { a: load(0, 1) },
    'round_robin',
    null,
    ['b', 'a'],
  ],
  [
    'ties broken by user id, so every replica ranks alike',
    [agent('b'), agent('a')],
    {},
    'least_busy',
    null,
    ['a', 'b'],
  ],
  [
    'sticky: the previous agent first when they have room',
    [agent('a'), agent('b')],
    { a: load(0, 1), b: load(2, 1) },
    'least_busy',
    'b',
    ['b', 'a'],
  ],
  [
    'sticky: the previous agent skipped when full',
    [agent('a'), agent('b', 2)],
    { b: load(2, 1) },
    'least_busy',
    'b',
    ['a'],
  ],
  ['sticky: the previous agent skipped when not eligible', [agent('a')], {}, 'round_robin', 'z', ['a']],
  ['manual queue: nobody is chosen', [agent('a')], {}, 'manual_queue', null, []],
  ['no candidates', [], {}, 'least_busy', null, []],
  ['a zero limit takes nothing', [agent('a', 0)], {}, 'least_busy', null, []],
];

describe('chooseAgent', () => {
  it.each(cases)('%s', (_what, candidates, loads, strategy, sticky, expected) => {
    const choice = chooseAgent(candidates, new Map(Object.entries(loads)), strategy, sticky);
    expect(choice.ranking).toEqual(expected);
    expect(choice.agentId).toBe(expected[0] ?? null);
  });
});
