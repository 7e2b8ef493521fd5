import type { Db } from '@turumba/platform/db';
import {
  type ColumnMap,
  filtersToSql,
  type ParsedFilter,
  type ParsedSort,
  sortToSql,
} from '@turumba/platform/query';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { channelFilterRules } from './schema';
import { channels } from './tables';

export type ChannelRow = typeof channels.$inferSelect;
export type NewChannelRow = typeof channels.$inferInsert;
export type ChannelPatch = Partial<
  Pick<
    NewChannelRow,
    | 'name'
    | 'status'
    | 'isEnabled'
    | 'credentialsCiphertext'
    | 'credentialFields'
    | 'settings'
    | 'lastError'
    | 'verifiedAt'
  >
>;

const columns: ColumnMap = {
  channel_type: channels.channelType,
  status: channels.status,
  is_enabled: channels.isEnabled,
  name: channels.name,
  created_at: channels.createdAt,
};

export function createChannelRepo(db: Db) {
  return {
    async insert(row: NewChannelRow): Promise<ChannelRow> {
      const [created] = await db.insert(channels).values(row).returning();
      return created!;
    },

    async findById(accountIds: string[], id: string): Promise<ChannelRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select()
        .from(channels)
        .where(and(eq(channels.id, id), inArray(channels.accountId, accountIds)));
      return row;
    },

    /**
     * Webhooks carry no identity: the channel id in the URL names the tenant, and the provider's
     * signature (checked with that channel's credentials) proves the request is genuine.
     */
    async findForWebhook(id: string): Promise<ChannelRow | undefined> {
      const [row] = await db.select().from(channels).where(eq(channels.id, id));
      return row;
    },

    async list(
      accountIds: string[],
      query: { filters: ParsedFilter[]; sort: ParsedSort[]; skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as ChannelRow[], total: 0 };
      const where = and(
        inArray(channels.accountId, accountIds),
        filtersToSql(query.filters, channelFilterRules, columns),
      );
      const order = sortToSql(query.sort, columns, [desc(channels.createdAt), desc(channels.id)]);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(channels)
          .where(where)
          .orderBy(...order)
          .offset(query.skip)
          .limit(query.limit),
        db.select({ total: count() }).from(channels).where(where),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async update(accountId: string, id: string, patch: ChannelPatch, now: Date) {
      const [row] = await db
        .update(channels)
        .set({ ...patch, updatedAt: now })
        .where(and(eq(channels.id, id), eq(channels.accountId, accountId)))
        .returning();
      return row;
    },

    async remove(accountId: string, id: string): Promise<boolean> {
      const deleted = await db
        .delete(channels)
        .where(and(eq(channels.id, id), eq(channels.accountId, accountId)))
        .returning({ id: channels.id });
      return deleted.length > 0;
    },
  };
}
export type ChannelRepo = ReturnType<typeof createChannelRepo>;
