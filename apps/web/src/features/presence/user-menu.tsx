import type { AgentStatus } from '@turumba/contracts';
import { useEffect, useRef, useState } from 'react';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { useAuth, useCurrentUser, useSwitchAccount } from '../auth/auth-context';
import { beep, canNotify, requestDesktopPermission } from '../notifications/notify';
import { useRealtime } from '../realtime/realtime-context';

const statuses: { id: AgentStatus; label: string }[] = [
  { id: 'online', label: 'Online' },
  { id: 'away', label: 'Away' },
  { id: 'offline', label: 'Offline' },
];

/** The avatar at the bottom of the rail: presence, account switch, notifications, sign out. */
export function UserMenu({ onHelp }: { onHelp: () => void }) {
  const me = useCurrentUser();
  const { session } = useAuth();
  const { myStatus, setMyStatus } = useRealtime();
  const switchAccount = useSwitchAccount();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : 'denied'));
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    ref.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  async function enableNotifications() {
    const result = await requestDesktopPermission();
    if (result === 'unsupported') return toast.info('This browser cannot show desktop notifications.');
    setPermission(result);
    if (result === 'granted') {
      beep();
      toast.info('Desktop notifications are on.');
    } else toast.info('Desktop notifications were not allowed.');
  }

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu__trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`${me.name}, ${myStatus}. Open the user menu`}
        onClick={() => setOpen((v) => !v)}
      >
        <Avatar name={me.name} id={me.id} />
        <span className={`presence-dot presence-dot--${myStatus}`} />
      </button>
      {open ? (
        <div className="menu" role="menu" aria-label="User menu">
          <div className="menu__header">
            <strong>{me.name}</strong>
            <div className="muted small">{me.email}</div>
            {me.account ? (
              <div className="muted small">
                {me.account.name} · {me.role}
              </div>
            ) : null}
          </div>
          <div className="menu__section-label">Status</div>
          {statuses.map((s) => (
            <button
              key={s.id}
              type="button"
              role="menuitemradio"
              aria-checked={myStatus === s.id}
              className="menu__item"
              onClick={() => setMyStatus(s.id)}
            >
              <span className={`presence-dot presence-dot--${s.id}`} />
              {s.label}
              {myStatus === s.id ? <Icon name="check" size={15} className="menu__check" /> : null}
            </button>
          ))}
          {me.accounts.length > 1 ? (
            <>
              <div className="menu__divider" />
              <div className="menu__section-label">Account</div>
              {me.accounts.map((a) => (
                <button
                  key={a.account_id}
                  type="button"
                  role="menuitemradio"
                  aria-checked={me.account?.account_id === a.account_id}
                  className="menu__item"
                  onClick={() => {
                    switchAccount(a.account_id);
                    setOpen(false);
                  }}
                >
                  <Avatar name={a.name} id={a.account_id} size="sm" />
                  {a.name}
                  {me.account?.account_id === a.account_id ? (
                    <Icon name="check" size={15} className="menu__check" />
                  ) : null}
                </button>
              ))}
            </>
          ) : null}
          <div className="menu__divider" />
          {permission !== 'granted' ? (
            <button
              type="button"
              role="menuitem"
              className="menu__item"
              onClick={() => void enableNotifications()}
            >
              <Icon name="bell" size={16} /> Enable desktop notifications
            </button>
          ) : null}
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false);
              onHelp();
            }}
          >
            <Icon name="keyboard" size={16} /> Keyboard shortcuts
          </button>
          <button type="button" role="menuitem" className="menu__item" onClick={() => void session.logout()}>
            <Icon name="logout" size={16} /> Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
