import type { Db } from '@turumba/platform/db';
import { createTemplateRepo } from '../templates/repo';

/** A reply template as the bot uses it: its text and the defaults of its variables. */
export interface ReplyTemplate {
  id: string;
  content: string;
  defaults: Record<string, string>;
}

/**
 * The account's template `id`, or undefined. The templates module has no service surface yet, so
 * this is the one place that reads its repository; swap it for the service when there is one.
 */
export async function findReplyTemplate(
  db: Db,
  accountId: string,
  id: string,
): Promise<ReplyTemplate | undefined> {
  const row = await createTemplateRepo(db).findById([accountId], id);
  if (!row) return undefined;
  const defaults: Record<string, string> = {};
  for (const variable of row.variables)
    if (variable.default !== undefined) defaults[variable.name] = variable.default;
  return { id: row.id, content: row.content, defaults };
}
