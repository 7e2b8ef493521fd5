import { type Column, getTableColumns, getTableName, type SQL, sql, type Table } from 'drizzle-orm';

/**
 * A table's whole row as a select list built once, and the mapping of a raw result row back to
 * the table's typed row with the conversions drizzle's select applies (`mapFromDriverValue`).
 *
 * Drizzle's select builder walks every field and builds the statement's text again on each
 * execution: for a row of 25 columns that is ~85 µs of CPU and ~90 KB of short-lived objects, which
 * matters on a path that runs hundreds of times a second (routing's lock of a conversation). Such a
 * statement can be written with `sql` instead, naming the columns with `list`, and its rows read
 * with `fromRow`. Raw rows come from `db.execute`, whose drivers (node-postgres, PGlite) hand
 * timestamps over as text and JSON as parsed values, as drizzle's own select does.
 */
export function selectList<T extends Table>(table: T) {
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const list: SQL = sql.raw(columns.map(([, c]) => `"${name}"."${c.name}"`).join(', '));
  return {
    list,
    fromRow(raw: Record<string, unknown>): T['$inferSelect'] {
      const row: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = raw[column.name];
        row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return row as T['$inferSelect'];
    },
  };
}
