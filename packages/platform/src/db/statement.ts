import { Param, Placeholder, SQL, type SQLChunk, StringChunk, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

/**
 * A statement whose text is built once, executed many times with new values (`db.execute`).
 *
 * Drizzle builds a `sql` template's text again on every execution, walking every nested fragment,
 * table and column (escaping each name) and allocating objects per chunk: for routing's lock of a
 * conversation with its agents' loads that was ~80 KB of short-lived objects per decision, the
 * largest share of its garbage. Here `build` names its values with `value('name')` (drizzle
 * placeholders); the text is rendered once, split at its parameters, and each execution only
 * interleaves the new values with those fixed pieces: one flat statement, the same text and
 * parameter order as the template's own rendering. Constant parameters of the template (an
 * `inArray` of fixed statuses, say) keep their values.
 */
export function statement<Name extends string>(
  build: (value: (name: Name) => Placeholder<Name>) => SQL,
): (values: Readonly<Record<Name, unknown>>) => SQL {
  const query = dialect.sqlToQuery(build((name) => sql.placeholder(name)));
  const pieces = query.sql.split(/\$\d+\b/);
  const numbers = [...query.sql.matchAll(/\$(\d+)\b/g)].map((match) => Number(match[1]));
  if (numbers.length !== query.params.length || numbers.some((number, i) => number !== i + 1))
    throw new Error(`statement: parameters out of order or unexpected "$" in: ${query.sql}`);
  const texts = pieces.map((piece) => new StringChunk(piece));
  const params = query.params;
  return (values) => {
    const chunks: SQLChunk[] = [texts[0]!];
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      const value = param instanceof Placeholder ? values[param.name as Name] : param;
      if (value === undefined) throw new Error(`statement: no value for ${(param as Placeholder).name}`);
      chunks.push(new Param(value), texts[i + 1]!);
    }
    return new SQL(chunks);
  };
}
