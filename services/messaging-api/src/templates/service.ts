import { type RequestContext, requireRole, scopedAccountIds } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { isUniqueViolation } from '@turumba/platform/db';
import { Conflict, NotFound } from '@turumba/platform/errors';
import type { Logger } from '@turumba/platform/logger';
import { type ListQuery, parseFilters, parseSort } from '@turumba/platform/query';
import type { AccountClient } from '../account-client';
import { toTemplateDto } from './dto';
import { renderTemplate } from './render';
import { renderContext } from './render-context';
import type { TemplateRepo, TemplateRow } from './repo';
import {
  type TemplateCreate,
  type TemplateRenderRequest,
  type TemplateUpdate,
  templateFilterRules,
} from './schema';

const managers = ['admin', 'supervisor'] as const;
const readers = ['admin', 'supervisor', 'agent'] as const;

async function unique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('A template with this name and language exists');
    throw err;
  }
}

/** Templates: admins and supervisors manage them, every member reads and renders them. */
export function createTemplateService(deps: {
  templates: TemplateRepo;
  db: Db;
  accounts: AccountClient;
  logger: Logger;
  clock: () => Date;
  ids: () => string;
}) {
  async function find(context: RequestContext, id: string, roles: readonly (typeof readers)[number][]) {
    const row = await deps.templates.findById(context.accountIds, id);
    if (!row) throw new NotFound('Template');
    requireRole(context, row.accountId, roles);
    return row;
  }

  return {
    async createTemplate(
      context: RequestContext & { userId: string },
      accountId: string,
      input: TemplateCreate,
    ) {
      requireRole(context, accountId, managers);
      const now = deps.clock();
      const row = await unique(() =>
        deps.templates.insert({
          id: deps.ids(),
          accountId,
          name: input.name,
          language: input.language,
          channelType: input.channel_type,
          content: input.content,
          variables: input.variables,
          providerTemplateName: input.provider_template_name,
          createdBy: context.userId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return toTemplateDto(row);
    },

    async listTemplates(context: RequestContext, requestedAccount: string | undefined, query: ListQuery) {
      const accountIds = scopedAccountIds(context, requestedAccount);
      const filters = parseFilters(query.filter, templateFilterRules);
      const sort = parseSort(query.sort, templateFilterRules);
      const { rows, total } = await deps.templates.list(accountIds, { ...query, filters, sort });
      return { data: rows.map(toTemplateDto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    async getTemplate(context: RequestContext, id: string) {
      return toTemplateDto(await find(context, id, readers));
    },

    async updateTemplate(context: RequestContext, id: string, input: TemplateUpdate) {
      const row = await find(context, id, managers);
      const patch: Partial<TemplateRow> = { updatedAt: deps.clock() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.language !== undefined) patch.language = input.language;
      if (input.channel_type !== undefined) patch.channelType = input.channel_type;
      if (input.content !== undefined) patch.content = input.content;
      if (input.variables !== undefined) patch.variables = input.variables;
      if (input.provider_template_name !== undefined)
        patch.providerTemplateName = input.provider_template_name;
      const updated = await unique(() => deps.templates.update(row.accountId, row.id, patch));
      if (!updated) throw new NotFound('Template');
      return toTemplateDto(updated);
    },

    async deleteTemplate(context: RequestContext, id: string) {
      const row = await find(context, id, managers);
      if (!(await deps.templates.remove(row.accountId, row.id))) throw new NotFound('Template');
    },

    async renderTemplate(
      context: RequestContext & { userId: string },
      id: string,
      input: TemplateRenderRequest,
    ) {
      const row = await find(context, id, readers);
      const known = await renderContext(deps, row.accountId, input.conversation_id, context.userId);
      const values = { ...known, ...input.values };
      const defaults = Object.fromEntries(
        row.variables.filter((v) => v.default !== undefined).map((v) => [v.name, v.default!]),
      );
      const rendered = renderTemplate(row.content, values, defaults);
      // Only what the caller gave counts as unused: context values are offered, not required.
      const unused = rendered.unused.filter((name) => Object.hasOwn(input.values, name));
      const shown = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? null]));
      return { ...rendered, unused, values: shown };
    },
  };
}
export type TemplateService = ReturnType<typeof createTemplateService>;
