import { accountForWrite, requireRole, roleIn, scopedAccountIds } from '@turumba/platform/auth';
import { type FieldError, NotFound, ValidationFailed } from '@turumba/platform/errors';
import type { Caller } from '../conversations/caller';
import type { AccountDirectory } from '../conversations/directory';
import type { ModuleDeps } from '../module-deps';
import { dryRun } from './dry-run';
import type { BotRuleTestBody } from './dry-run-schema';
import { type BotRuleRow, toBotRuleDto, toDefinition, toInput } from './dto';
import { botRuleRepo } from './repo';
import { bumpRulesVersion, createRuleCache, type RuleCache } from './rule-cache';
import { BotRuleInput, type BotRuleListQuery, type BotRulePatch } from './schema';
import { findReplyTemplate } from './templates';

const readers = ['admin', 'supervisor', 'agent'] as const;
const managers = ['admin', 'supervisor'] as const;

class BotRuleNotFound extends NotFound {
  constructor() {
    super('Bot rule');
  }
}

/** Validates a whole rule body; field paths name the body as Fastify's own 422s do. */
function parseRule(body: unknown): BotRuleInput {
  const parsed = BotRuleInput.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ValidationFailed(
    parsed.error.issues.map((issue) => ({
      field: ['body', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

function toColumns(rule: BotRuleInput) {
  return {
    name: rule.name,
    priority: rule.priority,
    isActive: rule.is_active,
    continueMatching: rule.continue,
    triggerType: rule.trigger_type,
    conditions: rule.conditions as Record<string, unknown>,
    actions: rule.actions as Record<string, unknown>,
  };
}

/** Each account's active rules, compiled and cached (see rule-cache.ts): what the router evaluates. */
export function createCompiledRules(deps: Pick<ModuleDeps, 'db' | 'kv'>): RuleCache {
  const repo = botRuleRepo(deps.db);
  return createRuleCache({
    kv: deps.kv,
    load: async (accountId) =>
      (await repo.activeRules(accountId)).map(toDefinition).filter((d) => d !== null),
  });
}

/** Bot rule CRUD and the dry run (spec §1.4): admins and supervisors manage, every member reads. */
export function createBotRuleService(
  deps: Pick<ModuleDeps, 'db' | 'kv' | 'clock' | 'ids'> & { directory: Pick<AccountDirectory, 'isTeamOf'> },
) {
  const repo = botRuleRepo(deps.db);
  const rules = createCompiledRules(deps);

  /** The template and team a rule names must be the account's (503 while the Account API is down). */
  async function ensureReferences(accountId: string, rule: BotRuleInput) {
    const errors: FieldError[] = [];
    const template = rule.actions.reply_template_id;
    if (template && !(await findReplyTemplate(deps.db, accountId, template))) {
      errors.push({ field: 'body.actions.reply_template_id', message: 'no such template in this account' });
    }
    const team = rule.actions.assign_team_id;
    if (team && !(await deps.directory.isTeamOf(accountId, team))) {
      errors.push({ field: 'body.actions.assign_team_id', message: 'Not a team of this account' });
    }
    if (errors.length > 0) throw new ValidationFailed(errors);
  }

  /** A rule of the caller's accounts (404 otherwise) that the caller may manage (403 otherwise). */
  async function managed(caller: Caller, id: string): Promise<BotRuleRow> {
    const row = await repo.find(caller.context.accountIds, id);
    if (!row) throw new BotRuleNotFound();
    requireRole(caller.context, row.accountId, managers);
    return row;
  }

  return {
    async list(caller: Caller, query: BotRuleListQuery) {
      const accountIds = scopedAccountIds(caller.context, caller.accountHeader).filter(
        (accountId) => roleIn(caller.context, accountId) !== undefined,
      );
      const { rows, total } = await repo.list(accountIds, query);
      return { data: rows.map(toBotRuleDto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    async get(caller: Caller, id: string) {
      const row = await repo.find(scopedAccountIds(caller.context, caller.accountHeader), id);
      if (!row) throw new BotRuleNotFound();
      requireRole(caller.context, row.accountId, readers);
      return toBotRuleDto(row);
    },

    async create(caller: Caller, body: BotRuleInput) {
      const accountId = accountForWrite(caller.context, caller.accountHeader);
      requireRole(caller.context, accountId, managers);
      await ensureReferences(accountId, body);
      const now = deps.clock();
      const row = await repo.insert({
        id: deps.ids(),
        accountId,
        ...toColumns(body),
        createdBy: caller.context.userId,
        createdAt: now,
        updatedAt: now,
      });
      await bumpRulesVersion(deps.kv, accountId);
      return toBotRuleDto(row);
    },

    async update(caller: Caller, id: string, patch: BotRulePatch) {
      const current = await managed(caller, id);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const rule = parseRule({ ...toInput(current), ...defined });
      await ensureReferences(current.accountId, rule);
      const row = await repo.update(current.accountId, id, { ...toColumns(rule), updatedAt: deps.clock() });
      await bumpRulesVersion(deps.kv, current.accountId);
      return toBotRuleDto(row);
    },

    async remove(caller: Caller, id: string) {
      const current = await managed(caller, id);
      await repo.remove(current.accountId, id);
      await bumpRulesVersion(deps.kv, current.accountId);
    },

    /** Evaluates the account's active rules, compiled and cached exactly as the router uses them. */
    async test(caller: Caller, body: BotRuleTestBody) {
      const accountId = accountForWrite(caller.context, caller.accountHeader);
      requireRole(caller.context, accountId, readers);
      return dryRun(await rules.get(accountId), body, deps.clock());
    },
  };
}
export type BotRuleService = ReturnType<typeof createBotRuleService>;
