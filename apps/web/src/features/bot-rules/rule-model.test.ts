import { describe, expect, it } from 'vitest';
import type { BotRule } from './api';
import {
  describeActions,
  nextPriority,
  readTestResult,
  summarizeRule,
  swapPriorities,
  toRuleBody,
  toRuleForm,
  validateRule,
} from './rule-model';

const rule = (id: string, priority: number, extra: Partial<BotRule> = {}): BotRule => ({
  id,
  name: id,
  priority,
  is_active: true,
  trigger_type: 'keyword',
  conditions: { keywords: ['refund'], match_mode: 'any' },
  actions: { reply_text: 'Hi' },
  created_at: '',
  updated_at: '',
  ...extra,
});

describe('rule editor model', () => {
  it('keeps only the conditions of the chosen trigger', () => {
    const form = {
      ...toRuleForm(null, 'Africa/Addis_Ababa'),
      name: 'After hours',
      trigger: 'time_based' as const,
      keywords: 'x',
      replyKind: 'text' as const,
      replyText: 'We are closed',
    };
    expect(toRuleBody(form, 20)).toEqual({
      name: 'After hours',
      priority: 20,
      is_active: true,
      trigger_type: 'time_based',
      conditions: { time_range: { start: '18:00', end: '08:00', tz: 'Africa/Addis_Ababa' } },
      actions: { reply_text: 'We are closed' },
      continue: false,
    });
  });

  it('builds keyword conditions and routing actions per spec §1.4', () => {
    const form = {
      ...toRuleForm(null),
      name: 'Billing',
      keywords: 'Refund, return, refund',
      matchMode: 'all' as const,
      channels: ['whatsapp' as const],
      teamId: 'team-1',
      strategy: 'least_busy' as const,
      labels: 'Billing',
      priority: 'high' as const,
    };
    const body = toRuleBody(form, 10);
    expect(body.conditions).toEqual({
      keywords: ['refund', 'return'],
      match_mode: 'all',
      channels: ['whatsapp'],
    });
    expect(body.actions).toEqual({
      assign_team_id: 'team-1',
      assign_strategy: 'least_busy',
      set_labels: ['billing'],
      set_priority: 'high',
    });
  });

  it('round-trips a stored rule through the form', () => {
    const stored = rule('r', 10, {
      conditions: { channels: ['sms'] },
      trigger_type: 'channel',
      actions: { assign_team_id: 't', assign_strategy: 'round_robin' },
    });
    const body = toRuleBody(toRuleForm(stored), stored.priority);
    expect(body.conditions).toEqual(stored.conditions);
    expect(body.actions).toEqual(stored.actions);
  });

  it('asks for a name, keywords, channels and an action', () => {
    const empty = toRuleForm(null);
    expect(Object.keys(validateRule(empty)).sort()).toEqual(['actions', 'keywords', 'name']);
    expect(
      validateRule({ ...empty, trigger: 'channel', name: 'x', replyKind: 'text', replyText: 'y' }),
    ).toEqual({
      channels: 'Choose at least one channel',
    });
  });
});

describe('rule order', () => {
  it('swaps priorities with the neighbour', () => {
    const rules = [rule('a', 10), rule('b', 20), rule('c', 30)];
    expect(swapPriorities(rules, 'b', -1)).toEqual([
      { id: 'b', priority: 10 },
      { id: 'a', priority: 20 },
    ]);
    expect(swapPriorities(rules, 'a', -1)).toEqual([]);
  });

  it('separates equal priorities so the move takes effect', () => {
    const rules = [rule('a', 10), rule('b', 10)];
    const [moved, other] = swapPriorities(rules, 'b', -1);
    expect(moved!.priority).toBeLessThan(other!.priority);
  });

  it('puts a new rule after the last', () => {
    expect(nextPriority([])).toBe(10);
    expect(nextPriority([rule('a', 10), rule('b', 35)])).toBe(45);
  });
});

describe('summaries and the tester', () => {
  it('says what a rule does in one line', () => {
    const r = rule('x', 1, {
      conditions: { keywords: ['refund', 'return'], match_mode: 'any', channels: ['whatsapp'] },
      actions: { reply_text: 'Hi', assign_team_id: 't1', assign_strategy: 'round_robin' },
    });
    expect(summarizeRule(r, () => 'Billing')).toBe(
      'When message mentions “refund” or “return” on whatsapp → auto-reply, route to Billing (Round robin)',
    );
  });

  it('reads the dry-run answer and puts its actions in words', () => {
    const outcome = readTestResult({
      at: '2026-01-01T00:00:00Z',
      language: 'en',
      language_source: 'detected',
      matched: [{ id: 'r1', name: 'Billing', priority: 10, trigger_type: 'keyword' }],
      actions: {
        reply_text: 'On it',
        assign_team_id: 't1',
        assign_strategy: 'least_busy',
        set_labels: ['billing'],
      },
    });
    expect(outcome.matched.map((m) => m.name)).toEqual(['Billing']);
    expect(describeActions(outcome.actions, () => 'Billing team')).toEqual([
      'Reply: “On it”',
      'Route to Billing team (Least busy)',
      'Labels: billing',
    ]);
    expect(readTestResult({ matched: [], actions: {} }).matched).toEqual([]);
  });
});
