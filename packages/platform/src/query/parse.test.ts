import { describe, expect, it } from 'vitest';
import { type FieldRules, parseFilters, parseSort } from './parse';

const rules: FieldRules = {
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith', 'in'], sortable: true },
  id: { type: 'uuid', ops: ['eq', 'in'] },
  size: { type: 'number', ops: ['gt', 'range'], sortable: true },
  active: { type: 'boolean', ops: ['eq'] },
  created_at: { type: 'datetime', ops: ['ge', 'range', 'is_null'], sortable: true },
  status: { type: 'enum', ops: ['eq', 'in'], values: ['open', 'closed'] },
  labels: { type: 'string_array', ops: ['contains'] },
};

describe('parseFilters', () => {
  it.each([
    ['name:eq:Abebe', { field: 'name', op: 'eq', values: ['Abebe'] }],
    ['name:in:a,b,c', { field: 'name', op: 'in', values: ['a', 'b', 'c'] }],
    ['size:range:1,10', { field: 'size', op: 'range', values: [1, 10] }],
    ['active:eq:false', { field: 'active', op: 'eq', values: [false] }],
    ['created_at:is_null', { field: 'created_at', op: 'is_null', values: [] }],
    ['status:in:open,closed', { field: 'status', op: 'in', values: ['open', 'closed'] }],
    ['labels:contains:vip', { field: 'labels', op: 'contains', values: ['vip'] }],
    ['name:eq:a:b', { field: 'name', op: 'eq', values: ['a:b'] }],
  ])('parses %s', (expression, expected) => {
    expect(parseFilters(expression, rules)).toEqual([expected]);
  });

  it('parses times and repeated filters', () => {
    const parsed = parseFilters(['created_at:ge:2026-01-01T00:00:00Z', 'size:gt:3'], rules);
    expect(parsed[0]?.values[0]).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(parsed).toHaveLength(2);
  });

  it.each([
    ['password:eq:x', 'unknown field'],
    ['__proto__:eq:x', 'unknown field'],
    ['name:regex:x', 'unknown operator'],
    ['name:gt:x', 'not allowed'],
    ['id:eq:not-a-uuid', 'not a UUID'],
    ['size:gt:ten', 'not a number'],
    ['size:range:1', 'two comma-separated'],
    ['active:eq:yes', 'true or false'],
    ['created_at:ge:yesterday', 'ISO-8601'],
    ['status:eq:pending', 'not one of'],
    ['name:eq:', 'missing value'],
  ])('rejects %s with 400 (%s)', (expression, message) => {
    expect(() => parseFilters(expression, rules)).toThrow(message);
    try {
      parseFilters(expression, rules);
    } catch (err) {
      expect(err).toMatchObject({ code: 'bad_request', status: 400 });
    }
  });
});

describe('parseSort', () => {
  it('parses sortable fields with a direction', () => {
    expect(parseSort(['name:asc', 'size:desc'], rules)).toEqual([
      { field: 'name', direction: 'asc' },
      { field: 'size', direction: 'desc' },
    ]);
    expect(parseSort('name', rules)).toEqual([{ field: 'name', direction: 'asc' }]);
  });

  it.each(['id:asc', 'labels:desc', 'name:up', 'nope:asc', 'name:asc:x'])(
    'rejects %s with 400',
    (expression) => {
      expect(() => parseSort(expression, rules)).toThrow(/sort/i);
    },
  );
});
