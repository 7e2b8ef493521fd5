import { describe, expect, it } from 'vitest';
import { type BotRuleDefinition, compileRules } from './compile';
import { type EvaluatedMessage, evaluateRules } from './evaluate';
import { BotRuleInput } from './schema';

let seq = 0;
/** A rule as the API would store it (defaults applied), with a readable id. */
function rule(body: Record<string, unknown>): BotRuleDefinition {
  const id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  return { ...BotRuleInput.parse({ name: `rule ${seq}`, ...body }), id };
}
const reply = (text: string) => ({ reply_text: text });
const msg = (text: string, extra: Partial<EvaluatedMessage> = {}): EvaluatedMessage => ({
  text,
  channel_type: 'whatsapp',
  is_first_message: false,
  ...extra,
});
// A Wednesday, 10:00 in Addis Ababa (UTC+3).
const noon = new Date('2026-11-25T07:00:00Z');
const night = new Date('2026-11-25T19:00:00Z');

function fired(rules: BotRuleDefinition[], message: EvaluatedMessage, now = noon) {
  return evaluateRules(compileRules(rules), message, now).matched.map((m) => m.name);
}

describe('evaluateRules: one condition at a time', () => {
  const kw = (conditions: Record<string, unknown>) =>
    rule({ name: 'r', trigger_type: 'keyword', conditions, actions: reply('x') });
  const other = (trigger_type: string, conditions: Record<string, unknown>) =>
    rule({ name: 'r', trigger_type, conditions, actions: reply('x') });
  const tz = 'Africa/Addis_Ababa';

  it.each<[string, BotRuleDefinition, EvaluatedMessage, Date, boolean]>([
    ['keyword any: one present', kw({ keywords: ['refund', 'return'] }), msg('a return'), noon, true],
    ['keyword any: none present', kw({ keywords: ['refund', 'return'] }), msg('hello'), noon, false],
    [
      'keyword all: all present',
      kw({ keywords: ['order', 'late'], match_mode: 'all' }),
      msg('order is late'),
      noon,
      true,
    ],
    [
      'keyword all: one missing',
      kw({ keywords: ['order', 'late'], match_mode: 'all' }),
      msg('order here'),
      noon,
      false,
    ],
    ['keyword: whole words only', kw({ keywords: ['cancel'] }), msg('cancellation fee'), noon, false],
    ['keyword: wildcard', kw({ keywords: ['cancel*'] }), msg('cancellation fee'), noon, true],
    ['keyword: Amharic', kw({ keywords: ['ገንዘብ'] }), msg('ገንዘብ ይመለስልኝ'), noon, true],
    ['channels: listed', other('channel', { channels: ['whatsapp'] }), msg('hi'), noon, true],
    ['channels: not listed', other('channel', { channels: ['telegram'] }), msg('hi'), noon, false],
    [
      'exclude_channels: excluded',
      other('channel', { exclude_channels: ['whatsapp'] }),
      msg('hi'),
      noon,
      false,
    ],
    [
      'exclude_channels: not excluded',
      other('channel', { exclude_channels: ['email'] }),
      msg('hi'),
      noon,
      true,
    ],
    [
      'time range: inside',
      other('time_based', { time_range: { start: '09:00', end: '17:00', tz } }),
      msg('hi'),
      noon,
      true,
    ],
    [
      'time range: outside',
      other('time_based', { time_range: { start: '09:00', end: '17:00', tz } }),
      msg('hi'),
      night,
      false,
    ],
    [
      'time range: overnight at night',
      other('time_based', { time_range: { start: '18:00', end: '08:00', tz } }),
      msg('hi'),
      night,
      true,
    ],
    [
      'time range: overnight at noon',
      other('time_based', { time_range: { start: '18:00', end: '08:00', tz } }),
      msg('hi'),
      noon,
      false,
    ],
    [
      'time range: day filter',
      other('time_based', { time_range: { start: '00:00', end: '24:00', tz, days: ['sat', 'sun'] } }),
      msg('hi'),
      noon,
      false,
    ],
    [
      'new conversation: first message',
      other('new_conversation', {}),
      msg('hi', { is_first_message: true }),
      noon,
      true,
    ],
    ['new conversation: later message', other('new_conversation', {}), msg('hi'), noon, false],
    [
      'new conversation: any message when asked',
      other('new_conversation', { only_first_message: false }),
      msg('hi'),
      noon,
      true,
    ],
    [
      'only_first_message on a keyword rule',
      kw({ keywords: ['hi'], only_first_message: true }),
      msg('hi'),
      noon,
      false,
    ],
    [
      'language: matches',
      other('new_conversation', { only_first_message: false, language: 'am' }),
      msg('x', { language: 'am' }),
      noon,
      true,
    ],
    [
      'language: a regional tag',
      other('new_conversation', { only_first_message: false, language: ['en'] }),
      msg('x', { language: 'en-US' }),
      noon,
      true,
    ],
    [
      'language: another language',
      other('new_conversation', { only_first_message: false, language: 'am' }),
      msg('x', { language: 'en' }),
      noon,
      false,
    ],
    [
      'language: unknown',
      other('new_conversation', { only_first_message: false, language: 'am' }),
      msg('x'),
      noon,
      false,
    ],
    ['fallback: always', other('fallback', {}), msg('anything'), noon, true],
    [
      'fallback: narrowed by channel',
      other('fallback', { channels: ['email'] }),
      msg('anything'),
      noon,
      false,
    ],
  ])('%s → %s', (_what, r, message, now, expected) => {
    expect(fired([r], message, now)).toEqual(expected ? ['r'] : []);
  });

  it('ANDs every condition of a rule', () => {
    const r = kw({
      keywords: ['order'],
      channels: ['whatsapp'],
      time_range: { start: '09:00', end: '17:00', tz },
    });
    expect(fired([r], msg('my order'))).toEqual(['r']);
    expect(fired([r], msg('my order', { channel_type: 'telegram' }))).toEqual([]);
    expect(fired([r], msg('my order'), night)).toEqual([]);
    expect(fired([r], msg('my parcel'))).toEqual([]);
  });
});

describe('evaluateRules: order, continue and fallback', () => {
  const a = rule({
    name: 'a',
    priority: 2,
    trigger_type: 'keyword',
    conditions: { keywords: ['refund'] },
    actions: { set_labels: ['billing'], set_priority: 'high' },
  });
  const b = rule({
    name: 'b',
    priority: 1,
    trigger_type: 'keyword',
    conditions: { keywords: ['refund'] },
    actions: { set_priority: 'urgent' },
    continue: true,
  });
  const c = rule({
    name: 'c',
    priority: 3,
    trigger_type: 'channel',
    conditions: { channels: ['whatsapp'] },
    actions: reply('c'),
  });
  const fb = rule({ name: 'fb', priority: 0, trigger_type: 'fallback', actions: reply('fallback') });
  const off = rule({
    name: 'off',
    priority: 0,
    is_active: false,
    trigger_type: 'channel',
    conditions: { channels: ['whatsapp'] },
    actions: reply('off'),
  });

  it('evaluates by priority and stops at the first match without continue', () => {
    expect(fired([a, c, b], msg('refund'))).toEqual(['b', 'a']);
  });

  it('lets an earlier rule win scalar actions and accumulates labels', () => {
    const { actions } = evaluateRules(compileRules([a, b]), msg('refund'), noon);
    expect(actions).toMatchObject({ set_priority: 'urgent', set_labels: ['billing'] });
  });

  it('ignores inactive rules', () => {
    expect(fired([off, c], msg('hi'))).toEqual(['c']);
  });

  it('considers fallback rules only when nothing else matched, whatever their priority', () => {
    expect(fired([fb, c], msg('hi'))).toEqual(['c']);
    expect(fired([fb, c], msg('hi', { channel_type: 'email' }))).toEqual(['fb']);
  });

  it('sends the reply of the first rule that has one and names it', () => {
    const first = rule({
      name: 'first',
      priority: 1,
      trigger_type: 'channel',
      conditions: { channels: ['whatsapp'] },
      actions: reply('one'),
      continue: true,
    });
    const second = rule({
      name: 'second',
      priority: 2,
      trigger_type: 'channel',
      conditions: { channels: ['whatsapp'] },
      actions: { reply_text: 'two', set_labels: ['x'] },
    });
    const { actions } = evaluateRules(compileRules([second, first]), msg('hi'), noon);
    expect(actions).toMatchObject({ reply_text: 'one', reply_rule_id: first.id, set_labels: ['x'] });
  });

  it('orders rules of equal priority the same way every time', () => {
    const x = rule({ name: 'x', priority: 5, trigger_type: 'fallback', actions: reply('x') });
    const y = rule({ name: 'y', priority: 5, trigger_type: 'fallback', actions: reply('y') });
    expect(fired([y, x], msg('hi'))).toEqual(fired([x, y], msg('hi')));
  });
});

describe("evaluateRules: the spec's five example rules", () => {
  const tz = 'Africa/Addis_Ababa';
  const team = (n: number) => `00000000-0000-4000-9000-00000000000${n}`;
  const rules = [
    rule({
      name: 'after hours',
      priority: 1,
      trigger_type: 'time_based',
      conditions: { time_range: { start: '18:00', end: '08:00', tz } },
      actions: { reply_text: "We're offline", assign_strategy: 'manual_queue' },
    }),
    rule({
      name: 'logistics',
      priority: 2,
      trigger_type: 'keyword',
      conditions: { channels: ['whatsapp'], keywords: ['order', 'delivery'] },
      actions: { assign_team_id: team(1) },
    }),
    rule({
      name: 'billing',
      priority: 3,
      trigger_type: 'keyword',
      conditions: { keywords: ['refund', 'return', 'cancel'] },
      actions: {
        reply_text: 'Refund policy',
        assign_team_id: team(2),
        set_labels: ['billing', 'refund'],
        set_priority: 'high',
      },
    }),
    rule({
      name: 'amharic',
      priority: 4,
      trigger_type: 'new_conversation',
      conditions: { only_first_message: false, language: 'am' },
      actions: { assign_team_id: team(3) },
    }),
    rule({
      name: 'fallback',
      priority: 5,
      trigger_type: 'fallback',
      actions: { reply_text: 'An agent will be with you shortly', assign_strategy: 'round_robin' },
    }),
  ];

  it.each<[string, EvaluatedMessage, Date, string[]]>([
    ['at night', msg('I want a refund'), night, ['after hours']],
    ['an order on WhatsApp', msg('where is my order'), noon, ['logistics']],
    ['an order on Telegram', msg('where is my order', { channel_type: 'telegram' }), noon, ['fallback']],
    ['a refund', msg('I want a refund'), noon, ['billing']],
    ['Amharic', msg('ሰላም', { language: 'am' }), noon, ['amharic']],
    ['anything else', msg('hello'), noon, ['fallback']],
  ])('%s → %j', (_what, message, now, expected) => {
    expect(fired(rules, message, now)).toEqual(expected);
  });
});
