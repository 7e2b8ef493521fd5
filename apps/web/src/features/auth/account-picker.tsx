import { Avatar } from '../../ui/avatar';
import type { MyAccount } from './api';
import { useAuth } from './auth-context';
import './auth.css';

/** After login, for a user in several accounts: which one to work in (sent as `X-Account-Id`). */
export function AccountPicker({ accounts }: { accounts: MyAccount[] }) {
  const { session } = useAuth();
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Choose an account</h1>
        <p className="muted">You belong to several accounts. You can switch later from the menu.</p>
        <ul className="account-list">
          {accounts.map((account) => (
            <li key={account.account_id}>
              <button type="button" onClick={() => session.selectAccount(account.account_id)}>
                <Avatar name={account.name} id={account.account_id} />
                <span>
                  <strong>{account.name}</strong>
                  <br />
                  <span className="muted small">{account.role}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn--ghost" onClick={() => void session.logout()}>
          Sign out
        </button>
      </div>
    </main>
  );
}
