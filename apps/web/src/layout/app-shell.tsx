import type { ReactNode } from 'react';
import { useCurrentUser } from '../features/auth/auth-context';
import { UserMenu } from '../features/presence/user-menu';
import { useRealtime } from '../features/realtime/realtime-context';
import { Link, useLocation } from '../lib/router';
import { Icon, type IconName } from '../ui/icons';
import './app-shell.css';

function NavItem({
  to,
  icon,
  label,
  active,
}: {
  to: string;
  icon: IconName;
  label: string;
  active: boolean;
}) {
  return (
    <Link to={to} className="rail__item" aria-current={active ? 'page' : undefined} title={label}>
      <Icon name={icon} size={20} />
      <span className="rail__label">{label}</span>
    </Link>
  );
}

function ConnectionBanner() {
  const { state } = useRealtime();
  if (state === 'connected' || state === 'connecting') return null;
  return (
    <div className="connection-banner" role="status">
      {state === 'offline'
        ? 'Live updates are off: the realtime connection was refused. Reload the page to try again.'
        : 'Reconnecting… live updates will resume shortly.'}
    </div>
  );
}

/** Left rail (inbox, admin, preferences, user menu) around the page. */
export function AppShell({ children, onHelp }: { children: ReactNode; onHelp: () => void }) {
  const { pathname } = useLocation();
  const me = useCurrentUser();
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="rail" aria-label="Main">
        <div className="rail__logo" aria-hidden="true">
          <Icon name="message" size={18} strokeWidth={2.4} />
        </div>
        <NavItem to="/inbox" icon="inbox" label="Inbox" active={pathname.startsWith('/inbox')} />
        {me.isManager ? (
          <NavItem
            to="/admin/channels"
            icon="settings"
            label="Admin"
            active={pathname.startsWith('/admin')}
          />
        ) : null}
        <NavItem
          to="/settings"
          icon="sliders"
          label="My preferences"
          active={pathname.startsWith('/settings')}
        />
        <div className="rail__spacer" />
        <button type="button" className="rail__item" onClick={onHelp} title="Keyboard shortcuts (?)">
          <Icon name="keyboard" size={20} />
          <span className="rail__label">Shortcuts</span>
        </button>
        <UserMenu onHelp={onHelp} />
      </nav>
      <div className="app-shell__main">
        <ConnectionBanner />
        <div id="main" className="app-shell__content">
          {children}
        </div>
      </div>
    </div>
  );
}
