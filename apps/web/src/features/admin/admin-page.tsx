import { matchPath } from '../../lib/route-match';
import { Link, useLocation } from '../../lib/router';
import { Icon, type IconName } from '../../ui/icons';
import { EmptyState } from '../../ui/states';
import { AgentsAdmin } from '../agent-preferences/agents-admin';
import { useCurrentUser } from '../auth/auth-context';
import { BotRulesAdmin } from '../bot-rules/bot-rules-admin';
import { CannedResponsesAdmin } from '../canned-responses/canned-admin';
import { ChannelsAdmin } from '../channels/channels-admin';
import { TeamsAdmin } from '../teams/teams-admin';
import { UsersAdmin } from '../users/users-admin';
import './admin.css';

const sections: { id: string; label: string; icon: IconName; render: () => React.JSX.Element }[] = [
  { id: 'channels', label: 'Channels', icon: 'plug', render: () => <ChannelsAdmin /> },
  { id: 'bot-rules', label: 'Bot rules', icon: 'bot', render: () => <BotRulesAdmin /> },
  { id: 'canned-responses', label: 'Canned responses', icon: 'zap', render: () => <CannedResponsesAdmin /> },
  { id: 'teams', label: 'Teams', icon: 'team', render: () => <TeamsAdmin /> },
  { id: 'users', label: 'Users & roles', icon: 'users', render: () => <UsersAdmin /> },
  { id: 'agents', label: 'Agent preferences', icon: 'sliders', render: () => <AgentsAdmin /> },
];

/** `/admin/<section>`: the account's settings, for admins and supervisors. */
export default function AdminPage() {
  const { pathname } = useLocation();
  const me = useCurrentUser();
  const current = matchPath('/admin/:section/*', pathname)?.section ?? 'channels';
  const section = sections.find((s) => s.id === current);
  return (
    <div className="admin">
      <nav className="admin__nav" aria-label="Admin">
        <h2 className="admin__nav-title">Settings</h2>
        {sections.map((s) => (
          <Link
            key={s.id}
            to={`/admin/${s.id}`}
            className="admin__nav-item"
            aria-current={s.id === current ? 'page' : undefined}
          >
            <Icon name={s.icon} size={16} />
            {s.label}
          </Link>
        ))}
      </nav>
      <div className="admin__content">
        {!me.isManager ? (
          <EmptyState icon="shield" title="Admins only">
            Ask an admin of {me.account?.name ?? 'this account'} for access.
          </EmptyState>
        ) : section ? (
          section.render()
        ) : (
          <EmptyState icon="settings" title="Nothing here" />
        )}
      </div>
    </div>
  );
}
