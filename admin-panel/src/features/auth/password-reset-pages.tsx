import type { MailAccepted } from '@shopstream/contracts';
import { messageOf } from '@shopstream/web-kit';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { Notice } from '../../lib/ui';

/** Asks for a reset link to the admin panel; the answer is the same for every email. */
export function ForgotPasswordPage() {
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api<MailAccepted>('/auth/password-reset', {
        method: 'POST',
        body: { email, app: 'admin' },
      });
      setSent(answer.message);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>Forgot your password?</h1>
      {sent ? (
        <>
          <Notice>{sent} The link works for an hour.</Notice>
          <p>
            <Link to="/login">Back to sign in</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Ask for a reset link">
          <p className="muted">We will email a link to choose a new password.</p>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="username" required />
          </div>
          {failure ? (
            <p role="alert" className="error">
              {failure}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send the link'}
          </button>
          <p>
            <Link to="/login">Back to sign in</Link>
          </p>
        </form>
      )}
    </main>
  );
}

/** Sets the new password with the mailed token; every session of the account ends. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    setFailure(null);
    try {
      await api('/auth/password-reset/confirm', { method: 'POST', body: { token, password } });
      setDone(true);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>Choose a new password</h1>
      {done ? (
        <>
          <Notice>Your password has been changed, and you have been signed out everywhere.</Notice>
          <p>
            <Link to="/login">Sign in with the new password</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Choose a new password">
          <div className="field">
            <label htmlFor="password">New password (at least 10 characters)</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
            />
          </div>
          {failure ? (
            <p role="alert" className="error">
              {failure}
            </p>
          ) : null}
          <button type="submit" disabled={busy || !token}>
            {busy ? 'Saving…' : 'Set the new password'}
          </button>
          <p>
            <Link to="/forgot-password">Ask for a new link</Link>
          </p>
        </form>
      )}
    </main>
  );
}
