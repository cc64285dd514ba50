import { type ReactNode, useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { auth } from '../../services';
import { ServiceFooter } from './login-page';
import { useAuth } from './use-auth';

/** Screens behind this are for staff: the session is restored from the refresh cookie, or it is the login page. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const state = useAuth();
  const location = useLocation();
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    if (auth.getState().status !== 'unknown') return;
    auth.restore().catch(() => setUnreachable(true));
  }, []);

  if (state.status === 'signed-in') return children;
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <>
      <div className="login" role="status">
        <h1>ShopStream Analytics</h1>
        {unreachable ? (
          <p className="notice notice-error">
            The sign-in service cannot be reached.{' '}
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setUnreachable(false);
                auth.restore().catch(() => setUnreachable(true));
              }}
            >
              Try again
            </button>
          </p>
        ) : (
          <p className="muted">Checking your session…</p>
        )}
      </div>
      <ServiceFooter />
    </>
  );
}
