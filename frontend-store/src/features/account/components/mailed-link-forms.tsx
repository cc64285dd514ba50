'use client';

import { MailAccepted, VerifyEmailResult } from '@shopstream/contracts/account-mail';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { buttonClass, Field, FormError } from '@/features/forms/field';
import { ApiProblem, send, sendParsed } from '@/lib/client-api';
import { refreshSession } from '../session';

const linkClass = 'text-blue-800 underline underline-offset-2';

function problemSentence(caught: unknown) {
  return caught instanceof ApiProblem ? caught.message : 'Something went wrong. Please try again.';
}

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const answer = await sendParsed('/auth/password-reset', MailAccepted, {
        method: 'POST',
        body: { email, app: 'storefront' },
      });
      setSent(answer.message);
    } catch (caught) {
      setError(problemSentence(caught));
    } finally {
      setBusy(false);
    }
  }

  if (sent)
    return (
      <div className="mt-6 space-y-4">
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          {sent} The link works for an hour.
        </p>
        <Link href="/account/login" className={linkClass}>
          Back to log in
        </Link>
      </div>
    );
  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <p className="text-slate-700">
        Enter the email of your account and we will send you a link to choose a new password.
      </p>
      <FormError message={error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <button type="submit" className={`${buttonClass} w-full`} disabled={busy}>
        {busy ? 'Please wait…' : 'Send the link'}
      </button>
    </form>
  );
}

/** Chooses a new password with the token of the mailed link; every session of the account ends. */
export function ResetPasswordForm() {
  const token = useSearchParams().get('token') ?? '';
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      await send('/auth/password-reset/confirm', { method: 'POST', body: { token, password } });
      setDone(true);
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.fieldError('token'))
        setError('This link has been used or has expired. Ask for a new one.');
      else if (caught instanceof ApiProblem && caught.fieldError('password'))
        setFieldError(caught.fieldError('password') ?? undefined);
      else setError(problemSentence(caught));
    } finally {
      setBusy(false);
    }
  }

  if (!token)
    return (
      <p className="mt-6">
        This page needs the link from the email.{' '}
        <Link href="/account/forgot-password" className={linkClass}>
          Ask for one
        </Link>
        .
      </p>
    );
  if (done)
    return (
      <div className="mt-6 space-y-4">
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          Your password has been changed, and you have been signed out everywhere.
        </p>
        <Link href="/account/login" className={linkClass}>
          Log in with the new password
        </Link>
      </div>
    );
  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <FormError message={error} />
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={fieldError}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={busy}>
        {busy ? 'Please wait…' : 'Set the new password'}
      </button>
      {error && (
        <Link href="/account/forgot-password" className={linkClass}>
          Ask for a new link
        </Link>
      )}
    </form>
  );
}

/** Confirms the email of the verification link as soon as the page opens. */
export function VerifyEmail() {
  const token = useSearchParams().get('token') ?? '';
  const [state, setState] = useState<{ ordersAdded: number } | { error: string } | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !token) return;
    started.current = true;
    sendParsed('/auth/verify-email', VerifyEmailResult, { method: 'POST', body: { token } }).then(
      async (result) => {
        // A signed-in tab still holds the unverified user: read it again so the account page agrees.
        await refreshSession().catch(() => undefined);
        setState({ ordersAdded: result.ordersAdded });
      },
      (caught) =>
        setState({
          error:
            caught instanceof ApiProblem && caught.fieldError('token')
              ? 'This link has been used or has expired.'
              : problemSentence(caught),
        }),
    );
  }, [token]);

  if (!token) return <p className="mt-6">This page needs the link from the email.</p>;
  if (!state) return <p className="mt-6 text-slate-700">Confirming your email…</p>;
  if ('error' in state)
    return (
      <p className="mt-6 text-red-800" role="alert">
        {state.error}
      </p>
    );
  return (
    <div className="mt-6 space-y-4">
      <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-green-900">
        Your email is confirmed.
        {state.ordersAdded > 0
          ? ` ${state.ordersAdded === 1 ? 'An order' : `${state.ordersAdded} orders`} you placed as a guest ${state.ordersAdded === 1 ? 'is' : 'are'} now in your account.`
          : ''}
      </p>
      <Link href="/account" className={linkClass}>
        Go to your account
      </Link>
    </div>
  );
}
