import { type RequestContext, requireRole, scopedAccountIds } from '@turumba/platform/auth';
import { NotFound } from '@turumba/platform/errors';
import type { Logger } from '@turumba/platform/logger';
import type { ListQuery } from '@turumba/platform/query';
import { parseFilters, parseSort } from '@turumba/platform/query';
import type { AdapterRegistry } from './adapters';
import { checkCredentials, connectChannel } from './connect-channel';
import type { CredentialCipher } from './credential-cipher';
import { credentialFieldNames, mergeCredentials, prepareCredentials } from './credentials';
import { toChannelDto } from './dto';
import type { ChannelPatch, ChannelRepo, ChannelRow } from './repo';
import { type ChannelCreate, type ChannelUpdate, channelFilterRules } from './schema';

export interface ChannelServiceDeps {
  channels: ChannelRepo;
  cipher: CredentialCipher;
  adapters: AdapterRegistry;
  publicUrl: string;
  logger: Logger;
  clock: () => Date;
  ids: () => string;
  /** Called after a channel changed or was deleted (the webhook path's cache forgets it). */
  onChannelChanged?: (id: string) => void;
}

const managers = ['admin', 'supervisor'] as const;
const readers = ['admin', 'supervisor', 'agent'] as const;

/** Channel CRUD and checks (admins and supervisors manage; agents read). */
export function createChannelService(deps: ChannelServiceDeps) {
  const showsVerifyToken = (row: ChannelRow) =>
    row.channelType === 'whatsapp' || row.channelType === 'messenger';
  const dto = (row: ChannelRow) =>
    toChannelDto(
      row,
      deps.publicUrl,
      showsVerifyToken(row) ? deps.cipher.decrypt(row.id, row.credentialsCiphertext) : {},
    );

  async function find(context: RequestContext, id: string, roles: readonly (typeof readers)[number][]) {
    const row = await deps.channels.findById(context.accountIds, id);
    if (!row) throw new NotFound('Channel');
    requireRole(context, row.accountId, roles);
    return row;
  }

  async function save(row: ChannelRow, patch: ChannelPatch): Promise<ChannelRow> {
    if (Object.keys(patch).length === 0) return row;
    const updated = await deps.channels.update(row.accountId, row.id, patch, deps.clock());
    deps.onChannelChanged?.(row.id);
    if (!updated) throw new NotFound('Channel');
    return updated;
  }

  return {
    async createChannel(context: RequestContext, accountId: string, input: ChannelCreate) {
      requireRole(context, accountId, managers);
      const credentials = prepareCredentials(input.channel_type, input.credentials);
      const id = deps.ids();
      const row = await deps.channels.insert({
        id,
        accountId,
        channelType: input.channel_type,
        name: input.name,
        status: input.is_enabled ? 'disconnected' : 'disabled',
        isEnabled: input.is_enabled,
        credentialsCiphertext: deps.cipher.encrypt(id, credentials),
        credentialFields: credentialFieldNames(credentials),
        settings: input.settings,
      });
      return dto(await save(row, await connectChannel(deps.adapters, row, credentials, deps.publicUrl)));
    },

    async listChannels(context: RequestContext, requestedAccount: string | undefined, query: ListQuery) {
      const accountIds = scopedAccountIds(context, requestedAccount);
      const filters = parseFilters(query.filter, channelFilterRules);
      const sort = parseSort(query.sort, channelFilterRules);
      const { rows, total } = await deps.channels.list(accountIds, { ...query, filters, sort });
      return { data: rows.map(dto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    async getChannel(context: RequestContext, id: string) {
      return dto(await find(context, id, readers));
    },

    async updateChannel(context: RequestContext, id: string, input: ChannelUpdate) {
      const row = await find(context, id, managers);
      const stored = deps.cipher.decrypt(row.id, row.credentialsCiphertext);
      const credentials = input.credentials
        ? prepareCredentials(row.channelType, mergeCredentials(stored, input.credentials))
        : stored;
      const patch: ChannelPatch = {
        name: input.name,
        settings: input.settings ? { ...row.settings, ...input.settings } : undefined,
        isEnabled: input.is_enabled,
      };
      if (input.credentials || deps.cipher.isStale(row.credentialsCiphertext)) {
        patch.credentialsCiphertext = deps.cipher.encrypt(row.id, credentials);
        patch.credentialFields = credentialFieldNames(credentials);
      }
      const reEnabled = input.is_enabled === true && !row.isEnabled;
      const tokenChanged = input.credentials !== undefined && 'bot_token' in input.credentials;
      if (input.is_enabled === false) patch.status = 'disabled';
      const updated = await save(row, stripUndefined(patch));
      if (!reEnabled && !tokenChanged) return dto(updated);
      return dto(
        await save(updated, await connectChannel(deps.adapters, updated, credentials, deps.publicUrl)),
      );
    },

    async deleteChannel(context: RequestContext, id: string) {
      const row = await find(context, id, managers);
      const removed = await deps.channels.remove(row.accountId, row.id);
      deps.onChannelChanged?.(row.id);
      if (!removed) throw new NotFound('Channel');
    },

    async verifyChannel(context: RequestContext, id: string) {
      const row = await find(context, id, managers);
      const credentials = deps.cipher.decrypt(row.id, row.credentialsCiphertext);
      const { patch, result } = await checkCredentials(deps.adapters, row, credentials, deps.clock());
      const updated = await save(row, patch);
      deps.logger.info({ channelId: row.id, ok: result.ok }, 'channel credentials checked');
      return {
        ...dto(updated),
        verification: result.ok
          ? { ok: true, details: result.details }
          : { ok: false, reason: result.reason },
      };
    },
  };
}
export type ChannelService = ReturnType<typeof createChannelService>;

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
