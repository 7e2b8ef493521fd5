import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { errorMessage } from '../../lib/api-error';
import type { TypingEvent, VisitorConversationEvent, VisitorMessageEvent } from '../realtime/payloads';
import { ClientEvent, ServerEvent, SOCKET_PATH, SocketNamespace } from '../realtime/protocol';
import { type VisitorSession, widgetApi } from './api';
import {
  isSessionFresh,
  markLocal,
  mergeHistory,
  mergeMessage,
  readTranscript,
  type Transcript,
  type WidgetMessage,
} from './transcript';

type Ack = { ok: boolean; error?: string; message?: string };
export type ChatState = 'starting' | 'connected' | 'offline' | 'unavailable';

const sessionKey = (channelId: string) => `turumba.webchat.${channelId}.session`;
const transcriptKey = (channelId: string) => `turumba.webchat.${channelId}.transcript`;

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function readSession(channelId: string): VisitorSession | null {
  try {
    const raw = localStorage.getItem(sessionKey(channelId));
    return raw ? (JSON.parse(raw) as VisitorSession) : null;
  } catch {
    return null;
  }
}

/**
 * The visitor's side of a web chat: a session kept in localStorage (so the same visitor returns
 * after a reload), the `/customers` socket for live messages and typing, `sync` from the last
 * `seq` seen, and the HTTP post as a fallback when the socket cannot send.
 */
export function useVisitorChat(channelId: string) {
  const api = useRef(widgetApi(channelId)).current;
  const [state, setState] = useState<ChatState>('starting');
  const [error, setError] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<Transcript>(() =>
    readTranscript(localStorage.getItem(transcriptKey(channelId))),
  );
  const [agentTyping, setAgentTyping] = useState(false);
  const session = useRef<VisitorSession | null>(null);
  const socket = useRef<Socket | null>(null);
  const latest = useRef(transcript);
  latest.current = transcript;

  useEffect(() => {
    localStorage.setItem(transcriptKey(channelId), JSON.stringify(transcript));
  }, [channelId, transcript]);

  const starting = useRef<Promise<VisitorSession> | null>(null);

  /** The stored session, renewed when stale; one request at a time (so one visitor id). */
  const ensureSession = useCallback(
    (forceRenew = false): Promise<VisitorSession> => {
      const stored = session.current ?? readSession(channelId);
      if (stored && !forceRenew && isSessionFresh(stored.expires_at, Date.now())) {
        session.current = stored;
        return Promise.resolve(stored);
      }
      starting.current ??= api
        .startSession(stored?.token)
        .then((fresh) => {
          localStorage.setItem(sessionKey(channelId), JSON.stringify(fresh));
          if (stored && stored.visitor_id !== fresh.visitor_id)
            setTranscript((t) => ({ ...t, messages: [], lastSeq: null }));
          session.current = fresh;
          return fresh;
        })
        .finally(() => {
          starting.current = null;
        });
      return starting.current;
    },
    [api, channelId],
  );

  useEffect(() => {
    let closed = false;
    let typingTimer = 0;
    let retryTimer = 0;
    let failures = 0;
    let renewedThisStreak = false;
    const seen = (payload: { account_id?: string; seq?: number }) => {
      if (typeof payload.seq !== 'number' || !payload.account_id) return;
      const { seq, account_id } = payload;
      setTranscript((t) =>
        t.lastSeq !== null && t.lastSeq >= seq ? t : { ...t, lastSeq: seq, accountId: account_id },
      );
    };

    /** The visitor's stored messages, merged into what this browser kept and what arrives live. */
    const loadHistory = (s: VisitorSession) =>
      api
        .history(s)
        .then((history) => {
          if (closed || history.length === 0) return;
          setTranscript((t) => {
            const messages = mergeHistory(t.messages, history);
            const latest = messages.findLast((m) => m.conversation_id)?.conversation_id ?? null;
            return { ...t, messages, conversationId: t.conversationId ?? latest };
          });
        })
        .catch(() => {
          // A server without the history route (404) or refusing the token (401): what this
          // browser kept is shown, and live messages still arrive.
        });

    ensureSession()
      .then((s) => {
        if (closed) return;
        void loadHistory(s);
        const conn = io(SocketNamespace.customers, {
          path: SOCKET_PATH,
          // WebSocket first (long-polling only as fallback): no polling requests to go stale on reloads.
          transports: ['websocket', 'polling'],
          auth: (cb) => cb({ token: session.current?.token ?? s.token }),
        });
        socket.current = conn;
        conn.on('connect', () => {
          renewedThisStreak = false;
          failures = 0;
          setState('connected');
          setError(null);
          const { accountId, lastSeq } = latest.current;
          if (accountId && lastSeq !== null && !conn.recovered) {
            conn.emit(ClientEvent.sync, { account_id: accountId, after_seq: lastSeq }, () => undefined);
          }
        });
        conn.on('disconnect', () => !closed && setState('offline'));
        conn.on('connect_error', (err) => {
          // Sending still works over HTTP while the live connection is down.
          setState('offline');
          if (conn.active || closed) return;
          // A refused token is renewed once per failure streak (it may have expired); after that the
          // socket retries with growing pauses instead of minting sessions in a loop.
          if (err.message === 'unauthorized' && !renewedThisStreak) {
            renewedThisStreak = true;
            void ensureSession(true)
              .then(() => !closed && conn.connect())
              .catch((e) => {
                setState('unavailable');
                setError(errorMessage(e));
              });
            return;
          }
          retryTimer = window.setTimeout(
            () => !closed && conn.connect(),
            Math.min(60_000, 3000 * 2 ** failures++),
          );
        });
        conn.on(ServerEvent.conversationMessage, (payload: VisitorMessageEvent) => {
          seen(payload);
          const m = payload.message;
          setTranscript((t) => ({
            ...t,
            conversationId: payload.conversation_id,
            messages: mergeMessage(t.messages, { ...m, conversation_id: payload.conversation_id }),
          }));
          if (m.sender_type !== 'contact') setAgentTyping(false);
        });
        conn.on(ServerEvent.conversationUpdated, (payload: VisitorConversationEvent) => {
          seen(payload);
          setTranscript((t) => ({ ...t, conversationId: payload.conversation_id, status: payload.status }));
        });
        conn.on(ServerEvent.conversationTyping, (payload: TypingEvent) => {
          if (payload.sender_type !== 'agent') return;
          setAgentTyping(payload.is_typing);
          window.clearTimeout(typingTimer);
          if (payload.is_typing) typingTimer = window.setTimeout(() => setAgentTyping(false), 6000);
        });
      })
      .catch((err) => {
        if (closed) return;
        setState('unavailable');
        setError(errorMessage(err));
      });

    return () => {
      closed = true;
      window.clearTimeout(typingTimer);
      window.clearTimeout(retryTimer);
      socket.current?.close();
      socket.current = null;
    };
  }, [api, ensureSession]);

  const deliver = useCallback(
    async (message: WidgetMessage) => {
      const input = { message_id: message.id, text: message.content };
      const conn = socket.current;
      if (conn?.connected) {
        const ack = await new Promise<Ack>((resolve) =>
          conn
            .timeout(8000)
            .emit(ClientEvent.messageSend, input, (err: Error | null, res?: Ack) =>
              resolve(err ? { ok: false, message: 'timeout' } : (res ?? { ok: true })),
            ),
        );
        if (ack.ok) return;
      }
      const s = await ensureSession();
      await api.sendMessage(s, input);
    },
    [api, ensureSession],
  );

  const send = useCallback(
    async (text: string, retryId?: string) => {
      const content = text.trim();
      if (!content) return;
      const id = retryId ?? newId();
      const local: WidgetMessage = {
        id,
        conversation_id: latest.current.conversationId,
        direction: 'inbound',
        sender_type: 'contact',
        content,
        attachments: [],
        status: 'sending',
        created_at: new Date().toISOString(),
        local: 'sending',
      };
      setTranscript((t) => ({
        ...t,
        messages: retryId ? markLocal(t.messages, id, 'sending') : [...t.messages, local],
      }));
      try {
        await deliver(local);
        setTranscript((t) => ({ ...t, messages: markLocal(t.messages, id, 'sent') }));
      } catch (err) {
        setError(`Not sent: ${errorMessage(err)}`);
        setTranscript((t) => ({ ...t, messages: markLocal(t.messages, id, 'failed') }));
      }
    },
    [deliver],
  );

  const typing = useCallback((isTyping: boolean) => {
    const conversationId = latest.current.conversationId;
    if (socket.current?.connected && conversationId) {
      socket.current.emit(
        isTyping ? ClientEvent.typingStart : ClientEvent.typingStop,
        { conversation_id: conversationId },
        () => undefined,
      );
    }
  }, []);

  return { state, error, transcript, agentTyping, send, typing };
}
