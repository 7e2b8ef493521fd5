import {
  forwardRef,
  type KeyboardEvent,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { ApiError, errorMessage } from '../../lib/api-error';
import { durationText } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { Icon } from '../../ui/icons';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { type CannedResponse, cannedResponsesApi } from '../canned-responses/api';
import {
  fillVariables,
  missingVariables,
  readRenderResult,
  variableLabel,
} from '../canned-responses/variables';
import type { ConversationDetail } from '../conversations/api';
import { useSendMessage } from '../thread/use-send-message';
import { useTypingEmitter } from '../thread/use-thread';
import { CannedPicker, type PickerKeys } from './canned-picker';
import { TemplateSender } from './template-sender';
import { replyWindow, WINDOW_CLOSED_CODE } from './whatsapp-window';

export type ComposerMode = 'reply' | 'note';

export interface ComposerHandle {
  focus(mode?: ComposerMode): void;
  openCanned(): void;
}

const draftKey = (id: string, mode: ComposerMode) => `turumba.draft.${id}.${mode}`;

function WindowNotice({
  conversation,
  closedByApi,
}: {
  conversation: ConversationDetail;
  closedByApi: boolean;
}) {
  const now = useNow(60_000);
  const window_ = replyWindow(conversation, now);
  if (window_.kind === 'closed' || closedByApi) {
    return (
      <div className="alert alert--warning composer__notice" role="note">
        <Icon name="clock" size={16} />
        <div className="alert__body">
          <p className="alert__title">The WhatsApp 24-hour window is closed</p>
          <p>
            WhatsApp only allows free-form replies within 24 hours of the customer’s last message
            {window_.kind === 'closed' && window_.lastInboundAt
              ? ` (last one ${new Date(window_.lastInboundAt).toLocaleString()})`
              : ''}
            . To reach the customer now, send an approved message template; the window opens again when they
            write. Private notes still work.
          </p>
          <TemplateSender conversation={conversation} />
        </div>
      </div>
    );
  }
  if (window_.kind === 'open' && window_.remainingMs < 3 * 60 * 60 * 1000) {
    return (
      <p className="composer__hint" role="note">
        <Icon name="clock" size={13} /> WhatsApp reply window closes in {durationText(window_.remainingMs)}.
      </p>
    );
  }
  return null;
}

/**
 * Reply or private note. Enter sends, Shift+Enter breaks the line, `/` opens the canned
 * responses; variables the server could not fill are asked for before the text is inserted.
 */
export const Composer = forwardRef<ComposerHandle, { conversation: ConversationDetail }>(function Composer(
  { conversation },
  ref,
) {
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState(() => sessionStorage.getItem(draftKey(conversation.id, 'reply')) ?? '');
  const [error, setError] = useState<string | null>(null);
  const [closedByApi, setClosedByApi] = useState(false);
  const [pending, setPending] = useState<{ title: string; text: string; missing: string[] } | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [rendering, setRendering] = useState(false);
  const [cannedId, setCannedId] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const firstVariable = useRef<HTMLInputElement>(null);
  const picker = useRef<PickerKeys | null>(null);
  const pickerId = useId();
  const canned = useApi(cannedResponsesApi);
  const send = useSendMessage(conversation);
  const typing = useTypingEmitter(conversation.id);
  const me = useCurrentUser();
  // What the agent's screen already knows pre-fills the form; the agent can still change it.
  const known: Record<string, string> = {
    contact_name: conversation.contact_name ?? '',
    agent_name: me.name,
  };

  const slash = /^\/(\S*)$/.exec(text);
  const isPickerOpen = slash !== null && pending === null;
  const isClosed = conversation.status === 'closed';
  const windowClosed = replyWindow(conversation, Date.now()).kind === 'closed' || closedByApi;
  const replyBlocked = mode === 'reply' && windowClosed;

  useEffect(() => {
    sessionStorage.setItem(draftKey(conversation.id, mode), text);
  }, [conversation.id, mode, text]);

  // The variables form takes the focus when it opens.
  useEffect(() => {
    if (pending) firstVariable.current?.focus();
  }, [pending]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text
  useEffect(() => {
    const node = textarea.current;
    if (!node) return;
    node.style.height = 'auto';
    node.style.height = `${Math.min(node.scrollHeight, 220)}px`;
  }, [text]);

  function switchMode(next: ComposerMode) {
    if (next === mode) return;
    sessionStorage.setItem(draftKey(conversation.id, mode), text);
    setMode(next);
    setText(sessionStorage.getItem(draftKey(conversation.id, next)) ?? '');
    setError(null);
    if (next === 'note') typing.stop();
  }

  useImperativeHandle(ref, () => ({
    focus(next) {
      if (next) switchMode(next);
      textarea.current?.focus();
    },
    openCanned() {
      if (!text.trim()) setText('/');
      textarea.current?.focus();
    },
  }));

  async function pick(item: CannedResponse) {
    setRendering(true);
    setCannedId(item.id);
    let result: { text: string; missing: string[] };
    try {
      result = readRenderResult(await canned.render(item.id, conversation.id, me.name), item.content);
    } catch (err) {
      // Without the server's render, every placeholder is asked for (nothing is guessed).
      result = { text: item.content, missing: missingVariables(item.content) };
      if (!(err instanceof ApiError && err.status === 404))
        setError(`Could not fill variables: ${errorMessage(err)}`);
    }
    setRendering(false);
    if (result.missing.length === 0) {
      setText(result.text);
      textarea.current?.focus();
      return;
    }
    setText('');
    setValues(Object.fromEntries(result.missing.filter((n) => known[n]).map((n) => [n, known[n]!])));
    setPending({ title: item.title, ...result });
  }

  function insertFilled() {
    if (!pending) return;
    const filled = fillVariables(pending.text, values);
    setText(filled);
    setPending(null);
    textarea.current?.focus();
  }

  async function submit() {
    const content = text.trim();
    if (!content || send.isPending || isClosed) return;
    const left = missingVariables(content);
    if (left.length > 0) {
      setValues({});
      setPending({ title: 'Fill in the variables', text: content, missing: left });
      return;
    }
    if (replyBlocked) return;
    setError(null);
    typing.stop();
    setText('');
    setCannedId(null);
    sessionStorage.removeItem(draftKey(conversation.id, mode));
    try {
      await send.mutateAsync({
        content,
        is_private: mode === 'note',
        ...(cannedId ? { canned_response_id: cannedId } : {}),
      });
    } catch (err) {
      setText(content);
      if (err instanceof ApiError && err.hasCode(WINDOW_CLOSED_CODE)) setClosedByApi(true);
      else setError(`Not sent: ${errorMessage(err)}`);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isPickerOpen && picker.current?.onKey(event.key)) {
      event.preventDefault();
      if (event.key === 'Escape') setText('');
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
    if (event.key === 'Escape') textarea.current?.blur();
  }

  if (isClosed) {
    return (
      <div className="composer composer--disabled">
        <p className="muted">
          This conversation is closed. A new message from the customer starts a new conversation.
        </p>
      </div>
    );
  }

  return (
    <div className={`composer composer--${mode}`}>
      {mode === 'reply' ? <WindowNotice conversation={conversation} closedByApi={closedByApi} /> : null}
      {isPickerOpen ? (
        <CannedPicker
          query={slash?.[1] ?? ''}
          keysRef={picker}
          listId={pickerId}
          onPick={(item) => void pick(item)}
          onClose={() => setText('')}
        />
      ) : null}
      {pending ? (
        <form
          className="variables-form"
          onSubmit={(e) => {
            e.preventDefault();
            insertFilled();
          }}
        >
          <div className="variables-form__head">
            <strong>{pending.title}</strong>
            <span className="muted small">These values are missing. Fill them in before sending.</span>
          </div>
          <div className="variables-form__preview">{fillVariables(pending.text, values)}</div>
          <div className="form-grid">
            {missingVariables(pending.text).map((name, i) => (
              <label className="field" key={name}>
                <span className="field__label">{variableLabel(name)}</span>
                <input
                  className="input input--sm"
                  value={values[name] ?? ''}
                  ref={i === 0 ? firstVariable : undefined}
                  onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                  name={`var-${name}`}
                />
              </label>
            ))}
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn--sm btn--ghost" onClick={() => setPending(null)}>
              Cancel
            </button>
            <button
              type="submit"
              className="btn btn--sm btn--primary"
              disabled={missingVariables(pending.text, values).length > 0}
            >
              Insert
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <div className="alert alert--error composer__notice" role="alert">
          <Icon name="alert" size={16} />
          <span className="alert__body">{error}</span>
        </div>
      ) : null}
      <div className="composer__box">
        <fieldset className="composer__modes segmented">
          <legend className="visually-hidden">Message type</legend>
          <button type="button" aria-pressed={mode === 'reply'} onClick={() => switchMode('reply')}>
            Reply
          </button>
          <button type="button" aria-pressed={mode === 'note'} onClick={() => switchMode('note')}>
            <Icon name="lock" size={12} /> Private note
          </button>
        </fieldset>
        <textarea
          ref={textarea}
          className="composer__input"
          rows={2}
          value={text}
          placeholder={
            mode === 'note'
              ? 'Write a private note — only your team sees it'
              : replyBlocked
                ? 'Free-form replies are not allowed outside the 24-hour window'
                : 'Type a reply… ( / for canned responses )'
          }
          aria-label={mode === 'note' ? 'Private note' : 'Reply'}
          aria-controls={isPickerOpen ? pickerId : undefined}
          aria-autocomplete="list"
          onChange={(e) => {
            setText(e.target.value);
            if (mode === 'reply' && e.target.value) typing.onInput();
          }}
          onKeyDown={onKeyDown}
          onBlur={() => typing.stop()}
        />
        <div className="composer__actions">
          <span className="muted small composer__tips">
            <kbd className="kbd">Enter</kbd> send · <kbd className="kbd">Shift</kbd>+
            <kbd className="kbd">Enter</kbd> new line · <kbd className="kbd">/</kbd> canned
          </span>
          {rendering ? <span className="muted small">Filling in…</span> : null}
          <button
            type="button"
            className={`btn ${mode === 'note' ? 'btn--note' : 'btn--primary'}`}
            onClick={() => void submit()}
            disabled={!text.trim() || send.isPending || (replyBlocked && missingVariables(text).length === 0)}
          >
            <Icon name={mode === 'note' ? 'lock' : 'send'} size={15} />
            {mode === 'note' ? 'Add note' : 'Send'}
          </button>
        </div>
      </div>
    </div>
  );
});
