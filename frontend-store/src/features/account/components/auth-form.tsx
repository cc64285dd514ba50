'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { buttonClass, Field, FormError } from '@/features/forms/field';
import { ApiProblem } from '@/lib/client-api';
import { logIn, NotSignedInAfterRegistering, register } from '../session';

/** Where to go after signing in: a path on this site only, never another host. */
function safeNext(next: string | null) {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/account';
}

export function AuthForm({ mode }: { mode: 'login' | 'register' }) {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      if (mode === 'login') await logIn({ email, password });
      else await register({ email, password, name: String(data.get('name') ?? '').trim() });
      router.push(next);
    } catch (caught) {
      if (caught instanceof NotSignedInAfterRegistering) {
        setError(
          'We couldn’t sign you in with this email and password. If you already have an account, log in instead.',
        );
      } else if (caught instanceof ApiProblem) {
        setError(caught.status === 401 ? 'That email and password don’t match an account.' : caught.message);
        setFieldErrors(
          Object.fromEntries(
            ['email', 'password', 'name'].flatMap((field) => {
              const message = caught.fieldError(field);
              return message ? [[field, message]] : [];
            }),
          ),
        );
      } else setError('Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  const other = mode === 'login' ? '/account/register' : '/account/login';
  const query = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';
  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <FormError message={error} />
      {mode === 'register' && (
        <Field label="Full name" name="name" autoComplete="name" required error={fieldErrors.name} />
      )}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fieldErrors.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
        required
        minLength={mode === 'register' ? 10 : undefined}
        hint={mode === 'register' ? 'At least 10 characters.' : undefined}
        error={fieldErrors.password}
      />
      {mode === 'login' && (
        <p className="text-sm">
          <Link href="/account/forgot-password" className="text-blue-800 underline underline-offset-2">
            Forgot password?
          </Link>
        </p>
      )}
      <button type="submit" className={`${buttonClass} w-full`} disabled={busy}>
        {busy ? 'Please wait…' : mode === 'login' ? 'Log in' : 'Create account'}
      </button>
      <p className="text-sm text-slate-700">
        {mode === 'login' ? 'New here? ' : 'Already have an account? '}
        <Link href={`${other}${query}`} className="text-blue-800 underline underline-offset-2">
          {mode === 'login' ? 'Create an account' : 'Log in'}
        </Link>
      </p>
      {mode === 'login' && (
        <p className="text-sm text-slate-700">
          Ordered as a guest?{' '}
          <Link href="/orders/lookup" className="text-blue-800 underline underline-offset-2">
            Find your order
          </Link>
        </p>
      )}
    </form>
  );
}
