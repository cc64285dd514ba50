'use client';

import type { AuthResponse, LoginRequest, RegisterRequest, User } from '@shopstream/contracts';
import { type AuthState, createAuthClient } from '@shopstream/web-kit';
import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { ApiProblem, type SendOptions, send } from '@/lib/client-api';
import { env } from '@/lib/env';

/**
 * The shopper's session, through web-kit's auth client: the access token lives only in memory, a reload
 * gets a new one from the API's httpOnly refresh cookie, and refreshes take a Web Lock shared by the
 * shop's tabs (each refresh token works once). A flag in localStorage says whether there is a session
 * to resume, so guests don't ask for one on every page.
 */
export type Session = { status: 'loading' } | { status: 'guest' } | { status: 'signed-in'; user: User };

const HINT = 'shopstream.signed-in';
const CHANGED = 'shopstream:session-changed';
const LOADING: Session = { status: 'loading' };
const GUEST: Session = { status: 'guest' };

const auth = createAuthClient({ apiUrl: env.NEXT_PUBLIC_API_URL, lockName: 'shopstream-store-auth-refresh' });

const sessionOf = (state: AuthState): Session =>
  state.status === 'signed-in'
    ? { status: 'signed-in', user: state.user }
    : state.status === 'unknown'
      ? LOADING
      : GUEST;

// One Session object per auth state, so React sees a stable snapshot between changes.
let session: Session = sessionOf(auth.getState());
auth.subscribe((state) => {
  session = sessionOf(state);
  try {
    if (session.status === 'signed-in') window.localStorage.setItem(HINT, '1');
    if (session.status === 'guest') window.localStorage.removeItem(HINT);
  } catch {}
  window.dispatchEvent(new Event(CHANGED));
});

/** Exchanges the refresh cookie for an access token, once at a time across the shop's tabs. */
export async function refreshSession(): Promise<Session> {
  await auth.restore().catch(() => auth.assumeSignedOut());
  return session;
}

/** Whether this browser had a session when it was last seen (the flag in localStorage). */
export function sessionHinted(): boolean {
  try {
    return window.localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}

/** Resolves the session of this page load: resumed from the refresh cookie, or guest. */
export function resumeSession(): Promise<Session> {
  if (session.status !== 'loading') return Promise.resolve(session);
  if (!sessionHinted()) {
    auth.assumeSignedOut();
    return Promise.resolve(session);
  }
  return refreshSession();
}

/** Signs in through `send`, so a refused login is an ApiProblem with the API's own field errors. */
export async function logIn(credentials: LoginRequest) {
  await auth.acceptSignIn((await send('/auth/login', { method: 'POST', body: credentials })) as AuthResponse);
}

/** Registering went through, but its password does not sign in: the email already had an account. */
export class NotSignedInAfterRegistering extends Error {
  constructor() {
    super('The account could not be signed in with this password');
    this.name = 'NotSignedInAfterRegistering';
  }
}

/**
 * The API answers registering the same for a new and a taken email, so the new account is signed in
 * with the password just chosen; a taken email's password does not match and nobody is signed in.
 */
export async function register(account: RegisterRequest) {
  await send('/auth/register', { method: 'POST', body: account });
  try {
    await logIn({ email: account.email, password: account.password });
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) throw new NotSignedInAfterRegistering();
    throw error;
  }
}

export const logOut = () => auth.logout();

/** Replaces the signed-in user (after a profile change). */
export const updateUser = (user: User) => auth.updateUser(user);

/**
 * Calls the API as the current shopper: with the access token when signed in, renewing it once
 * when it has expired.
 */
export async function authorized(path: string, options: SendOptions = {}): Promise<unknown> {
  const current = await resumeSession();
  const token = current.status === 'signed-in' ? await auth.getAccessToken().catch(() => null) : null;
  try {
    return await send(path, { ...options, token });
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 401 || !token) throw error;
    const renewed = (await auth.restore().catch(() => false)) ? await auth.getAccessToken() : null;
    if (!renewed) throw error;
    return send(path, { ...options, token: renewed });
  }
}

export async function authorizedParsed<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  options: SendOptions = {},
): Promise<z.infer<Schema>> {
  return schema.parse(await authorized(path, options));
}

function subscribe(listener: () => void) {
  const stop = auth.subscribe(listener);
  void resumeSession();
  return stop;
}

export const onSessionChange = (listener: () => void) => {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
};

/** The session; "loading" on the server and until it is known. */
export const useSession = () =>
  useSyncExternalStore(
    subscribe,
    () => session,
    () => LOADING,
  );
