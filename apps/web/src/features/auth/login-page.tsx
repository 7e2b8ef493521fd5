import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { Icon } from '../../ui/icons';
import { useAuth } from './auth-context';
import './auth.css';

export function LoginPage() {
  const { session, state } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [keep, setKeep] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(email.trim(), password, keep);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="auth-logo" aria-hidden="true">
            <Icon name="message" size={20} strokeWidth={2.4} />
          </span>
          <span>Turumba Support</span>
        </div>
        <h1>Sign in to your inbox</h1>
        <p className="muted">Conversations from every channel, in one place.</p>
        {state.notice ? (
          <div className="alert alert--info" role="status">
            {state.notice}
          </div>
        ) : null}
        <form className="auth-form" onSubmit={submit} noValidate>
          <label className="field">
            <span className="field__label">Email</span>
            <input
              className="input"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              name="email"
            />
          </label>
          <label className="field">
            <span className="field__label">Password</span>
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              name="password"
            />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} />
            Keep me signed in on this device
          </label>
          {error ? (
            <div className="alert alert--error" role="alert">
              {error}
            </div>
          ) : null}
          <button
            className="btn btn--primary btn--block"
            type="submit"
            disabled={busy || !email || !password}
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
