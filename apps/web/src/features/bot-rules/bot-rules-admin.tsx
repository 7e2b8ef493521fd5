import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelType, ConversationPriority } from '@turumba/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { ChannelIcon, channelLabels } from '../../ui/channel-icon';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { browserTimeZone } from '../agent-preferences/form-model';
import { useApi } from '../auth/auth-context';
import { useTeams } from '../teams/use-teams';
import { type AssignStrategy, type BotRule, botRuleKeys, botRulesApi, type TriggerType } from './api';
import {
  describeActions,
  nextPriority,
  type RuleForm,
  readTestResult,
  strategyLabels,
  summarizeRule,
  swapPriorities,
  toRuleBody,
  toRuleForm,
  triggerHints,
  triggerLabels,
  validateRule,
} from './rule-model';

const channelTypes: ChannelType[] = ['telegram', 'whatsapp', 'messenger', 'sms', 'email', 'webchat'];

function ChannelChecks({ value, onChange }: { value: ChannelType[]; onChange: (v: ChannelType[]) => void }) {
  return (
    <div className="check-grid">
      {channelTypes.map((c) => (
        <label key={c} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(c)}
            onChange={(e) => onChange(e.target.checked ? [...value, c] : value.filter((x) => x !== c))}
          />
          {channelLabels[c]}
        </label>
      ))}
    </div>
  );
}

function RuleEditor({
  rule,
  rules,
  onClose,
}: {
  rule: BotRule | null;
  rules: BotRule[];
  onClose: () => void;
}) {
  const api = useApi(botRulesApi);
  const client = useQueryClient();
  const teams = useTeams();
  const templates = useQuery({ queryKey: botRuleKeys.templates, queryFn: api.templates, retry: false });
  const [form, setForm] = useState<RuleForm>(() => toRuleForm(rule, browserTimeZone()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: () => {
      const body = toRuleBody(form, rule?.priority ?? nextPriority(rules));
      return rule ? api.update(rule.id, body) : api.create(body);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: botRuleKeys.all });
      onClose();
    },
  });
  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateRule(form);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  }

  const usesChannelFilter = form.trigger !== 'fallback';
  return (
    <Dialog
      title={rule ? `Edit “${rule.name}”` : 'New bot rule'}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="rule-form" className="btn btn--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save rule'}
          </button>
        </>
      }
    >
      <form id="rule-form" className="prefs-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field">
            <span className="field__label">Name</span>
            <input
              className="input"
              name="rule-name"
              value={form.name}
              onChange={(e) => set('name', e.target.value)}
              placeholder="Billing keywords"
              aria-invalid={!!errors.name}
            />
            {errors.name || serverErrors.name ? (
              <span className="field__error">{errors.name ?? serverErrors.name}</span>
            ) : null}
          </label>
          <label className="field">
            <span className="field__label">Trigger</span>
            <select
              className="select"
              name="trigger"
              value={form.trigger}
              onChange={(e) => set('trigger', e.target.value as TriggerType)}
            >
              {Object.entries(triggerLabels).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
            <span className="field__hint">{triggerHints[form.trigger]}</span>
          </label>
        </div>

        <section className="editor-section" aria-label="Conditions">
          <h3>When</h3>
          {form.trigger === 'keyword' ? (
            <div className="form-grid">
              <label className="field" style={{ gridColumn: 'span 2' }}>
                <span className="field__label">Keywords</span>
                <input
                  className="input"
                  name="keywords"
                  value={form.keywords}
                  onChange={(e) => set('keywords', e.target.value)}
                  placeholder="refund, return, cancel"
                  aria-invalid={!!errors.keywords}
                />
                {errors.keywords ? (
                  <span className="field__error">{errors.keywords}</span>
                ) : (
                  <span className="field__hint">Comma-separated, case-insensitive.</span>
                )}
              </label>
              <label className="field">
                <span className="field__label">Match</span>
                <select
                  className="select"
                  value={form.matchMode}
                  onChange={(e) => set('matchMode', e.target.value as 'any' | 'all')}
                >
                  <option value="any">Any keyword</option>
                  <option value="all">All keywords</option>
                </select>
              </label>
            </div>
          ) : null}
          {form.trigger === 'time_based' ? (
            <div className="form-grid">
              <label className="field">
                <span className="field__label">From</span>
                <input
                  className="input"
                  type="time"
                  value={form.start}
                  onChange={(e) => set('start', e.target.value)}
                />
              </label>
              <label className="field">
                <span className="field__label">Until</span>
                <input
                  className="input"
                  type="time"
                  value={form.end}
                  onChange={(e) => set('end', e.target.value)}
                />
              </label>
              <label className="field">
                <span className="field__label">Time zone</span>
                <input className="input" value={form.tz} onChange={(e) => set('tz', e.target.value)} />
              </label>
              {errors.time ? <span className="field__error">{errors.time}</span> : null}
            </div>
          ) : null}
          {form.trigger === 'fallback' ? (
            <p className="muted small">No conditions: this rule catches what the others did not.</p>
          ) : null}
          {usesChannelFilter ? (
            <div className="field">
              <span className="field__label">
                {form.trigger === 'channel' ? 'Channels' : 'Only on these channels (optional)'}
              </span>
              <ChannelChecks value={form.channels} onChange={(v) => set('channels', v)} />
              {errors.channels ? <span className="field__error">{errors.channels}</span> : null}
            </div>
          ) : null}
        </section>

        <section className="editor-section" aria-label="Actions">
          <h3>Then</h3>
          <div className="field">
            <span className="field__label">Auto-reply</span>
            <fieldset className="segmented">
              <legend className="visually-hidden">Auto-reply</legend>
              {(['none', 'text', 'template'] as const).map((kind) => (
                <button
                  key={kind}
                  type="button"
                  aria-pressed={form.replyKind === kind}
                  onClick={() => set('replyKind', kind)}
                >
                  {kind === 'none' ? 'No reply' : kind === 'text' ? 'Text' : 'Template'}
                </button>
              ))}
            </fieldset>
          </div>
          {form.replyKind === 'text' ? (
            <label className="field">
              <span className="field__label">Reply text</span>
              <textarea
                className="textarea"
                name="reply-text"
                value={form.replyText}
                onChange={(e) => set('replyText', e.target.value)}
                placeholder="Thanks! Our billing team will get back to you shortly."
              />
            </label>
          ) : null}
          {form.replyKind === 'template' ? (
            <div className="field">
              <label className="field__label" htmlFor="rule-template">
                Template
              </label>
              {templates.data?.data.length ? (
                <select
                  id="rule-template"
                  className="select"
                  value={form.replyTemplateId}
                  onChange={(e) => set('replyTemplateId', e.target.value)}
                >
                  <option value="">Choose a template</option>
                  {templates.data.data.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              ) : (
                <>
                  <input
                    id="rule-template"
                    className="input"
                    value={form.replyTemplateId}
                    onChange={(e) => set('replyTemplateId', e.target.value)}
                    placeholder="Template id"
                  />
                  <span className="field__hint">
                    {templates.isError ? 'Templates could not be listed; enter the id.' : 'No templates yet.'}
                  </span>
                </>
              )}
            </div>
          ) : null}
          <div className="form-grid">
            <label className="field">
              <span className="field__label">Route to team</span>
              <select
                className="select"
                name="team"
                value={form.teamId}
                onChange={(e) => set('teamId', e.target.value)}
              >
                <option value="">Don’t route</option>
                {(teams.data ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">Assignment</span>
              <select
                className="select"
                value={form.strategy}
                disabled={!form.teamId}
                onChange={(e) => set('strategy', e.target.value as AssignStrategy)}
              >
                {Object.entries(strategyLabels).map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">Add labels</span>
              <input
                className="input"
                name="labels"
                value={form.labels}
                onChange={(e) => set('labels', e.target.value)}
                placeholder="billing"
              />
            </label>
            <label className="field">
              <span className="field__label">Set priority</span>
              <select
                className="select"
                value={form.priority}
                onChange={(e) => set('priority', e.target.value as ConversationPriority | '')}
              >
                <option value="">Keep</option>
                <option value="low">Low</option>
                <option value="normal">Normal</option>
                <option value="high">High</option>
                <option value="urgent">Urgent</option>
              </select>
            </label>
          </div>
          <div className="form-grid">
            <label className="field">
              <span className="field__label">Conversation afterwards</span>
              <select
                className="select"
                value={form.setStatus}
                onChange={(e) => set('setStatus', e.target.value as RuleForm['setStatus'])}
              >
                <option value="">Route to an agent as usual</option>
                <option value="bot">Keep it with the bot</option>
                <option value="closed">Close it</option>
              </select>
            </label>
            <label className="field">
              <span className="field__label">Topic for routing</span>
              <input
                className="input"
                value={form.topic}
                onChange={(e) => set('topic', e.target.value)}
                placeholder="billing"
              />
              <span className="field__hint">Matched to agents’ topics; defaults to the first label.</span>
            </label>
          </div>
          <label className="field">
            <span className="field__label">Ask the customer for (coming with the conversational bot)</span>
            <input
              className="input"
              value={form.collectInfo}
              onChange={(e) => set('collectInfo', e.target.value)}
              placeholder="name, order_number"
            />
          </label>
          {errors.actions ? <span className="field__error">{errors.actions}</span> : null}
        </section>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.keepGoing}
            onChange={(e) => set('keepGoing', e.target.checked)}
          />
          Keep evaluating the next rules after this one matches
        </label>
        <label className="switch">
          <input
            type="checkbox"
            checked={form.isActive}
            onChange={(e) => set('isActive', e.target.checked)}
          />
          Active
        </label>
        {save.error ? <ErrorAlert error={save.error} title="Not saved" /> : null}
      </form>
    </Dialog>
  );
}

function RuleTester({ teamName }: { teamName: (id: string) => string }) {
  const api = useApi(botRulesApi);
  const [text, setText] = useState('');
  const [channel, setChannel] = useState<ChannelType>('webchat');
  const [isNew, setIsNew] = useState(true);
  const test = useMutation({
    mutationFn: () =>
      api.test({ text, channel_type: channel, is_first_message: isNew, at: new Date().toISOString() }),
  });
  const result = test.data === undefined ? null : readTestResult(test.data);
  const hit = result !== null && result.matched.length > 0;
  return (
    <section className="card">
      <header className="card__header">
        <h2>Test the rules</h2>
        <span className="muted small">A dry run: nothing is sent or changed.</span>
      </header>
      <form
        className="card__body prefs-form"
        onSubmit={(e) => {
          e.preventDefault();
          test.mutate();
        }}
      >
        <label className="field">
          <span className="field__label">Customer message</span>
          <textarea
            className="textarea"
            name="test-message"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Hi, I want a refund for my order"
          />
        </label>
        <div className="form-grid">
          <label className="field">
            <span className="field__label">Channel</span>
            <select
              className="select"
              value={channel}
              onChange={(e) => setChannel(e.target.value as ChannelType)}
            >
              {channelTypes.map((c) => (
                <option key={c} value={c}>
                  {channelLabels[c]}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox" style={{ alignSelf: 'end', paddingBottom: 8 }}>
            <input type="checkbox" checked={isNew} onChange={(e) => setIsNew(e.target.checked)} /> First
            message of a conversation
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" disabled={!text.trim() || test.isPending}>
            <Icon name="play" size={14} /> {test.isPending ? 'Testing…' : 'Run test'}
          </button>
        </div>
        {test.isError ? (
          <ErrorAlert
            error={test.error}
            title={
              test.error instanceof ApiError && test.error.status === 404
                ? 'The rule tester is not available on this server yet'
                : 'Test failed'
            }
          />
        ) : null}
        {result ? (
          <div className={`alert ${hit ? 'alert--success' : 'alert--info'} test-result`} role="status">
            <div className="alert__body">
              <p className="alert__title">
                {hit
                  ? `Matches ${result.matched.map((m) => `“${m.name}”`).join(', then ')}`
                  : 'No rule matches this message'}
              </p>
              {describeActions(result.actions, teamName).map((line) => (
                <p key={line}>{line}</p>
              ))}
              {result.language ? <p className="muted small">Language: {result.language}</p> : null}
            </div>
          </div>
        ) : null}
      </form>
    </section>
  );
}

/** `/admin/bot-rules`: the ordered rules of the bot-first router (spec §1.4, §5), an editor per trigger, a tester. */
export function BotRulesAdmin() {
  const api = useApi(botRulesApi);
  const client = useQueryClient();
  const toast = useToast();
  const teams = useTeams();
  const rules = useQuery({
    queryKey: botRuleKeys.all,
    queryFn: api.list,
    select: (p) => [...p.data].sort((a, b) => a.priority - b.priority),
  });
  const [editing, setEditing] = useState<BotRule | 'new' | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: botRuleKeys.all });
  const move = useMutation({
    mutationFn: async ({ id, direction }: { id: string; direction: -1 | 1 }) => {
      for (const change of swapPriorities(rules.data ?? [], id, direction))
        await api.update(change.id, { priority: change.priority });
    },
    onSettled: refresh,
    onError: (err) => toast.error(err, 'Could not reorder'),
  });
  const toggle = useMutation({
    mutationFn: (rule: BotRule) => api.update(rule.id, { is_active: !rule.is_active }),
    onSettled: refresh,
    onError: (err) => toast.error(err, 'Could not change the rule'),
  });
  const remove = useMutation({
    mutationFn: api.remove,
    onSettled: refresh,
    onError: (err) => toast.error(err, 'Could not delete'),
  });
  const teamName = (id: string) => teams.data?.find((t) => t.id === id)?.name ?? 'a team';
  const list = rules.data ?? [];
  const notYet = rules.error instanceof ApiError && rules.error.status === 404;

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Bot rules</h1>
          <p className="muted">
            The bot answers first. Rules run top to bottom; the first that matches decides.
          </p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          <Icon name="plus" size={15} /> New rule
        </button>
      </header>
      <div className="page__body">
        <div className="split">
          <div>
            {rules.isLoading ? (
              <Loading />
            ) : rules.isError ? (
              <ErrorAlert
                error={rules.error}
                title={notYet ? 'Bot rules are not available on this server yet' : 'Could not load the rules'}
                onRetry={() => void rules.refetch()}
              />
            ) : list.length === 0 ? (
              <div className="card">
                <EmptyState icon="bot" title="No rules yet">
                  Add keyword, after-hours, channel and fallback rules to answer and route automatically.
                </EmptyState>
              </div>
            ) : (
              <ol className="rule-list" aria-label="Rules in evaluation order">
                {list.map((rule, i) => (
                  <li key={rule.id} className={`rule-card${rule.is_active ? '' : ' rule-card--inactive'}`}>
                    <div className="rule-card__order">
                      <button
                        type="button"
                        className="btn btn--ghost btn--icon btn--sm"
                        aria-label={`Move ${rule.name} up`}
                        disabled={i === 0 || move.isPending}
                        onClick={() => move.mutate({ id: rule.id, direction: -1 })}
                      >
                        <Icon name="arrowUp" size={14} />
                      </button>
                      <button
                        type="button"
                        className="btn btn--ghost btn--icon btn--sm"
                        aria-label={`Move ${rule.name} down`}
                        disabled={i === list.length - 1 || move.isPending}
                        onClick={() => move.mutate({ id: rule.id, direction: 1 })}
                      >
                        <Icon name="arrowDown" size={14} />
                      </button>
                    </div>
                    <span className="rule-card__priority" title={`Priority ${rule.priority}`}>
                      {i + 1}
                    </span>
                    <div className="rule-card__body">
                      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                        <strong>{rule.name}</strong>
                        <span className="badge badge--bot">{triggerLabels[rule.trigger_type]}</span>
                        {(rule.conditions?.channels ?? []).map((c) => (
                          <ChannelIcon key={c} type={c} size={16} />
                        ))}
                      </div>
                      <div className="rule-card__summary">{summarizeRule(rule, teamName)}</div>
                    </div>
                    <label className="switch">
                      <input
                        type="checkbox"
                        checked={rule.is_active}
                        onChange={() => toggle.mutate(rule)}
                        aria-label={`${rule.is_active ? 'Deactivate' : 'Activate'} ${rule.name}`}
                      />
                    </label>
                    <button
                      type="button"
                      className="btn btn--ghost btn--icon btn--sm"
                      aria-label={`Edit ${rule.name}`}
                      onClick={() => setEditing(rule)}
                    >
                      <Icon name="edit" size={15} />
                    </button>
                    <button
                      type="button"
                      className="btn btn--ghost btn--icon btn--sm btn--danger"
                      aria-label={`Delete ${rule.name}`}
                      onClick={() => {
                        if (window.confirm(`Delete the rule “${rule.name}”?`)) remove.mutate(rule.id);
                      }}
                    >
                      <Icon name="trash" size={15} />
                    </button>
                  </li>
                ))}
              </ol>
            )}
          </div>
          <RuleTester teamName={teamName} />
        </div>
      </div>
      {editing ? (
        <RuleEditor rule={editing === 'new' ? null : editing} rules={list} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
