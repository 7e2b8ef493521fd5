import fastJson from 'fast-json-stringify';
import { type ZodType, z } from 'zod';

/*
 * The default response serializer (fastify-type-provider-zod) encodes every response with zod,
 * which checks each value against the contract before JSON.stringify: about 1 ms of CPU for an
 * inbox page of 50 conversations, 40 % of the request. Routes that answer large, hot lists opt into
 * this one instead: fast-json-stringify compiled once from the route's zod schema (as JSON Schema),
 * which writes the declared properties only (like zod's encode, so nothing undeclared leaks) and
 * does not re-check values the service built itself from typed rows. Such a route's tests parse
 * its answers with the zod schema, so the contract is still checked where it can fail.
 */

type JsonSchema = Record<string, unknown>;

/** Keywords a serializer has no use for (validation only), dropped so the compiled code is lean. */
const VALIDATION_ONLY = new Set([
  '$schema',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'propertyNames',
  'description',
]);

/**
 * JSON Schema for serializing: validation keywords dropped, and the `anyOf: [X, {type: null}]` that
 * zod emits for `.nullable()` turned into `type: [X's type, 'null']` (fast-json-stringify would
 * otherwise pick the branch by validating each value at run time).
 */
export function serializationSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializationSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  const anyOf = source.anyOf as JsonSchema[] | undefined;
  if (anyOf?.length === 2) {
    const nullIndex = anyOf.findIndex((branch) => branch.type === 'null' && Object.keys(branch).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex !== -1 && other && typeof other.type === 'string') {
      const { anyOf: _dropped, ...rest } = source;
      return serializationSchema({ ...rest, ...other, type: [other.type, 'null'] });
    }
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (VALIDATION_ONLY.has(key)) continue;
    out[key] =
      key === 'properties' || key === 'definitions' || key === '$defs'
        ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, serializationSchema(v)]))
        : serializationSchema(value);
  }
  return out;
}

/** A serializer for one zod response schema (see above). */
export function compileSerializer(schema: ZodType): (data: unknown) => string {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-7' });
  return fastJson(serializationSchema(json) as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
}

/**
 * Route option: `{ serializerCompiler: compiledSerializer, schema: { response: { 200: zodSchema } } }`;
 * Fastify calls it once per status code with that code's schema.
 */
export const compiledSerializer = ({ schema }: { schema: unknown }) => compileSerializer(schema as ZodType);
