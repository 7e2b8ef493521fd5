import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { matchPath } from '../../lib/route-match';
import { messageTime } from '../../lib/time';
import type { WidgetMessage } from './transcript';
import { useVisitorChat } from './use-visitor-chat';
import '../../styles/base.css';
import './widget.css';

const isEmbedded = window.parent !== window;

function Bubble({ message: m, onRetry }: { message: WidgetMessage; onRetry: () => void }) {
  if (m.sender_type === 'system') return <li className="w-msg w-msg--system">{m.content}</li>;
  const mine = m.sender_type === 'contact';
  return (
    <li
      className={`w-msg ${mine ? 'w-msg--mine' : `w-msg--theirs w-msg--${m.sender_type}`}`}
      data-message-id={m.id}
    >
      {!mine ? <span className="w-msg__author">{m.sender_type === 'bot' ? 'Bot' : 'Support'}</span> : null}
      <div className="w-msg__bubble">
        {m.content}
        {m.attachments.map((a, i) =>
          a.url ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: attachments have no id and never reorder
            <a key={i} className="w-msg__attachment" href={a.url} target="_blank" rel="noreferrer noopener">
              {a.file_name ?? a.type}
            </a>
          ) : null,
        )}
      </div>
      <span className="w-msg__meta">
        {m.local === 'failed' ? (
          <button type="button" className="w-retry" onClick={onRetry}>
            Not sent · Retry
          </button>
        ) : m.local === 'sending' ? (
          'Sending…'
        ) : (
          messageTime(m.created_at, Date.now())
        )}
      </span>
    </li>
  );
}

/** `/widget/{channel_id}`: the visitor's chat, on its own or inside the iframe of /widget.js. */
export function WidgetApp() {
  const channelId = matchPath('/widget/:channelId', window.location.pathname)?.channelId ?? '';
  const { state, error, transcript, agentTyping, send, typing } = useVisitorChat(channelId);
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const typingTimer = useRef(0);
  const isTyping = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll down for each new message or typing bubble
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [transcript.messages.length, agentTyping]);

  const stopTyping = () => {
    window.clearTimeout(typingTimer.current);
    if (isTyping.current) typing(false);
    isTyping.current = false;
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim()) return;
    stopTyping();
    void send(text);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onChange = (value: string) => {
    setText(value);
    if (!isTyping.current && value) {
      typing(true);
      isTyping.current = true;
    }
    window.clearTimeout(typingTimer.current);
    typingTimer.current = window.setTimeout(stopTyping, 3000);
  };

  const resolved = transcript.status === 'resolved' || transcript.status === 'closed';
  return (
    <div className={`widget${isEmbedded ? ' widget--embedded' : ''}`}>
      <header className="widget__header">
        <div>
          <h1>Chat with us</h1>
          <p>
            <span className={`widget__dot widget__dot--${state}`} aria-hidden="true" />
            {state === 'connected'
              ? 'We’re online and reply as soon as we can'
              : state === 'unavailable'
                ? 'Chat is unavailable right now'
                : state === 'offline'
                  ? 'You can write to us; replies show here once we’re connected'
                  : 'Connecting…'}
          </p>
        </div>
        {isEmbedded ? (
          <button
            type="button"
            className="widget__close"
            aria-label="Close chat"
            onClick={() => window.parent.postMessage({ type: 'turumba-widget:close' }, '*')}
          >
            ×
          </button>
        ) : null}
      </header>
      <main className="widget__body">
        {transcript.messages.length === 0 ? (
          <div className="widget__welcome">
            <strong>Hi there 👋</strong>
            <p>
              Ask us anything. We’ll answer here, and this chat stays on this device if you come back later.
            </p>
          </div>
        ) : null}
        <ol className="widget__messages" ref={list} aria-live="polite" aria-label="Messages">
          {transcript.messages.map((m) => (
            <Bubble key={m.id} message={m} onRetry={() => void send(m.content, m.id)} />
          ))}
          {agentTyping ? (
            <li className="w-msg w-msg--theirs w-typing" aria-label="Support is typing">
              <div className="w-msg__bubble">
                <span />
                <span />
                <span />
              </div>
            </li>
          ) : null}
        </ol>
        {resolved ? (
          <p className="widget__status">This conversation was marked resolved. Write again any time.</p>
        ) : null}
      </main>
      {error ? (
        <div className="widget__error" role="alert">
          {error}
        </div>
      ) : null}
      <form className="widget__composer" onSubmit={submit}>
        <textarea
          rows={1}
          value={text}
          placeholder="Type your message…"
          aria-label="Your message"
          disabled={state === 'unavailable'}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
        />
        <button type="submit" aria-label="Send" disabled={!text.trim() || state === 'unavailable'}>
          <svg
            width="18"
            height="18"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinecap="round"
            strokeLinejoin="round"
            aria-hidden="true"
          >
            <path d="M14.54 21.69a.5.5 0 0 0 .93-.03l6.5-19a.5.5 0 0 0-.64-.64l-19 6.5a.5.5 0 0 0-.03.93l7.93 3.18a2 2 0 0 1 1.11 1.11zM21.85 2.15 10.91 13.09" />
          </svg>
        </button>
      </form>
      <footer className="widget__footer">Powered by Turumba Support</footer>
    </div>
  );
}
