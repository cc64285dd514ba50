import { ServiceStatus } from '@shopstream/web-kit/react';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { env } from '../../lib/env';
import { auth } from '../../services';
import { ThemeToggle } from '../theme/theme-context';
import { AuthError, NOT_STAFF_MESSAGE } from './auth-client';
import { safeNext } from './next-path';
import { useAuth } from './use-auth';

// Theme colours (see styles.css), readable on the light and the dark background.
const STATUS_COLOURS = { reachable: 'var(--good)', unreachable: 'var(--bad)', checking: 'var(--text-muted)' };

export function LoginPage() {
  const state = useAuth();
  const [params] = useSearchParams();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  const notice =
    state.status === 'signed-out' && state.reason === 'expired'
      ? 'Your session has expired. Sign in again to go on.'
      : state.status === 'signed-out' && state.reason === 'signed-out'
        ? 'You are signed out.'
        : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await auth.login(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (caught) {
      setError(caught instanceof AuthError ? caught.message : 'Signing in failed. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="login">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <h1>ShopStream Analytics</h1>
          <ThemeToggle />
        </div>
        <p className="muted">Watch the shop live: visitors, sales, behaviour. For shop staff.</p>
        <form onSubmit={onSubmit} aria-describedby={error ? 'login-error' : undefined} key={location.key}>
          <h2 style={{ margin: 0, fontSize: '1.1rem' }}>Staff sign-in</h2>
          {notice && !error ? (
            <p className="notice notice-info" role="status">
              {notice}
            </p>
          ) : null}
          {error ? (
            <p id="login-error" className="notice notice-error" role="alert">
              {error}
            </p>
          ) : null}
          <label className="field">
            Email
            <input name="email" type="email" autoComplete="username" required maxLength={254} />
          </label>
          <label className="field">
            Password
            <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
          </label>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <p className="muted" style={{ margin: 0, fontSize: '0.85rem' }}>
            {NOT_STAFF_MESSAGE.split('. ')[0]}.
          </p>
        </form>
      </div>
      <ServiceFooter />
    </>
  );
}

/** Whether the two services answer; visible without signing in (the platform smoke test reads it). */
export function ServiceFooter() {
  return (
    <footer className="shell-footer">
      <ServiceStatus name="Commerce API" url={env.VITE_API_URL} everyMs={30_000} colours={STATUS_COLOURS} />
      <ServiceStatus
        name="Analytics service"
        url={env.VITE_ANALYTICS_URL}
        everyMs={30_000}
        colours={STATUS_COLOURS}
      />
    </footer>
  );
}
