'use client';

import type { AuthResponse, LoginRequest, RegisterRequest, User } from '@shopstream/contracts';
import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { ApiProblem, type SendOptions, send } from '@/lib/client-api';

/**
 * The shopper's session. The access token lives only in memory; a reload gets a new one from the
 * API's httpOnly refresh cookie. A flag in localStorage says whether there is a session to resume,
 * so guests don't ask for one on every page.
 */
export type Session =
  | { status: 'loading' }
  | { status: 'guest' }
  | { status: 'signed-in'; user: User; accessToken: string };

const HINT = 'shopstream.signed-in';
const CHANGED = 'shopstream:session-changed';
const LOADING: Session = { status: 'loading' };
const GUEST: Session = { status: 'guest' };

let session: Session = LOADING;
let refreshing: Promise<Session> | null = null;
const listeners = new Set<() => void>();

function set(next: Session) {
  session = next;
  try {
    if (next.status === 'signed-in') window.localStorage.setItem(HINT, '1');
    if (next.status === 'guest') window.localStorage.removeItem(HINT);
  } catch {}
  for (const listener of listeners) listener();
  window.dispatchEvent(new Event(CHANGED));
}

const signedIn = (answer: AuthResponse): Session => ({
  status: 'signed-in',
  user: answer.user,
  accessToken: answer.accessToken,
});

/** Exchanges the refresh cookie for an access token, once at a time (each refresh token works once). */
export function refreshSession(): Promise<Session> {
  refreshing ??= (send('/auth/refresh', { method: 'POST' }) as Promise<AuthResponse>)
    .then(signedIn, () => GUEST)
    .then((next) => {
      set(next);
      return next;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Resolves the session of this page load: resumed from the refresh cookie, or guest. */
export function resumeSession(): Promise<Session> {
  if (session.status !== 'loading') return Promise.resolve(session);
  let hinted = false;
  try {
    hinted = window.localStorage.getItem(HINT) === '1';
  } catch {}
  if (!hinted) {
    set(GUEST);
    return Promise.resolve(GUEST);
  }
  return refreshSession();
}

export async function logIn(credentials: LoginRequest) {
  set(signedIn((await send('/auth/login', { method: 'POST', body: credentials })) as AuthResponse));
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

export async function logOut() {
  const token = session.status === 'signed-in' ? session.accessToken : null;
  set(GUEST);
  try {
    await send('/auth/logout', { method: 'POST', token });
  } catch {}
}

/** Replaces the signed-in user (after a profile change). */
export function updateUser(user: User) {
  if (session.status === 'signed-in') set({ ...session, user });
}

/**
 * Calls the API as the current shopper: with the access token when signed in, renewing it once
 * when it has expired.
 */
export async function authorized(path: string, options: SendOptions = {}): Promise<unknown> {
  const current = await resumeSession();
  const token = current.status === 'signed-in' ? current.accessToken : null;
  try {
    return await send(path, { ...options, token });
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 401 || !token) throw error;
    const renewed = await refreshSession();
    if (renewed.status !== 'signed-in') throw error;
    return send(path, { ...options, token: renewed.accessToken });
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
  listeners.add(listener);
  void resumeSession();
  return () => listeners.delete(listener);
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
