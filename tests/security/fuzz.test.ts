/**
 * Property-based fuzzing of the public API (ARCHITECTURE.md §3): bodies, queries and path ids are
 * generated from each route's own OpenAPI schema (itself generated from the zod schemas), mixing
 * valid-ish values with hostile ones (huge and odd unicode strings, wrong types, nesting,
 * prototype-pollution keys). Whatever comes in: never a 500, never a stack trace or an internal
 * message, always the envelope. Runs are bounded so the file stays well under a minute of requests.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityStack, startSecurityStack } from './stack';
import { createTenant, idsOf, type Tenant } from './tenants';

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
};
interface Operation {
  method: string;
  path: string;
  body?: Schema;
  query: Array<{ name: string; schema: Schema }>;
}

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 8);
const errorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'validation_error',
  'rate_limited',
  'service_unavailable',
];
/** What a stack trace, a driver or an ORM error looks like when it escapes. */
const leaks = [
  /\bat [\w.<>]+ \(/,
  /node_modules/,
  /\.ts:\d+/,
  /\/work\//,
  /TypeError|ReferenceError|SyntaxError: /,
  /invalid input syntax|violates|duplicate key|relation "|column "|syntax error at/i,
  /drizzle|PGlite|pg_|ECONNREFUSED/i,
];

let stack: SecurityStack;
let tenant: Tenant;
let operations: Operation[] = [];

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'x'.repeat(70_000),
  '🧨'.repeat(500),
  '\u202Eevil\u202C',
  'ﷺ'.repeat(300),
  "' OR 1=1 --",
  '"; DROP TABLE conversations; --',
  '%00%ff%',
  '../../../etc/passwd',
  `\${7*7}{{7*7}}`,
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-13-45T25:61:61Z',
  'a'.repeat(321),
);
const pollution = fc.constantFrom<Record<string, unknown>>(
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
  { prototype: { polluted: 'yes' } },
  JSON.parse('{"__proto__":null}'),
);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  hostileStrings,
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(-1, 0, 2 ** 31, -(2 ** 53), Number.MAX_VALUE, 1.5, true, false, null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 4 }),
  pollution,
);

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') {
    return fc.oneof(fc.constantFrom(...idsOf(tenant)), fc.uuid(), hostileStrings);
  }
  if (schema.format === 'email') return fc.oneof(fc.emailAddress(), hostileStrings);
  if (schema.format === 'date-time') {
    return fc.oneof(
      fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
      hostileStrings,
    );
  }
  const minLength = Math.min(schema.minLength ?? 0, 50);
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 60));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    { weight: 1, arbitrary: hostileStrings },
  );
}

/** Valid-ish values of a JSON schema, with a share of hostile ones at every level. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostile;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueFor(s, depth + 1)));
  let typed: fc.Arbitrary<unknown>;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.enum?.length) typed = fc.constantFrom(...schema.enum);
  else if (type === 'string') typed = stringFor(schema);
  else if (type === 'integer')
    typed = fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 });
  else if (type === 'number') typed = fc.double({ noNaN: true, noDefaultInfinity: true });
  else if (type === 'boolean') typed = fc.boolean();
  else if (type === 'null') typed = fc.constant(null);
  else if (type === 'array') {
    typed = fc.array(valueFor(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
  } else if (type === 'object' || schema.properties) typed = objectFor(schema, depth);
  else typed = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: hostile });
}

function objectFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const model = Object.fromEntries(properties.map(([name, s]) => [name, valueFor(s, depth + 1)]));
  const base = fc.record(model, { requiredKeys: properties.map(([n]) => n).filter((n) => required.has(n)) });
  return fc
    .tuple(
      base,
      fc.option(pollution, { freq: 4 }),
      fc.option(fc.dictionary(fc.string(), hostile, { maxKeys: 3 }), { freq: 5 }),
    )
    .map(([value, polluted, extra]) => {
      const object = { ...(extra ?? {}), ...(value as object) };
      // Spread drops a literal __proto__; JSON text keeps it, as an attacker would send it.
      return polluted
        ? JSON.parse(
            JSON.stringify(object).replace(
              /^\{/,
              `{${JSON.stringify(polluted).slice(1, -1)}${Object.keys(object).length ? ',' : ''}`,
            ),
          )
        : object;
    });
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const known = op.query.map(({ name, schema }) =>
    fc.option(
      fc.tuple(
        fc.constant(name),
        valueFor(schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
      ),
      { freq: 2 },
    ),
  );
  const filters = fc.array(
    fc.tuple(
      fc.constantFrom(
        'filter',
        'sort',
        'skip',
        'limit',
        'cursor',
        'q',
        '__proto__',
        'constructor[prototype][x]',
      ),
      fc.oneof(
        fc.constantFrom(
          'status:eq:open',
          'id:in:a,b,c',
          'created_at:range:x,y',
          'name:ilike:%',
          'nope:zz:1',
          '__proto__:eq:1',
          'created_at:desc',
          'x:asc',
          '-5',
          '1e9',
          'eyJ0IjoiYm9ndXMifQ',
        ),
        hostileStrings,
      ),
    ),
    { maxLength: 3 },
  );
  return fc.tuple(fc.tuple(...known), filters, fc.boolean()).map(([pairs, extra, raw]) => {
    const params = new URLSearchParams();
    for (const pair of [...pairs, ...extra]) if (pair) params.append(pair[0], pair[1]);
    const text = params.toString();
    // Sometimes bytes a browser would never send.
    return raw ? `?${text}&%zz=%&a[b][c]=1` : text ? `?${text}` : '';
  });
}

function pathFor(path: string): fc.Arbitrary<string> {
  const params = path.match(/\{[a-z_]+\}/g) ?? [];
  if (params.length === 0) return fc.constant(path);
  const value = fc.oneof(
    fc.constantFrom(...idsOf(tenant), tenant.channelId),
    fc.uuid(),
    fc.constantFrom('webchat', 'telegram', 'me', 'not-a-uuid', '%2e%2e', '0', '-1', 'x'.repeat(300), '%00'),
  );
  return fc.array(value, { minLength: params.length, maxLength: params.length }).map((values) => {
    let i = 0;
    return path.replace(/\{[a-z_]+\}/g, () => encodeURIComponent(values[i++]!).replaceAll('%25', '%'));
  });
}

function assertEnvelope(method: string, url: string, status: number, body: string, contentType: string) {
  const what = `${method} ${url.slice(0, 200)} → ${status} ${body.slice(0, 300)}`;
  expect(status, what).toBeLessThan(500);
  for (const pattern of leaks) expect(body, what).not.toMatch(pattern);
  if (!contentType.includes('json')) return; // TwiML, the handshake's plain text
  const json = JSON.parse(body);
  if (status >= 400) {
    expect(json, what).toMatchObject({
      success: false,
      message: expect.any(String),
      details: expect.any(Object),
    });
    expect(errorCodes, what).toContain(json.error);
  } else if (status !== 204) {
    expect(json.success, what).toBe(true);
  }
}

async function documentedOperations(): Promise<Operation[]> {
  const found: Operation[] = [];
  for (const app of [stack.account, stack.messaging]) {
    const doc = (await app.inject('/openapi.json')).json();
    for (const [path, ops] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
          ?.content;
        const parameters =
          (op.parameters as Array<{ in: string; name: string; schema: Schema }> | undefined) ?? [];
        found.push({
          method: method.toUpperCase(),
          path,
          body: content?.['application/json']?.schema,
          query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        });
      }
    }
  }
  // Destructive ones last, so the fuzzer's own tenant survives until the end.
  const rank = (op: Operation) => (op.method === 'DELETE' ? (op.path.startsWith('/v1/accounts') ? 2 : 1) : 0);
  return found.sort((x, y) => rank(x) - rank(y));
}

beforeAll(async () => {
  // Login attempts and rates are limited at the gateway; fuzzing is not a flood.
  stack = await startSecurityStack({
    gatewayEnv: { GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE: '0', GATEWAY_RATE_LIMIT_PUBLIC_PER_MINUTE: '0' },
  });
  tenant = await createTenant(stack, 'fuzz');
  operations = await documentedOperations();
}, 240_000);

afterAll(() => stack?.close(), 60_000);

describe('fuzzing the public API', () => {
  it('covers every documented /v1 operation', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it('never answers 500, a stack trace or anything but the envelope', async () => {
    const started = Date.now();
    const failures: string[] = [];
    for (const op of operations) {
      // Refresh and logout would end the session the fuzzer runs with; register and login hash a password per run.
      const runs = /\/v1\/auth\//.test(op.path) ? 3 : RUNS_PER_ROUTE;
      const property = fc.asyncProperty(
        pathFor(op.path),
        queryFor(op),
        op.body ? valueFor(op.body) : fc.constant(undefined),
        async (path, query, body) => {
          const url = `${path}${query}`;
          const hasBody = body !== undefined && !['GET', 'DELETE'].includes(op.method);
          const res = await stack.gateway.inject({
            method: op.method as 'POST',
            url,
            headers: {
              authorization: `Bearer ${tenant.token}`,
              ...(hasBody ? { 'content-type': 'application/json' } : {}),
            },
            ...(hasBody ? { payload: JSON.stringify(body) } : {}),
          });
          assertEnvelope(op.method, url, res.statusCode, res.body, String(res.headers['content-type'] ?? ''));
        },
      );
      const result = await fc.check(property, { numRuns: runs, seed: 9_0 + operations.indexOf(op) });
      if (result.failed) {
        failures.push(
          `${op.method} ${op.path}: ${String(result.errorInstance).slice(0, 600)} ${JSON.stringify(result.counterexample)?.slice(0, 400)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
    expect(Date.now() - started).toBeLessThan(240_000);
  }, 300_000);
});
