import { zodResolver } from '@hookform/resolvers/zod';
import { LoginRequest } from '@shopstream/contracts';
import { messageOf } from '@shopstream/web-kit';
import { ServiceStatus } from '@shopstream/web-kit/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { env } from '../../lib/env';
import { useSession } from '../../lib/session';
import { Notice } from '../../lib/ui';

export function LoginPage() {
  const { user, login, signedOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string };
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<LoginRequest>({
    resolver: zodResolver(LoginRequest),
    defaultValues: { email: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  if (user && user.role !== 'customer') return <Navigate to={state.from ?? '/'} replace />;

  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await login(values.email, values.password);
      navigate(state.from ?? '/', { replace: true });
    } catch (error) {
      setFailure(messageOf(error));
    }
  });

  return (
    <main className="login">
      <h1>ShopStream Admin</h1>
      <p className="muted">
        Run the shop: products, inventory, orders and fulfilment, users. Staff and administrators only.
      </p>
      {signedOut && !failure ? <Notice>You are signed out.</Notice> : null}
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? 'email-error' : undefined}
            {...form.register('email')}
          />
          {errors.email ? (
            <span id="email-error" className="field-error">
              {errors.email.message}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'password-error' : undefined}
            {...form.register('password')}
          />
          {errors.password ? (
            <span id="password-error" className="field-error">
              {errors.password.message}
            </span>
          ) : null}
        </div>
        {failure ? (
          <p role="alert" className="error">
            {failure}
          </p>
        ) : null}
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
        <p>
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
      </form>
      <ServiceStatus name="Commerce API" url={env.VITE_API_URL} />
    </main>
  );
}
