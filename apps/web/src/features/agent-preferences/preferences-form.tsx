import type { EffectiveAgentPreferences, ScheduleDay } from '@turumba/contracts';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api-error';
import { channelLabels } from '../../ui/channel-icon';
import { Icon } from '../../ui/icons';
import type { AgentPreferencesPatch } from './api';
import {
  allChannels,
  allDays,
  browserTimeZone,
  defaultSlot,
  type PreferencesForm,
  toForm,
  toPatch,
} from './form-model';
import './preferences.css';

const dayLabels: Record<ScheduleDay, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

/**
 * Channels, topics, languages, weekly hours with time zone, capacity, availability and
 * notifications of one agent (spec §2); the same form for oneself and for an admin.
 */
export function PreferencesFormView({
  value,
  onSave,
  isSaving,
  error,
}: {
  value: EffectiveAgentPreferences | null;
  onSave: (patch: AgentPreferencesPatch) => void;
  isSaving: boolean;
  error: unknown;
}) {
  const [form, setForm] = useState<PreferencesForm>(() => toForm(value, browserTimeZone()));
  useEffect(() => setForm(toForm(value, browserTimeZone())), [value]);
  const zones = useMemo(timeZones, []);
  const zoneId = useId();
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  const set = <K extends keyof PreferencesForm>(key: K, v: PreferencesForm[K]) =>
    setForm((f) => ({ ...f, [key]: v }));
  const setSlot = (index: number, patch: Partial<PreferencesForm['schedule'][number]>) =>
    setForm((f) => ({ ...f, schedule: f.schedule.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));
  const err = (field: string) =>
    Object.entries(fieldErrors)
      .filter(([k]) => k === field || k.startsWith(`${field}.`))
      .map(([, m]) => m)
      .join('; ') || null;

  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(toPatch(form));
  }

  return (
    <form className="prefs-form" onSubmit={submit}>
      {error ? (
        <div className="alert alert--error" role="alert">
          <Icon name="alert" size={16} />
          <div className="alert__body">
            <p className="alert__title">Not saved</p>
            <p>{errorMessage(error)}</p>
          </div>
        </div>
      ) : null}

      <fieldset className="prefs-group">
        <legend>Availability</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.isAvailable}
            onChange={(e) => set('isAvailable', e.target.checked)}
          />
          Available for new conversations
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.autoAccept}
            onChange={(e) => set('autoAccept', e.target.checked)}
          />
          Accept assigned conversations automatically
        </label>
        <label className="field prefs-narrow">
          <span className="field__label">Most conversations at once</span>
          <input
            className="input"
            type="number"
            min={1}
            max={50}
            value={form.maxConcurrent}
            onChange={(e) => set('maxConcurrent', Number(e.target.value))}
            aria-invalid={!!err('max_concurrent_conversations')}
          />
          {err('max_concurrent_conversations') ? (
            <span className="field__error">{err('max_concurrent_conversations')}</span>
          ) : null}
        </label>
      </fieldset>

      <fieldset className="prefs-group">
        <legend>Channels</legend>
        <p className="field__hint">
          Conversations from these channels can be routed to this agent. None selected means every channel.
        </p>
        <div className="check-grid">
          {allChannels.map((c) => (
            <label key={c} className="checkbox">
              <input
                type="checkbox"
                checked={form.channels.includes(c)}
                onChange={(e) =>
                  set(
                    'channels',
                    e.target.checked ? [...form.channels, c] : form.channels.filter((x) => x !== c),
                  )
                }
              />
              {channelLabels[c]}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="prefs-group prefs-group--two">
        <legend>Skills</legend>
        <label className="field">
          <span className="field__label">Topics</span>
          <input
            className="input"
            placeholder="billing, technical"
            value={form.topics}
            onChange={(e) => set('topics', e.target.value)}
            aria-invalid={!!err('available_topics')}
          />
          <span className="field__hint">Comma-separated slugs, matched against bot-rule routing.</span>
          {err('available_topics') ? <span className="field__error">{err('available_topics')}</span> : null}
        </label>
        <label className="field">
          <span className="field__label">Languages</span>
          <input
            className="input"
            placeholder="en, am"
            value={form.languages}
            onChange={(e) => set('languages', e.target.value)}
            aria-invalid={!!err('languages')}
          />
          <span className="field__hint">ISO 639-1 codes, comma-separated.</span>
          {err('languages') ? <span className="field__error">{err('languages')}</span> : null}
        </label>
      </fieldset>

      <fieldset className="prefs-group">
        <legend>Working hours</legend>
        <fieldset className="segmented">
          <legend className="visually-hidden">Working hours</legend>
          <button type="button" aria-pressed={!form.hasSchedule} onClick={() => set('hasSchedule', false)}>
            Any time
          </button>
          <button type="button" aria-pressed={form.hasSchedule} onClick={() => set('hasSchedule', true)}>
            Weekly schedule
          </button>
        </fieldset>
        {form.hasSchedule ? (
          <>
            <div className="field prefs-narrow">
              <label className="field__label" htmlFor={zoneId}>
                Time zone
              </label>
              {zones.length > 0 ? (
                <select
                  id={zoneId}
                  className="select"
                  value={form.timezone}
                  onChange={(e) => set('timezone', e.target.value)}
                >
                  {!zones.includes(form.timezone) ? (
                    <option value={form.timezone}>{form.timezone}</option>
                  ) : null}
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={zoneId}
                  className="input"
                  value={form.timezone}
                  onChange={(e) => set('timezone', e.target.value)}
                />
              )}
              {err('available_hours.timezone') ? (
                <span className="field__error">{err('available_hours.timezone')}</span>
              ) : null}
            </div>
            <ul className="slots">
              {form.schedule.map((slot, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: slots have no id; order is the identity
                <li key={i} className="slot">
                  <fieldset className="day-toggles">
                    <legend className="visually-hidden">Days of slot {i + 1}</legend>
                    {allDays.map((d) => (
                      <button
                        key={d}
                        type="button"
                        aria-pressed={slot.days.includes(d)}
                        onClick={() =>
                          setSlot(i, {
                            days: slot.days.includes(d)
                              ? slot.days.filter((x) => x !== d)
                              : [...slot.days, d],
                          })
                        }
                      >
                        {dayLabels[d]}
                      </button>
                    ))}
                  </fieldset>
                  <label className="slot__time">
                    <span className="visually-hidden">Start of slot {i + 1}</span>
                    <input
                      className="input input--sm"
                      type="time"
                      value={slot.start}
                      onChange={(e) => setSlot(i, { start: e.target.value })}
                    />
                  </label>
                  <span className="muted">to</span>
                  <label className="slot__time">
                    <span className="visually-hidden">End of slot {i + 1}</span>
                    <input
                      className="input input--sm"
                      type="time"
                      value={slot.end === '24:00' ? '23:59' : slot.end}
                      onChange={(e) => setSlot(i, { end: e.target.value })}
                    />
                  </label>
                  <button
                    type="button"
                    className="btn btn--ghost btn--icon btn--sm"
                    aria-label={`Remove slot ${i + 1}`}
                    disabled={form.schedule.length === 1}
                    onClick={() =>
                      set(
                        'schedule',
                        form.schedule.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <Icon name="trash" size={15} />
                  </button>
                  {err(`available_hours.schedule.${i}`) ? (
                    <span className="field__error slot__error">{err(`available_hours.schedule.${i}`)}</span>
                  ) : null}
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="btn btn--sm"
              onClick={() => set('schedule', [...form.schedule, defaultSlot()])}
            >
              <Icon name="plus" size={14} /> Add hours
            </button>
          </>
        ) : (
          <p className="field__hint">Routing may assign conversations at any hour while available.</p>
        )}
      </fieldset>

      <fieldset className="prefs-group">
        <legend>Notifications</legend>
        <label className="checkbox">
          <input type="checkbox" checked={form.sound} onChange={(e) => set('sound', e.target.checked)} />
          Play a sound when a conversation is assigned
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={form.desktop} onChange={(e) => set('desktop', e.target.checked)} />
          Show a desktop notification
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.emailOnAssignment}
            onChange={(e) => set('emailOnAssignment', e.target.checked)}
          />
          Email me on assignment
        </label>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
    </form>
  );
}
