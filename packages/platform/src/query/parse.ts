import { BadRequest } from '../errors';

export const filterOps = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'contains',
  'icontains',
  'in',
  'like',
  'ilike',
  'range',
  'is_null',
  'is_not_null',
  'startswith',
  'endswith',
] as const;
export type FilterOp = (typeof filterOps)[number];

export type FieldType = 'string' | 'uuid' | 'number' | 'boolean' | 'datetime' | 'enum' | 'string_array';

/** What a resource allows on one field (the whitelist of ARCHITECTURE.md §3). */
export interface FieldRule {
  type: FieldType;
  ops: readonly FilterOp[];
  /** Allowed values of an `enum` field. */
  values?: readonly string[];
  sortable?: boolean;
}

export type FieldRules = Record<string, FieldRule>;

export type FilterValue = string | number | boolean | Date;

export interface ParsedFilter {
  field: string;
  op: FilterOp;
  /** One value for most ops, two for `range`, many for `in`, none for the null checks. */
  values: FilterValue[];
}

export interface ParsedSort {
  field: string;
  direction: 'asc' | 'desc';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const noValueOps = new Set<FilterOp>(['is_null', 'is_not_null']);

function fail(expression: string, problem: string): never {
  throw new BadRequest(`Invalid filter "${expression}": ${problem}`, { filter: expression });
}

function convert(raw: string, rule: FieldRule, expression: string): FilterValue {
  switch (rule.type) {
    case 'string':
    case 'string_array':
      return raw;
    case 'uuid':
      return uuidPattern.test(raw) ? raw.toLowerCase() : fail(expression, `"${raw}" is not a UUID`);
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : fail(expression, `"${raw}" is not a number`);
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : fail(expression, 'expected true or false');
    case 'datetime': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? fail(expression, `"${raw}" is not an ISO-8601 time`) : d;
    }
    case 'enum':
      return rule.values?.includes(raw)
        ? raw
        : fail(expression, `"${raw}" is not one of ${rule.values?.join(', ')}`);
  }
}

/** Parses repeatable `filter=field:op:value` against the resource's whitelist; anything else is 400. */
export function parseFilters(raw: string | string[] | undefined, rules: FieldRules): ParsedFilter[] {
  const expressions = raw === undefined ? [] : [raw].flat();
  return expressions.map((expression) => {
    const [field = '', op = '', ...rest] = expression.split(':');
    const value = rest.join(':'); // values may contain ':' (times, URLs)
    const rule = Object.hasOwn(rules, field) ? rules[field] : undefined;
    if (!rule) fail(expression, `unknown field "${field}"; allowed: ${Object.keys(rules).join(', ')}`);
    if (!(filterOps as readonly string[]).includes(op)) fail(expression, `unknown operator "${op}"`);
    const filterOp = op as FilterOp;
    if (!rule.ops.includes(filterOp)) fail(expression, `operator "${op}" is not allowed on "${field}"`);
    if (noValueOps.has(filterOp)) return { field, op: filterOp, values: [] };
    if (value === '') fail(expression, 'missing value');
    const parts = filterOp === 'in' || filterOp === 'range' ? value.split(',') : [value];
    if (filterOp === 'range' && parts.length !== 2)
      fail(expression, 'range takes two comma-separated values');
    if (filterOp === 'in' && parts.length > 100) fail(expression, 'in takes at most 100 values');
    return { field, op: filterOp, values: parts.map((p) => convert(p, rule, expression)) };
  });
}

/** Parses repeatable `sort=field:asc|desc` against the sortable fields; anything else is 400. */
export function parseSort(raw: string | string[] | undefined, rules: FieldRules): ParsedSort[] {
  const expressions = raw === undefined ? [] : [raw].flat();
  return expressions.map((expression) => {
    const [field = '', direction = 'asc', ...extra] = expression.split(':');
    if (!rules[field]?.sortable || !Object.hasOwn(rules, field)) {
      throw new BadRequest(`Cannot sort by "${field}"`, { sort: expression });
    }
    if ((direction !== 'asc' && direction !== 'desc') || extra.length > 0) {
      throw new BadRequest(`Invalid sort "${expression}": direction must be asc or desc`, {
        sort: expression,
      });
    }
    return { field, direction };
  });
}
